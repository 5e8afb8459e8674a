import { describe, expect, it } from 'vitest';
import { compareGroups, compareRates, meanRates, parseRates } from '../../../scripts/validation/compare-rates.ts';

describe('compareRates', () => {
  it('gives exact log ratios, correlation and means', () => {
    // b = 2 a everywhere: |ln(a/b)| = ln 2, perfect correlation.
    const a = { 'V1-23E': 1, 'V1-23I': 2, 'V1-4E': 4 };
    const b = { 'V1-23E': 2, 'V1-23I': 4, 'V1-4E': 8 };
    const r = compareRates(a, b, ['a', 'b']);
    expect(r.nCommon).toBe(3);
    expect(r.nPositive).toBe(3);
    expect(r.meanAbsLogRatio).toBeCloseTo(Math.LN2, 14);
    expect(r.meanLogRatio).toBeCloseTo(-Math.LN2, 14);
    expect(r.pearson).toBeCloseTo(1, 14);
    expect(r.meanRateA).toBeCloseTo(7 / 3, 14);
    expect(r.meanRateB).toBeCloseTo(14 / 3, 14);
  });

  it('excludes zeros from the log ratios and ranks one-sided zeros worst', () => {
    const a = { x: 0, y: 0, z: 3, w: 1 };
    const b = { x: 5, y: 0, z: 3, w: Math.E };
    const r = compareRates(a, b, ['a', 'b'], 2);
    expect(r.zeroOneSide).toEqual(['x']);
    expect(r.zeroBoth).toEqual(['y']);
    expect(r.nPositive).toBe(2);
    expect(r.meanAbsLogRatio).toBeCloseTo(0.5, 14); // (|ln 1| + |ln(1/e)|) / 2
    expect(r.worst.map((d) => d.label)).toEqual(['x', 'w']);
    // Pearson over all common populations, zeros included: x = [0,0,3,1], y = [5,0,3,e].
    const xs = [0, 0, 3, 1];
    const ys = [5, 0, 3, Math.E];
    const mx = 1;
    const my = (8 + Math.E) / 4;
    const cov = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0);
    const vx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const vy = ys.reduce((s, y) => s + (y - my) ** 2, 0);
    expect(r.pearson).toBeCloseTo(cov / Math.sqrt(vx * vy), 12);
  });

  it('rejects bad input with the file, value and expectation', () => {
    expect(() => parseRates({ 'V1-23E': -1 }, 'r.json')).toThrow(/r\.json.*V1-23E.*-1.*>= 0/);
    expect(() => parseRates([1, 2], 'r.json')).toThrow(/r\.json.*expected an object/);
    expect(() => parseRates({ structure_vec: ['a', 'b'], rates: [1] }, 't.json')).toThrow(/2 labels.*1 values/);
    expect(() => compareRates({ a: 1 }, { b: 1 })).toThrow(/0 common populations/);
  });

  it('reads theory output (structure_vec, rates)', () => {
    expect(parseRates({ structure_vec: ['V1-23E', 'V1-23I'], rates: [1.5, 2] }, 't.json')).toEqual({ 'V1-23E': 1.5, 'V1-23I': 2 });
  });
});

describe('compareGroups', () => {
  it('computes pooled t statistics and an exact permutation p-value', () => {
    // One population; ln rates: group a = [0, 1], group b = [3, 4] -> means 0.5 and 3.5,
    // pooled variance (0.25 * 4) / 2 = 0.5, se = sqrt(0.5 * (1/2 + 1/2)) = sqrt(0.5), t = -3 / sqrt(0.5).
    const runsA = [{ p: 1 }, { p: Math.E }];
    const runsB = [{ p: Math.E ** 3 }, { p: Math.E ** 4 }];
    const g = compareGroups(runsA, runsB, ['a', 'b']);
    expect(g.nTested).toBe(1);
    expect(g.worst[0].logDiff).toBeCloseTo(-3, 12);
    expect(g.worst[0].t).toBeCloseTo(-3 / Math.sqrt(0.5), 12);
    expect(g.meanT2).toBeCloseTo(18, 10);
    // 6 labelings of 4 runs into 2 + 2: only the actual one and its mirror reach t^2 = 18.
    expect(g.nLabelings).toBe(6);
    expect(g.permutationP).toBeCloseTo(2 / 6, 14);
  });

  it('excludes populations with a zero rate in any run, and needs 2 runs per group', () => {
    const g = compareGroups([{ p: 1, q: 0 }, { p: 2, q: 1 }], [{ p: 1, q: 1 }, { p: 2, q: 1 }]);
    expect(g.excluded).toEqual(['q']);
    expect(g.meanT2).toBeCloseTo(0, 14);
    expect(g.permutationP).toBe(1);
    expect(() => compareGroups([{ p: 1 }], [{ p: 1 }, { p: 2 }])).toThrow(/at least 2 runs/);
  });

  it('averages rates over runs', () => {
    expect(meanRates([{ p: 1, q: 2 }, { p: 3 }])).toEqual({ p: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { correlationPeak, peakLagMatrix, temporalHierarchy } from '../../../analysis/index.ts';
import { seededUniform } from '../helpers.ts';

describe('correlation peaks and the temporal hierarchy (Fig. 7)', () => {
  it('finds the extremum of largest magnitude inside (-maxLag, maxLag)', () => {
    const lags = Array.from({ length: 201 }, (_, k) => k - 100);
    const bump = lags.map((t) => 2 * Math.exp(-((t - 7) ** 2) / 20) - 3 * Math.exp(-((t + 30) ** 2) / 40));
    expect(correlationPeak(lags, bump)).toEqual({ lag_ms: -30, value: bump[70] });
    expect(correlationPeak(lags, bump, 20).lag_ms).toBe(7); // the trough at -30 lies outside
    expect(correlationPeak(lags, lags).lag_ms).toBeNaN(); // monotonic: no extremum
  });

  it('recovers exact positions from M_ij = h_i - h_j and maps them onto [0, 1]', () => {
    const h = [3, -10, 25, 7];
    const labels = ['A', 'B', 'C', 'D'];
    const M = h.map((hi) => h.map((hj) => hi - hj));
    const r = temporalHierarchy({ labels, values: M });
    expect(r.order).toEqual(['B', 'A', 'D', 'C']);
    r.position.forEach((p, k) => expect(p).toBeCloseTo((h[labels.indexOf(r.order[k])] + 10) / 35, 12));
    expect(r.deviation_ms).toBeCloseTo(0, 9);
    expect(r.violations).toBe(0);
  });

  it('for a noisy complete antisymmetric M, positions equal the closed form mean_j M_ij (up to offset and scale)', () => {
    const u = seededUniform(2);
    const n = 6;
    const M = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) M[j][i] = -(M[i][j] = 40 * (u() - 0.5));
    const labels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const r = temporalHierarchy({ labels, values: M });
    const closed = M.map((row) => row.reduce((s, v) => s + v, 0) / n);
    const lo = Math.min(...closed);
    const span = Math.max(...closed) - lo;
    r.order.forEach((l, k) => expect(r.position[k]).toBeCloseTo((closed[labels.indexOf(l)] - lo) / span, 12));
    // Violations: pairs whose peak-lag sign disagrees with the order, counted directly.
    const pos = (l: string): number => r.position[r.order.indexOf(l)];
    let v = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (Math.sign(pos(labels[i]) - pos(labels[j])) !== Math.sign(M[i][j])) v++;
    expect(r.violations).toBe(v);
  });

  it('peak-lag matrix is antisymmetric and leaves excluded areas out', () => {
    const lags = Array.from({ length: 41 }, (_, k) => k - 20);
    const at = (d: number): number[] => lags.map((t) => Math.exp(-((t - d) ** 2) / 4));
    const values = [
      [at(0), at(5), at(-3)],
      [at(-5), at(0), at(2)],
      [at(3), at(-2), at(0)],
    ];
    const m = peakLagMatrix(['X', 'Y', 'Z'], lags, values, { exclude: ['Z'] });
    expect(m.values[0][1]).toBe(5);
    expect(m.values[1][0]).toBe(-5);
    expect(m.values[0][2]).toBeNaN();
    expect(m.values[2][2]).toBeNaN();
    const h = temporalHierarchy(m);
    expect(h.order).toEqual(['Y', 'X']);
    expect(() => temporalHierarchy({ labels: ['X'], values: [[0]] })).toThrow(/0 area\(s\) with finite peak lags/);
  });
});

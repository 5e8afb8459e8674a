import { describe, expect, it } from 'vitest';
import { intrinsicTimescale } from '../../../analysis/index.ts';
import { seededUniform } from '../helpers.ts';

describe('intrinsic time scale (autocorrelation decay)', () => {
  it('an AR(1) rate with coefficient phi has autocorrelation phi^k: tau = -b / ln(phi)', () => {
    const u = seededUniform(5);
    const phi = 0.9;
    const n = 400_000;
    const rate = new Float64Array(n);
    for (let t = 1; t < n; t++) rate[t] = phi * rate[t - 1] + (u() - 0.5);
    const r = intrinsicTimescale(rate, { fitTo_ms: 60 });
    const tau = -1 / Math.log(phi); // 9.49 ms
    expect(Math.abs(r.tau_ms - tau)).toBeLessThan(Math.max(4 * r.tauStdError_ms, 0.3));
    expect(r.lag_ms[0]).toBe(1);
    expect(r.autocorrelation[0]).toBeCloseTo(phi, 1);
    expect(r.fit.residuals).toHaveLength(60);
  });

  it('rejects a constant rate and an empty fit range', () => {
    expect(() => intrinsicTimescale(new Array(500).fill(3))).toThrow(/zero variance/);
    expect(() => intrinsicTimescale([1, 2, 3, 1, 2], { fitFrom_ms: 10, fitTo_ms: 5 })).toThrow(/fit range \[10, 5\]/);
  });
});

import { describe, expect, it } from 'vitest';
import { correlationSmoothingKernel, crossCorrelation, crossCorrelationMatrix } from '../../../analysis/index.ts';
import { seededUniform } from '../helpers.ts';

const u = seededUniform(9);
const n = 300;
const x = Array.from({ length: n }, () => u() * 10);
const y = Array.from({ length: n }, (_, t) => (t >= 3 ? x[t - 3] : 0) + u() * 5);

/** (1/T) sum_t x(t + m) y(t), circular, of mean-removed series; T = n b / 1000 s. */
function direct(a: number[], b: number[], m: number, bin = 1): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let s = 0;
  for (let t = 0; t < a.length; t++) s += (a[(((t + m) % a.length) + a.length) % a.length] - ma) * (b[t] - mb);
  return s / ((a.length * bin) / 1000);
}

describe('cross-correlation functions (compute_cross_correlation.py)', () => {
  it('unsmoothed: the circular correlation of the mean-removed series / T (s), at exact lags', () => {
    const c = crossCorrelation(y, x, { maxLag_ms: 10, smoothing: 'none' });
    expect(Array.from(c.lag_ms)).toEqual(Array.from({ length: 21 }, (_, k) => k - 10));
    c.lag_ms.forEach((lag, k) => expect(c.values[k]).toBeCloseTo(direct(y, x, lag), 9));
    // y follows x by 3 bins: the peak is at +3.
    let best = 0;
    c.values.forEach((v, k) => (v > c.values[best] ? (best = k) : 0));
    expect(c.lag_ms[best]).toBe(3);
    // Bin width enters T and the lag axis.
    const c2 = crossCorrelation(y, x, { binSize_ms: 2, maxLag_ms: 4, smoothing: 'none' });
    expect(Array.from(c2.lag_ms)).toEqual([-4, -2, 0, 2, 4]);
    expect(c2.values[3]).toBeCloseTo(direct(y, x, 1, 2), 9);
  });

  it("C_yx(tau) = C_xy(-tau); smoothing 'centred' and 'upstream' are the stated sums over the unsmoothed function", () => {
    const m = crossCorrelationMatrix([x, y], { maxLag_ms: 20, smoothing: 'none' });
    expect(Array.from(m.values[1][0])).toEqual(Array.from(m.values[0][1]).reverse());
    const g = (k: number): number => Math.exp(-(k * k) / 8) / (Math.sqrt(2 * Math.PI) * 2);
    const raw = (lag: number): number => direct(x, y, lag);
    const centred = crossCorrelation(x, y, { maxLag_ms: 20 });
    const upstream = crossCorrelation(x, y, { maxLag_ms: 20, smoothing: 'upstream' });
    for (const lag of [-7, 0, 4]) {
      let c = 0;
      for (let k = -5; k <= 5; k++) c += g(k) * raw(lag - k);
      expect(centred.values[lag + 20]).toBeCloseTo(c, 9);
      // numpy.convolve(g(-5..4), C, 'same'): taps at lags -4..5 with weights g(lag - 1).
      let up = 0;
      for (let d = -4; d <= 5; d++) up += g(d - 1) * raw(lag - d);
      expect(upstream.values[lag + 20]).toBeCloseTo(up, 9);
    }
    expect(correlationSmoothingKernel('upstream', 2, 1)?.weights).toHaveLength(10);
  });

  it('rejects unequal lengths and bad options by name', () => {
    expect(() => crossCorrelation([1, 2, 3], [1, 2])).toThrow(/series 1 has 2 samples; expected 3/);
    expect(() => crossCorrelation(x, y, { maxLag_ms: -1 })).toThrow(/maxLag_ms = -1/);
    expect(() => crossCorrelation(x, y, { smoothing: 'box' as never })).toThrow(/smoothing = 'box'/);
    expect(() => crossCorrelation([1, NaN], [1, 2])).toThrow(/series 0\[1\] = NaN/);
  });
});

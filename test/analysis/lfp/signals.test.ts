import { describe, expect, it } from 'vitest';
import { ratesToCounts, signalFromActivity, makeDistribution, integrateBeta } from '../../../analysis/index.ts';
import { fftConvolve } from '../../../analysis/lfp/signals.ts';
import { fromRows } from '../../../analysis/lfp/dense-matrix.ts';
import { integrateGL } from '../../../core/math/gauss-legendre.ts';
import { pyFloorDiv } from '../../../analysis/lfp/kernel-approx.ts';

describe('FFT convolution and signals from activity', () => {
  it('fftConvolve equals direct convolution', () => {
    const a = Array.from({ length: 37 }, (_, i) => Math.sin(i) + 0.1 * i);
    const b = Array.from({ length: 11 }, (_, i) => Math.exp(-i / 3));
    const full = fftConvolve(a, b);
    expect(full.length).toBe(47);
    for (let m = 0; m < full.length; m++) {
      let s = 0;
      for (let k = 0; k < b.length; k++) if (m - k >= 0 && m - k < a.length) s += b[k] * a[m - k];
      expect(full[m]).toBeCloseTo(s, 12);
    }
  });
  it('an impulse of spikes reproduces the kernel at its lags, and pairs add up', () => {
    // lags -2..2 steps of 0.5 ms
    const lags = [-1, -0.5, 0, 0.5, 1];
    const H1 = fromRows([[0, 0, 0, 1, 2], [0, 0, 0, -1, 3]]);
    const H2 = fromRows([[0, 0, 0, 10, 0], [0, 0, 0, 0, 10]]);
    const countsE = new Float64Array(10);
    countsE[4] = 2;
    const countsI = new Float64Array(10);
    countsI[6] = 1;
    const V = signalFromActivity({ E: countsE, I: countsI }, [
      { X: 'E', kernels: { lags, H: { lfp: H1 } } },
      { X: 'I', kernels: { lags, H: { lfp: H2 } } },
    ], 'lfp');
    expect(V.rows).toBe(2);
    const row0 = Array.from(V.data.subarray(0, 10), (v) => Math.round(v * 1e9) / 1e9 + 0);
    expect(row0).toEqual([0, 0, 0, 0, 0, 2, 4, 10, 0, 0]);
    const row1 = Array.from(V.data.subarray(10, 20), (v) => Math.round(v * 1e9) / 1e9 + 0);
    expect(row1).toEqual([0, 0, 0, 0, 0, -2, 6, 0, 10, 0]);
    expect(() => signalFromActivity({ E: countsE }, [{ X: 'I', kernels: { lags, H: { lfp: H1 } } }], 'lfp')).toThrow(/"I" has no spike counts/);
  });
  it('converts rates to spike counts per bin', () => {
    expect(Array.from(ratesToCounts([10, 20], 1000, 0.5))).toEqual([5, 10]);
  });
});

describe('distributions and helpers', () => {
  it('truncated normal densities integrate to 1 on their support', () => {
    // a = 9: a mass of 1e-19 that 1 - cdf(a) would lose entirely.
    for (const spec of [
      { fun: 'truncnorm', a: -2.2, b: null, loc: 1.3, scale: 0.5 },
      { fun: 'truncnorm', a: 0.5, b: 3, loc: 0, scale: 2 },
      { fun: 'truncnorm', a: 9, b: null, loc: 0, scale: 1 },
    ] as const) {
      const d = makeDistribution(spec);
      const lo = spec.loc + spec.a * spec.scale;
      const hi = spec.b === null ? spec.loc + 40 * spec.scale : spec.loc + spec.b * spec.scale;
      expect(integrateGL((x) => d.pdf(x), lo, hi, 50, 20)).toBeCloseTo(1, 12);
      expect(d.pdf(lo - 1e-9)).toBe(0);
    }
    expect(() => makeDistribution({ fun: 'norm', loc: 0, scale: 0 }, 'delay[0]')).toThrow(/delay\[0\]: .*scale = 0/);
  });
  it("floor division follows Python's float semantics", () => {
    expect(pyFloorDiv(100, 0.1)).toBe(999);
    expect(pyFloorDiv(100, 0.0625)).toBe(1600);
    expect(pyFloorDiv(-7, 2)).toBe(-4);
  });
  it('integrateBeta is the area under the peak-normalised double exponential', () => {
    const [t1, t2] = [0.2, 1.8];
    const tp = ((t1 * t2) / (t2 - t1)) * Math.log(t2 / t1);
    const peak = Math.exp(-tp / t2) - Math.exp(-tp / t1);
    expect(integrateGL((t) => (Math.exp(-t / t2) - Math.exp(-t / t1)) / peak, 0, 80, 400, 16)).toBeCloseTo(integrateBeta(t1, t2), 10);
  });
});

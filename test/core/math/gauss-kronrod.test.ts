import { describe, expect, it } from 'vitest';
import { integrate } from '../../../core/math/gauss-kronrod.ts';
import {
  meanConnectionProbabilityDisk,
  meanConnectionProbabilityPD14,
  roundHalfEven,
  seriesLog,
  C0,
  SIGMA_MM,
} from '../../../multiarea/model/intrinsic.ts';

describe('adaptive Gauss-Kronrod quadrature', () => {
  it('integrates smooth functions to machine precision', () => {
    expect(integrate(Math.sin, 0, Math.PI)).toBeCloseTo(2, 14);
    expect(integrate((x) => Math.exp(-x * x), -10, 10) / Math.sqrt(Math.PI)).toBeCloseTo(1, 14);
  });

  it('handles endpoint singularities of derivatives', () => {
    // int_0^1 (1 - x)^(3/2) dx = 2/5 and int_0^1 sqrt(x) dx = 2/3
    expect(Math.abs(integrate((x) => (1 - x) ** 1.5, 0, 1) - 0.4)).toBeLessThan(1e-14);
    expect(Math.abs(integrate((x) => Math.sqrt(x), 0, 1) - 2 / 3)).toBeLessThan(1e-13);
  });

  it('rejects infinite bounds with a message naming them', () => {
    expect(() => integrate(Math.exp, 0, Infinity)).toThrow(/bounds must be finite, got \[0, Infinity\]/);
  });
});

describe('disk-averaged Gaussian connection probability', () => {
  it('matches the large-disk expansion (Gaussian much narrower than the disk)', () => {
    // For R >> sigma, 4 phi - sin 4 phi = pi - 2 r / R + O((r/R)^3), so the mean is
    // 2 C0 / S * (pi sigma^2 - 2 sigma^3 sqrt(pi / 2) / R) up to O((sigma / R)^2) relative.
    const S = 1500;
    const R = Math.sqrt(S / Math.PI);
    const leading = (2 * C0 * Math.PI * SIGMA_MM ** 2) / S;
    const firstOrder = ((2 * C0) / S) * (Math.PI * SIGMA_MM ** 2 - (2 * SIGMA_MM ** 3 * Math.sqrt(Math.PI / 2)) / R);
    const value = meanConnectionProbabilityDisk(S);
    expect(Math.abs(value / firstOrder - 1)).toBeLessThan(2e-4);
    expect(Math.abs(value / leading - 1)).toBeGreaterThan(0.01);
  });

  it('PD14 averaging of the 1 mm^2 disk is close to the pairwise disk average', () => {
    const pd14 = meanConnectionProbabilityPD14();
    expect(pd14).toBeCloseTo(2 * Math.PI * C0 * SIGMA_MM ** 2 * (1 - Math.exp(-1 / (Math.PI * 2 * SIGMA_MM ** 2))), 15);
    expect(Math.abs(meanConnectionProbabilityDisk(1) / pd14 - 1)).toBeLessThan(0.3);
  });
});

describe('numerical helpers reproducing upstream arithmetic', () => {
  it('roundHalfEven rounds ties to even like Python', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });

  it('seriesLog is the truncated series of log(1 + x)', () => {
    expect(seriesLog(1e-9)).toBe(1e-9 - 1e-18 / 2 + 1e-27 / 3);
    expect(Math.abs(seriesLog(0.1) - Math.log1p(0.1))).toBeLessThan(1e-15);
    expect(seriesLog(0.1, 1)).toBe(0.1);
  });
});

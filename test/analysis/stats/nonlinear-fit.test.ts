import { describe, expect, it } from 'vitest';
import { EXPONENTIAL_DECAY, fitNonlinear, type NonlinearModel } from '../../../analysis/index.ts';
import { seededUniform } from '../helpers.ts';

const line: NonlinearModel = { names: ['a', 'b'], f: ([a, b], x) => a + b * x, jacobian: (_, x) => [1, x] };

describe('Levenberg-Marquardt fits with residuals and standard errors', () => {
  it('a straight line: parameters and standard errors equal the closed-form OLS ones', () => {
    const u = seededUniform(1);
    const x = Array.from({ length: 40 }, (_, i) => i / 4);
    const y = x.map((xi) => 2 - 0.7 * xi + (u() - 0.5));
    const fit = fitNonlinear(x, y, line, [0, 0]);
    const n = x.length;
    const mx = x.reduce((s, v) => s + v, 0) / n;
    const my = y.reduce((s, v) => s + v, 0) / n;
    const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const b = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / sxx;
    const a = my - b * mx;
    const rss = y.reduce((s, v, i) => s + (v - a - b * x[i]) ** 2, 0);
    const s2 = rss / (n - 2);
    expect(fit.parameters.a).toBeCloseTo(a, 9);
    expect(fit.parameters.b).toBeCloseTo(b, 9);
    expect(fit.rss).toBeCloseTo(rss, 9);
    expect(fit.standardErrors.b).toBeCloseTo(Math.sqrt(s2 / sxx), 9);
    expect(fit.standardErrors.a).toBeCloseTo(Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)), 9);
    expect(fit.residuals[3]).toBeCloseTo(y[3] - a - b * x[3], 9);
    expect(fit.degreesOfFreedom).toBe(38);
  });

  it('an exponential decay: exact data give the exact parameters; noisy data lie within a few standard errors', () => {
    const x = Array.from({ length: 60 }, (_, i) => i + 1);
    const exact = x.map((t) => 0.8 * Math.exp(-t / 12) + 0.05);
    const fit = fitNonlinear(x, exact, EXPONENTIAL_DECAY, [0.5, 5, 0]);
    expect(fit.parameters.tau_ms).toBeCloseTo(12, 8);
    expect(fit.parameters.A).toBeCloseTo(0.8, 8);
    expect(fit.rss).toBeLessThan(1e-20);
    const u = seededUniform(7);
    const noisy = exact.map((v) => v + 0.02 * (u() - 0.5));
    const f2 = fitNonlinear(x, noisy, EXPONENTIAL_DECAY, [0.5, 5, 0]);
    expect(Math.abs(f2.parameters.tau_ms - 12)).toBeLessThan(4 * f2.standardErrors.tau_ms);
    expect(f2.standardErrors.tau_ms).toBeGreaterThan(0);
  });

  it('rejects too few points and mismatched inputs', () => {
    expect(() => fitNonlinear([1, 2], [1, 2], line, [0, 0])).toThrow(/2 points for 2 parameters/);
    expect(() => fitNonlinear([1, 2, 3], [1, 2], line, [0, 0])).toThrow(/3 x values but 2 y values/);
    expect(() => fitNonlinear([1, 2, 3], [1, NaN, 2], line, [0, 0])).toThrow(/point 1/);
  });
});

import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../core/math/nelder-mead.ts';
import { newtonMinimize } from '../../../core/math/newton.ts';
import { normalQuantile } from '../../../core/math/normal.ts';
import { fitProbitGlm } from '../../../core/math/probit-glm.ts';

const rosenbrock = (x: Float64Array): number => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;

describe('nelderMead (R optim variant)', () => {
  it("follows R's optim(c(-1.2, 1), fr) on the Rosenbrock function (?optim example: 1.000260 1.000506, 8.825241e-08, 195 evaluations)", () => {
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.code).toBe(0);
    expect(result.evaluations).toBe(195);
    expect(Math.abs(result.x[0] - 1.00026)).toBeLessThan(5e-7);
    expect(Math.abs(result.x[1] - 1.000506)).toBeLessThan(5e-7);
    expect(Math.abs(result.value - 8.825241e-8) / 8.825241e-8).toBeLessThan(1e-6);
  });

  it('reports the evaluation limit (code 1) and treats non-finite values as very large', () => {
    expect(nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 20 }).code).toBe(1);
    const bowlInPositiveQuadrant = (x: Float64Array): number =>
      x[0] > 0 && x[1] > 0 ? (Math.log(x[0]) - 1) ** 2 + (Math.log(x[1]) + 1) ** 2 : NaN;
    const result = nelderMead(bowlInPositiveQuadrant, [0.5, 0.5], { relativeTolerance: 1e-14 });
    expect(result.x[0]).toBeCloseTo(Math.E, 5);
    expect(result.x[1]).toBeCloseTo(1 / Math.E, 5);
    expect(() => nelderMead(() => NaN, [1])).toThrow(/objective is NaN at the start \[1\]/);
  });
});

describe('newtonMinimize', () => {
  it('finds the minimum of a smooth convex function to gradient precision', () => {
    const f = (x: Float64Array): number => Math.exp(x[0] - 1) - x[0] + (x[1] + 2) ** 4 + (x[1] + 2) ** 2 + 0.5 * x[0] * x[1];
    const g = (x: Float64Array): Float64Array =>
      Float64Array.of(Math.exp(x[0] - 1) - 1 + 0.5 * x[1], 4 * (x[1] + 2) ** 3 + 2 * (x[1] + 2) + 0.5 * x[0]);
    const result = newtonMinimize(f, g, [0, 0]);
    expect(result.converged).toBe(true);
    expect(Math.max(...Array.from(result.gradient, Math.abs))).toBeLessThan(1e-10);
  });
});

describe('fitProbitGlm', () => {
  it('with two covariate values, fits Phi(a + b x) exactly through both observed proportions', () => {
    // Saturated model: the MLE interpolates the observed proportions.
    const design = [[1, 0], [1, 0], [1, 2], [1, 2]];
    const successes = [30, 10, 90, 60];
    const trials = [100, 100, 100, 100];
    const fit = fitProbitGlm(design, successes, trials, { tolerance: 1e-14, maxIterations: 100 });
    const a = normalQuantile(40 / 200);
    const b = (normalQuantile(150 / 200) - a) / 2;
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(a, 9);
    expect(fit.coefficients[1]).toBeCloseTo(b, 9);
  });

  it('rejects a rank-deficient design and data without any trials', () => {
    expect(() => fitProbitGlm([[1, 1], [1, 1], [1, 1]], [1, 2, 3], [5, 5, 5])).toThrow(/linearly dependent/);
    expect(() => fitProbitGlm([[1, 0]], [0], [0])).toThrow(/no observation with trials > 0/);
  });
});

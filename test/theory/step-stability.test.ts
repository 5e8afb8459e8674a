/** Stability of the pseudo-time step: the exact condition |P1 + P2 lambda| < 1, checked against integrations. */
import { describe, expect, it } from 'vitest';
import { diagnoseUnsettled, recommendedDt, stepStability, Theory } from '../../theory/index.ts';
import { toyModel } from '../helpers/toy-rate-model.ts';

/** A spectrum sorted by decreasing real part, as theory/stability.ts returns it. */
function spectrumOf(eigs: [number, number][]) {
  const sorted = [...eigs].sort((a, b) => b[0] - a[0]);
  return { real: Float64Array.from(sorted, (e) => e[0]), imag: Float64Array.from(sorted, (e) => e[1]), lambdaMax: sorted[0][0] };
}

const growth = (dt: number, re: number, im: number) => {
  const P1 = Math.exp(-dt);
  return Math.hypot(P1 + (1 - P1) * re, (1 - P1) * im);
};

describe('stepStability', () => {
  it('the largest stable step is where the limiting eigenvalue reaches |P1 + P2 lambda| = 1', () => {
    const spec = spectrumOf([[0.5, 0], [-19, 0], [-5, 30], [-5, -30], [-1, 2]]);
    const s = stepStability(spec, 0.1);
    // The limit is min over eigenvalues of q = 2 (1 - Re) / |lambda - 1|^2 (here -5 +- 30i: q = 12/936), dt = -ln(1 - q).
    expect(s.largestStableDt_ms).toBeCloseTo(-Math.log(1 - 12 / 936), 14);
    expect(growth(s.largestStableDt_ms, -5, 30)).toBeCloseTo(1, 12);
    for (const [re, im] of [[0.5, 0], [-19, 0], [-1, 2]]) expect(growth(s.largestStableDt_ms, re, im)).toBeLessThan(1);
    expect(s.stepTooCoarse).toBe(true);
    expect(s.eigenvalue.re).toBe(-5);
    expect(s.growthFactor).toBeCloseTo(growth(0.1, -5, 30), 14);
    const below = stepStability(spec, 0.99 * s.largestStableDt_ms);
    expect(below.stepTooCoarse).toBe(false);
    expect(below.growthFactor).toBeLessThan(1);
    expect(stepStability(spec, 1.01 * s.largestStableDt_ms).stepTooCoarse).toBe(true);
  });

  it('an eigenvalue with Re lambda >= 1 grows at every step and limits no step size', () => {
    const s = stepStability(spectrumOf([[1.5, 0], [0.2, 0.1]]), 0.1);
    expect(s.largestStableDt_ms).toBe(Infinity);
    expect(s.stepTooCoarse).toBe(false);
    expect(s.growthFactor).toBeGreaterThan(1);
    expect(s.eigenvalue.re).toBe(1.5);
  });

  it('recommends the power of ten at or below half the largest stable step', () => {
    expect(recommendedDt(0.048)).toBe(0.01);
    expect(recommendedDt(0.105)).toBe(0.01);
    expect(recommendedDt(0.25)).toBe(0.1);
    expect(recommendedDt(3)).toBe(1);
  });

  it('predicts whether an integration started next to a stable fixed point settles (toy network)', () => {
    // Strong inhibition puts eigenvalues of G far left: the step limit is ~0.66 ms at its fixed point.
    const model = toyModel({ gI: -20 });
    const fine = new Theory(model, { dt: 0.01, T: 100 });
    const fp = fine.fixedPoint(fine.integrateSiegert().runs[0].final);
    expect(fp.converged).toBe(true);
    const { spectrum, lambdaMax } = fine.stability(fp.rates);
    expect(lambdaMax).toBeLessThan(1);
    const limit = stepStability(spectrum, 0.1).largestStableDt_ms;
    expect(limit).toBeGreaterThan(0.3);
    expect(limit).toBeLessThan(1);
    const start = Array.from(fp.rates, (r, i) => r * (1 + 0.01 * (i % 2 === 0 ? 1 : -1)));
    const runAt = (dt: number) => {
      const theory = new Theory(model, { dt, T: 200 * dt, initial_rates: start });
      return { theory, run: theory.integrateSiegert().runs[0] };
    };
    const stable = runAt(0.9 * limit).run;
    expect(stable.converged).toBe(true);
    expect(Math.max(...Array.from(stable.final, (r, i) => Math.abs(r - fp.rates[i])))).toBeLessThan(1e-6);
    const coarse = runAt(1.1 * limit);
    expect(coarse.run.converged).toBe(false);
    // The diagnosis of that run names the step, and Newton's method from its end state finds the fixed point.
    const d = diagnoseUnsettled(coarse.theory, coarse.run.final);
    expect(d.step.stepTooCoarse).toBe(true);
    expect(d.suggestedDt_ms).toBe(recommendedDt(d.step.largestStableDt_ms));
    expect(d.newton.converged).toBe(true);
    expect(Math.max(...Array.from(d.newton.rates, (r, i) => Math.abs(r - fp.rates[i])))).toBeLessThan(1e-6);
    expect(d.newton.lambdaMax).toBeCloseTo(lambdaMax, 8);
  });
});

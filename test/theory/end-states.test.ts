/**
 * Convergence of the pseudo-time integration (last change over the final 1 ms) and the sorting of end
 * states into distinct fixed points and unsettled runs, on small networks with exact answers.
 */
import { describe, expect, it } from 'vitest';
import {
  CONVERGENCE_TOL_HZ,
  CONVERGENCE_WINDOW_MS,
  distinctFixedPoints,
  integrateRates,
  solveFixedPoint,
  Theory,
  transfer,
  type TheoryModel,
} from '../../theory/index.ts';
import { BISTABLE_TOY, toyModel } from '../helpers/toy-rate-model.ts';


describe('convergence of the integration', () => {
  it('is the largest range of a rate within the last 1 ms, whatever the recording interval', () => {
    const theory = new Theory(toyModel(), { T: 4, initial_rates: [30, 5, 20, 1] });
    const run = theory.integrateSiegert().runs[0]; // recorded every dt = 0.1 ms
    expect(CONVERGENCE_WINDOW_MS).toBe(1);
    expect(run.convergenceWindow_ms).toBe(1);
    const k = run.times.length - 1;
    expect(run.times[k] - run.times[k - 10]).toBeCloseTo(1, 12);
    const lastMs = run.rates.map((r) => Array.from(r.subarray(k - 10)));
    const fromTrajectory = Math.max(...lastMs.map((r) => Math.max(...r) - Math.min(...r)));
    expect(run.lastChange_Hz).toBe(fromTrajectory);
    expect(run.lastChange_Hz).toBeGreaterThan(0);
    const sparse = new Theory(toyModel(), { T: 4, rec_interval: 2, initial_rates: [30, 5, 20, 1] }).integrateSiegert().runs[0];
    expect(sparse.times).toEqual([0, 2, 4]);
    expect(sparse.lastChange_Hz).toBe(run.lastChange_Hz);
    expect(run.converged).toBe(run.lastChange_Hz < CONVERGENCE_TOL_HZ);
  });

  it('equals the closed form of relaxation towards a constant Phi', () => {
    // Without recurrent input Phi = c is constant: after the first step (no input yet, nu_1 = P1 nu_0)
    // nu_k - c = P1^(k-1) (nu_1 - c), so over the last w steps |Delta nu| = |nu_1 - c| P1^(N-1-w) (1 - P1^w).
    const theory = new Theory(toyModel({ recurrent: false }), { T: 12, initial_rates: [50, 50, 0, 0] });
    const c = new Float64Array(4);
    transfer(theory.network, new Float64Array(4), c);
    const P1 = Math.exp(-0.1);
    const run = theory.integrateSiegert().runs[0];
    const expected = Math.max(...[50, 50, 0, 0].map((nu0, i) => Math.abs(P1 * nu0 - c[i]) * P1 ** (120 - 1 - 10) * (1 - P1 ** 10)));
    expect(run.lastChange_Hz).toBeCloseTo(expected, 12);
    expect(run.converged).toBe(expected < 1e-3);
    // A longer integration comes within the tolerance.
    const long = new Theory(toyModel({ recurrent: false }), { T: 20, initial_rates: [50, 50, 0, 0] }).integrateSiegert().runs[0];
    expect(long.lastChange_Hz).toBeLessThan(CONVERGENCE_TOL_HZ);
    expect(long.converged).toBe(true);
    expect(run.converged).toBe(false);
  });

  it('sees an oscillation whose period divides the window, which the end-to-end difference misses', () => {
    // One strongly self-inhibiting population: nu <- P1 nu + P2 Phi(nu) settles on a 2-step cycle.
    const K = [[2000, 8000]];
    const J = [[-1, 0.15]];
    const model: TheoryModel = {
      arrays: {
        areaList: ['A'], structure: { A: ['I'] }, structureVec: ['A-I'], N: [100], K,
        synapses: [[200000, 800000]], W: J, W_sd: [], J, addDC: [0], distances: {},
      },
      params: toyModel().params,
    };
    const run = new Theory(model, { T: 30, initial_rates: [50] }).integrateSiegert().runs[0];
    const x = run.rates[0];
    const k = x.length - 1;
    expect(Math.abs(x[k] - x[k - 10])).toBeLessThan(1e-9); // same phase of the cycle 1 ms apart
    expect(Math.abs(x[k] - x[k - 1])).toBeGreaterThan(0.4); // but it swings every step
    expect(run.lastChange_Hz).toBe(Math.max(...x.subarray(k - 10)) - Math.min(...x.subarray(k - 10)));
    expect(run.converged).toBe(false);
  });

  it('uses the whole integration when T is shorter than 1 ms, and takes another tolerance', () => {
    const theory = new Theory(toyModel(), { T: 0.3, initial_rates: [1, 2, 3, 4] });
    const run = theory.integrateSiegert().runs[0];
    expect(run.convergenceWindow_ms).toBe(0.3);
    expect(run.lastChange_Hz).toBe(Math.max(...run.rates.map((r) => Math.max(...r) - Math.min(...r))));
    const loose = integrateRates(theory.network, [1, 2, 3, 4], { T: 0.3, dt: 0.1, recInterval: 0.1, convergenceTol_Hz: 1e6 });
    expect([loose.converged, loose.convergenceTol_Hz]).toEqual([true, 1e6]);
    expect(() => integrateRates(theory.network, [1, 2, 3, 4], { T: 1, dt: 0.1, recInterval: 0.1, convergenceTol_Hz: 0 })).toThrow(
      /convergenceTol_Hz: got 0; expected a number > 0 \(spikes\/s\)/,
    );
  });
});

describe('distinctFixedPoints', () => {
  it('finds the low and the high state of a bistable network, each a Newton fixed point', () => {
    // The low state's basin is small (near zero rates): draw initial rates below 5 spikes/s.
    const spec = { initial_rates: 'random_uniform', initial_rates_iter: 8, initial_rates_max: 5, initial_rates_seed: 3, T: 300 };
    const theory = new Theory(toyModel(BISTABLE_TOY), spec);
    const { runs } = theory.integrateSiegert();
    expect(runs.every((r) => r.converged)).toBe(true);
    const { fixedPoints, unsettled } = distinctFixedPoints(runs);
    expect(unsettled).toEqual([]);
    expect(fixedPoints.length).toBe(2);
    expect(fixedPoints.flatMap((fp) => fp.runs).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const [a, b] = fixedPoints.map((fp) => fp.rates[0]).sort((x, y) => x - y);
    expect(b - a).toBeGreaterThan(10);
    for (const fp of fixedPoints) {
      const newton = solveFixedPoint(theory.network, fp.rates);
      expect(newton.converged).toBe(true);
      fp.rates.forEach((r, i) => expect(Math.abs(r - newton.rates[i])).toBeLessThan(1e-3));
      for (const k of fp.runs) runs[k].final.forEach((r, i) => expect(Math.abs(r - fp.rates[i])).toBeLessThanOrEqual(1e-3));
      expect(fp.lastChange_Hz).toBe(Math.max(...fp.runs.map((k) => runs[k].lastChange_Hz)));
      expect(theory.stability(fp.rates).lambdaMax).toBeLessThan(1);
    }
  });

  it('never counts a run that has not settled as a fixed point', () => {
    const spec = { initial_rates: 'random_uniform', initial_rates_iter: 4, initial_rates_max: 400, initial_rates_seed: 3, T: 3 };
    const { runs } = new Theory(toyModel(BISTABLE_TOY), spec).integrateSiegert();
    expect(runs.every((r) => !r.converged && r.lastChange_Hz > 1)).toBe(true);
    expect(distinctFixedPoints(runs)).toEqual({ fixedPoints: [], unsettled: [0, 1, 2, 3] });
  });

  it('separates end states by the tolerance in every population', () => {
    const run = (rates: number[]) => ({ final: Float64Array.from(rates), converged: true, lastChange_Hz: 1e-4 }) as any;
    const runs = [run([1, 2]), run([1.0005, 2]), run([1, 2.002]), { ...run([1, 2]), converged: false }];
    expect(distinctFixedPoints(runs).fixedPoints.map((fp) => fp.runs)).toEqual([[0, 1], [2]]);
    expect(distinctFixedPoints(runs).unsettled).toEqual([3]);
    expect(distinctFixedPoints(runs, 0.01).fixedPoints.map((fp) => fp.runs)).toEqual([[0, 1, 2]]);
    expect(distinctFixedPoints(runs, 0).fixedPoints.length).toBe(3);
    expect(() => distinctFixedPoints(runs, -1)).toThrow(/tol_Hz: got -1; expected a number >= 0 \(spikes\/s\)/);
  });
});

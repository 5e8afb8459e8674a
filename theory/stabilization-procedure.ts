/**
 * The iterative procedure around `stabilize` (Schuecker, Schmidt et al. 2017; upstream
 * figures/SchueckerSchmidt2017/stabilization.py): raise the external drive onto 5E and 6E together
 * (fac_6E = 10/3 fac_5E - 7/3) until the network, started at zero rates, jumps to the high-activity
 * state; locate the unstable fixed point (saddle) that the trajectories pass near the transition;
 * and change the indegrees so that the target drive keeps that saddle in place.
 *
 * Differences from upstream's script: the transition is located by bisection instead of grids of
 * decreasing spacing, and the saddle by Newton's method started at the slowest point of the
 * trajectory just above the transition, instead of picking velocity minima by hand.
 */
import { splitPopulationLabel } from '../multiarea/index.ts';
import type { TheoryModel } from './rate-network.ts';
import { Theory } from './theory.ts';
import type { Trajectory } from './rate-dynamics.ts';
import { stabilize, type StabilizationResult } from './stabilize.ts';
import type { FixedPointResult } from './fixed-point.ts';
import type { SlopeConvention } from './stability.ts';

/** Coupled 6E factor of the procedure. */
export function factor6E(f5: number): number {
  return (10 / 3) * f5 - 7 / 3;
}

/**
 * The model with its external indegrees onto 5E and 6E multiplied by f5 and f6 (relative to the
 * given model), and optionally its internal indegrees replaced by K (n x n).
 */
export function withDrive(model: TheoryModel, f5: number, f6: number, K?: number[][]): TheoryModel {
  const { arrays } = model;
  const n = arrays.structureVec.length;
  const newK = arrays.K.map((row, i) => {
    const out = K ? [...K[i], row[n]] : row.slice();
    const { pop } = splitPopulationLabel(arrays.structureVec[i]);
    if (pop === '5E') out[n] *= f5;
    if (pop === '6E') out[n] *= f6;
    return out;
  });
  return { arrays: { ...arrays, K: newK }, params: model.params };
}

function meanFinal(run: Trajectory): number {
  let s = 0;
  for (const r of run.final) s += r;
  return s / run.final.length;
}

export interface Transition {
  /** Largest f5 found that stays low, smallest that goes high. */
  fLow: number;
  fHigh: number;
  low: Trajectory;
  high: Trajectory;
}

/**
 * Bisection for the drive factor at which the zero-rate trajectory switches from the low to the
 * high state (mean final rate above `threshold` spikes/s).
 */
export function findTransition(
  model: TheoryModel,
  theorySpec: Record<string, unknown>,
  range: [number, number] = [1, 1.2],
  tol = 1e-5,
  threshold = 20,
): Transition {
  const run = (f5: number) => new Theory(withDrive(model, f5, factor6E(f5)), theorySpec).integrateSiegert().runs[0];
  let [a, b] = range;
  let low = run(a);
  let high = run(b);
  if (meanFinal(low) > threshold || meanFinal(high) <= threshold) {
    throw new Error(
      `findTransition: mean rates ${meanFinal(low).toFixed(2)} at fac_nu_ext_5E = ${a} and ${meanFinal(high).toFixed(2)} at ${b} spikes/s; expected low (<= ${threshold}) then high`,
    );
  }
  while (b - a > tol) {
    const m = 0.5 * (a + b);
    const r = run(m);
    if (meanFinal(r) > threshold) [b, high] = [m, r];
    else [a, low] = [m, r];
  }
  return { fLow: a, fHigh: b, low, high };
}

/** Max-norm of the rate change per recorded step along a trajectory. */
function speeds(run: Trajectory): Float64Array {
  const k = run.rates[0].length;
  const v = new Float64Array(k - 1);
  for (const r of run.rates) for (let t = 0; t < k - 1; t++) v[t] = Math.max(v[t], Math.abs(r[t + 1] - r[t]));
  return v;
}

/**
 * The saddle near which the trajectories on both sides of the transition linger before they part:
 * Newton's method from the slowest points (local minima of the speed) of both trajectories before
 * they diverge (max-norm difference above 1 spikes/s), slowest first, then from evenly spaced
 * points of the high-side trajectory; the first converged point that is not the low end state is
 * returned (or the last attempt, unconverged).
 */
export function findSaddle(
  theory: Theory,
  transition: Transition,
  maxAttempts = 8,
): FixedPointResult & { guessIndex: number } {
  const { low, high } = transition;
  let diverge = high.rates[0].length - 1;
  for (let t = 0; t < diverge; t++) {
    let d = 0;
    for (let i = 0; i < high.rates.length; i++) d = Math.max(d, Math.abs(high.rates[i][t] - low.rates[i][t]));
    if (d > 1) {
      diverge = t;
      break;
    }
  }
  // skip the initial transient: the first tenth of the time before divergence
  const from = Math.max(1, Math.floor(diverge * 0.1));
  const candidates: { run: Trajectory; t: number; speed: number }[] = [];
  for (const run of [high, low]) {
    const v = speeds(run);
    for (let t = from; t < diverge; t++) {
      if (v[t] <= v[t - 1] && (t + 1 >= v.length || v[t] <= v[t + 1])) candidates.push({ run, t, speed: v[t] });
    }
  }
  candidates.sort((a, b) => a.speed - b.speed);
  // then evenly spaced points of the high-side trajectory, for slow drifts without a clear minimum
  const tried = candidates.slice(0, maxAttempts);
  for (let k = 1; k <= maxAttempts; k++) {
    tried.push({ run: high, t: from + Math.floor(((diverge - from) * k) / (maxAttempts + 1)), speed: 0 });
  }
  let last: (FixedPointResult & { guessIndex: number }) | null = null;
  for (const c of tried) {
    const guess = c.run.rates.map((r) => r[c.t]);
    const fp = theory.fixedPoint(guess, { maxIter: 100, tol: 1e-9 });
    last = { ...fp, guessIndex: c.t };
    const isLow = fp.rates.every((r, i) => Math.abs(r - low.final[i]) < 0.1);
    if (fp.converged && !isLow) return last;
  }
  if (!last) throw new Error('findSaddle: the trajectories have no slow point before they diverge');
  return last;
}

export interface StabilizationIteration {
  transition: Transition;
  saddle: FixedPointResult & { guessIndex: number };
  lambdaMaxAtSaddle: number;
  result: StabilizationResult;
}

/** One iteration: transition, saddle and indegree change towards the target drive `fTarget`. */
export function stabilizationIteration(
  model: TheoryModel,
  theorySpec: Record<string, unknown>,
  fTarget = 1.2,
  range: [number, number] = [1, 1.2],
  convention: SlopeConvention = 'exact',
): StabilizationIteration {
  const transition = findTransition(model, theorySpec, range);
  const theory = new Theory(withDrive(model, transition.fLow, factor6E(transition.fLow)), theorySpec);
  const saddle = findSaddle(theory, transition);
  if (!saddle.converged) {
    throw new Error(`stabilizationIteration: Newton did not converge to the saddle (residual ${saddle.residual} spikes/s)`);
  }
  const target = new Theory(withDrive(model, fTarget, factor6E(fTarget)), theorySpec);
  const result = stabilize(theory, target, saddle.rates, convention);
  return { transition, saddle, lambdaMaxAtSaddle: result.criticalEigenvalue.re, result };
}

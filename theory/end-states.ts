/**
 * The end states of integrations from many initial conditions (`initial_rates: 'random_uniform'`),
 * sorted into distinct fixed points and runs that did not settle. Only converged runs (see
 * rate-dynamics.ts: no rate changed by CONVERGENCE_TOL_HZ over the last CONVERGENCE_WINDOW_MS) end at a
 * fixed point; the others are listed apart, never counted as fixed points.
 *
 *   const { runs } = theory.integrateSiegert();
 *   const { fixedPoints, unsettled } = distinctFixedPoints(runs);
 */
import type { Trajectory } from './rate-dynamics.ts';

/** End states whose rates agree within this (spikes/s) in every population are the same fixed point. */
export const SAME_FIXED_POINT_TOL_HZ = 1e-3;

export interface DistinctFixedPoint {
  /** Rates (spikes/s) at the end of the first run that reached it. */
  rates: Float64Array;
  /** Indices of the runs that ended there (ascending). */
  runs: number[];
  /** Largest last change (spikes/s over the convergence window) among those runs. */
  lastChange_Hz: number;
}

export interface EndStates {
  /** Distinct fixed points, in the order in which runs first reached them. */
  fixedPoints: DistinctFixedPoint[];
  /** Indices of the runs that did not converge: their rates at T are not fixed points. */
  unsettled: number[];
}

/** Whether two rate vectors agree within `tol_Hz` (spikes/s) in every population. */
function sameRates(a: Float64Array, b: Float64Array, tol_Hz: number): boolean {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= tol_Hz)) return false;
  return true;
}

/**
 * Groups the converged runs by their end state: a run joins the first fixed point whose rates (those of
 * its first run) agree with its own within `tol_Hz` in every population, else it starts a new one.
 */
export function distinctFixedPoints(runs: readonly Trajectory[], tol_Hz: number = SAME_FIXED_POINT_TOL_HZ): EndStates {
  if (!(tol_Hz >= 0 && Number.isFinite(tol_Hz))) {
    throw new Error(`tol_Hz: got ${tol_Hz}; expected a number >= 0 (spikes/s)`);
  }
  const fixedPoints: DistinctFixedPoint[] = [];
  const unsettled: number[] = [];
  runs.forEach((run, k) => {
    if (!run.converged) {
      unsettled.push(k);
      return;
    }
    const match = fixedPoints.find((fp) => sameRates(fp.rates, run.final, tol_Hz));
    if (match) {
      match.runs.push(k);
      match.lastChange_Hz = Math.max(match.lastChange_Hz, run.lastChange_Hz);
    } else {
      fixedPoints.push({ rates: run.final, runs: [k], lastChange_Hz: run.lastChange_Hz });
    }
  });
  return { fixedPoints, unsettled };
}

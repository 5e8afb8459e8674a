/**
 * When a delay is valid, decided once for every backend: a fixed delay (ms) is valid iff it rounds to
 * at least one time step, which is how NEST converts and checks a connection's delay
 * (round(delay x steps per ms), halves up; nestkernel delay_checker.cpp).
 */

/** NEST's delay (ms) of a connection made without one; upstream connects the external Poisson drive so. */
export const NEST_DEFAULT_DELAY_MS = 1.0;

/** The delay in time steps; `what` names the connection in the error for a delay below one step. */
export function delayToSteps(what: string, delay_ms: number, dt_ms: number): number {
  // dt is 1 ms over a whole number (simulation-params.ts), as NEST's resolutions are.
  const steps = Math.round(delay_ms * Math.round(1 / dt_ms));
  if (!(steps >= 1)) throw new Error(`${what}: delay ${delay_ms} ms rounds to ${steps} time steps of dt = ${dt_ms} ms; expected at least 1 step`);
  return steps;
}

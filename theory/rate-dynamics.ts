/**
 * Pseudo-time integration of the rate dynamics  tau d nu/dt = -nu + Phi(mu(nu), sigma(nu)),
 * with exactly the update rule of NEST's siegert_neuron network that upstream's theory builds, so
 * that trajectories (not only fixed points) are comparable:
 *   nu <- P1 nu + P2 Phi(mu, sigma),  P1 = exp(-dt/tau), P2 = 1 - P1,  tau = 1 ms,
 * where mu, sigma are computed from the rates of the previous step. In NEST the rates travel as
 * secondary events that arrive one step later, so in the very first step every population sees
 * no input at all (mu = sigma = 0, Phi = 0) and its initial rate just decays by P1.
 * NEST's siegert_neuron also returns 0 when theta - mu > 6 sigma (a rate below ~1e-16 spikes/s);
 * we evaluate Phi there too (it is exact and tiny), which changes nothing measurable.
 *
 * Whether the integration reached a fixed point is measured on the state itself, whatever the
 * recording interval: the largest range (max - min) of any rate over the last CONVERGENCE_WINDOW_MS
 * (1 ms, one time constant) of pseudo-time, steps at both ends included. For a monotone approach this
 * is |rate(T) - rate(T - 1 ms)|; unlike that difference it also sees oscillations whose period divides
 * the window. Below CONVERGENCE_TOL_HZ (1e-3 spikes/s) the run has converged.
 */
import type { RateNetwork } from './rate-network.ts';
import { siegert } from './siegert.ts';

/** Pseudo-time (ms) over which the last change of the rates is measured. */
export const CONVERGENCE_WINDOW_MS = 1;
/** A run has converged when no rate changed by this much (spikes/s) over the last CONVERGENCE_WINDOW_MS. */
export const CONVERGENCE_TOL_HZ = 1e-3;

export interface IntegrationOptions {
  /** Pseudo-time (ms). */
  T: number;
  /** Step (ms). */
  dt: number;
  /** Recording interval (ms), a multiple of dt. */
  recInterval: number;
  /** Time constant of the rate dynamics (ms); upstream uses 1 ms. */
  tau?: number;
  /** Convergence tolerance (spikes/s over the last CONVERGENCE_WINDOW_MS); default CONVERGENCE_TOL_HZ. */
  convergenceTol_Hz?: number;
}

export interface Trajectory {
  /** Sample times (ms): 0, recInterval, 2 recInterval, ... <= T. */
  times: number[];
  /** rates[population][sample] (spikes/s); sample 0 is the initial condition. */
  rates: Float64Array[];
  /** Rates at T (spikes/s). */
  final: Float64Array;
  /** max over populations of the range (max - min) of the rate over [T - convergenceWindow_ms, T] (spikes/s). */
  lastChange_Hz: number;
  /** Window of lastChange_Hz (ms): CONVERGENCE_WINDOW_MS in whole steps, or T if that is shorter. */
  convergenceWindow_ms: number;
  /** Tolerance the run was judged by (spikes/s). */
  convergenceTol_Hz: number;
  /** lastChange_Hz < convergenceTol_Hz: the rates at T are a fixed point (NaN rates never are). */
  converged: boolean;
}

/** Phi of every population for the rates `nu`, written into `out`. */
export function transfer(net: RateNetwork, nu: Float64Array, out: Float64Array): void {
  const { n, mu0, sigma20, neuron } = net;
  const { rowStart, col, aValue, bValue } = net.sparse;
  for (let i = 0; i < n; i++) {
    let mu = mu0[i];
    let s2 = sigma20[i];
    for (let e = rowStart[i], end = rowStart[i + 1]; e < end; e++) {
      const r = nu[col[e]];
      mu += aValue[e] * r;
      s2 += bValue[e] * r;
    }
    out[i] = s2 > 0 ? siegert(mu, Math.sqrt(s2), neuron) : deterministicRate(mu, net);
  }
}

/** Noise-free LIF rate (spikes/s), for the degenerate case sigma = 0. */
function deterministicRate(mu: number, net: RateNetwork): number {
  const { theta, V_reset, tau_m, t_ref } = net.neuron;
  if (mu <= theta) return 0;
  return 1e3 / (t_ref + tau_m * Math.log((mu - V_reset) / (mu - theta)));
}

export function integrateRates(net: RateNetwork, initial: ArrayLike<number>, opts: IntegrationOptions): Trajectory {
  const { n } = net;
  if (initial.length !== n) {
    throw new Error(`initial_rates: got ${initial.length} rates; expected ${n} (one per population)`);
  }
  const tau = opts.tau ?? 1;
  const nSteps = Math.round(opts.T / opts.dt);
  const recEvery = Math.round(opts.recInterval / opts.dt);
  if (recEvery < 1 || Math.abs(recEvery * opts.dt - opts.recInterval) > 1e-9 * opts.recInterval) {
    throw new Error(`rec_interval: got ${opts.recInterval} ms; expected a multiple of dt = ${opts.dt} ms`);
  }
  const tol = opts.convergenceTol_Hz ?? CONVERGENCE_TOL_HZ;
  if (!(tol > 0)) throw new Error(`convergenceTol_Hz: got ${tol}; expected a number > 0 (spikes/s)`);
  const windowSteps = Math.min(nSteps, Math.max(1, Math.round(CONVERGENCE_WINDOW_MS / opts.dt)));
  const windowStart = nSteps - windowSteps;
  const windowMin = new Float64Array(n).fill(Infinity);
  const windowMax = new Float64Array(n).fill(-Infinity);
  const track = (rates: ArrayLike<number>) => {
    for (let i = 0; i < n; i++) {
      // NaN poisons the range, so that a run with NaN rates never counts as converged.
      windowMin[i] = rates[i] < windowMin[i] || Number.isNaN(rates[i]) ? rates[i] : windowMin[i];
      windowMax[i] = rates[i] > windowMax[i] || Number.isNaN(rates[i]) ? rates[i] : windowMax[i];
    }
  };
  if (windowStart === 0) track(initial);
  const P1 = Math.exp(-opts.dt / tau);
  const P2 = -Math.expm1(-opts.dt / tau);

  const nSamples = Math.floor(nSteps / recEvery) + 1;
  const rates = Array.from({ length: n }, () => new Float64Array(nSamples));
  const times = Array.from({ length: nSamples }, (_, k) => roundTime(k * recEvery * opts.dt));
  let nu = Float64Array.from(initial);
  let next = new Float64Array(n);
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) rates[i][0] = nu[i];

  for (let step = 1; step <= nSteps; step++) {
    if (step === 1) phi.fill(0); // no input has arrived yet (see the module comment)
    else transfer(net, nu, phi);
    for (let i = 0; i < n; i++) next[i] = P1 * nu[i] + P2 * phi[i];
    [nu, next] = [next, nu];
    if (step >= windowStart) track(nu);
    if (step % recEvery === 0) {
      const k = step / recEvery;
      for (let i = 0; i < n; i++) rates[i][k] = nu[i];
    }
  }
  let lastChange_Hz = 0;
  for (let i = 0; i < n; i++) lastChange_Hz = Math.max(lastChange_Hz, windowMax[i] - windowMin[i]);
  return {
    times,
    rates,
    final: nu,
    lastChange_Hz,
    convergenceWindow_ms: roundTime(windowSteps * opts.dt),
    convergenceTol_Hz: tol,
    converged: lastChange_Hz < tol,
  };
}

/** Removes the binary noise of k * dt (0.30000000000000004 -> 0.3). */
function roundTime(t: number): number {
  return Math.round(t * 1e9) / 1e9;
}

/**
 * Time windows and the selection of spikes inside them.
 *
 * Upstream's statistics do not agree on whether the window ends are included: rates, rate
 * distributions and the CV of ISIs count spikes with t_min < t < t_max (both ends open), the LvR uses
 * t_min <= t < t_max. NEST spike times lie on the simulation grid, so a spike exactly at t_min is
 * common; each statistic here uses the convention of its upstream counterpart, named explicitly.
 */
import type { SpikeData } from '../spikes.ts';

/** Analysis window (ms). Upstream's default is t_min = 500 ms (skipping the initial transient), t_max = T. */
export interface TimeWindow {
  t_min_ms: number;
  t_max_ms: number;
}

/** Which window ends count: 'open' = (t_min, t_max), 'closedOpen' = [t_min, t_max). */
export type WindowBounds = 'open' | 'closedOpen';

export function validateWindow(window: TimeWindow, what = 'window'): void {
  const { t_min_ms, t_max_ms } = window;
  if (!Number.isFinite(t_min_ms) || !Number.isFinite(t_max_ms) || !(t_max_ms > t_min_ms)) {
    throw new Error(
      `${what}: [t_min_ms, t_max_ms] = [${t_min_ms}, ${t_max_ms}]; expected finite times with t_max_ms > t_min_ms`,
    );
  }
}

/** Neuron counts must be whole (a down-scaled network's fractional N: use trunc(N), the simulated neurons). */
export function validateNeuronCount(N: number, what = 'N'): void {
  if (!(Number.isInteger(N) && N >= 0)) {
    throw new Error(`${what} = ${N}; expected a non-negative whole number of neurons (trunc a fractional N)`);
  }
}

/** Window length in seconds (rates are spikes/s). */
export function windowDuration_s(window: TimeWindow): number {
  return (window.t_max_ms - window.t_min_ms) / 1000;
}

/** First index i with t[i] >= x (t sorted). */
export function lowerBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with t[i] > x (t sorted). */
export function upperBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index range [start, end) of the time-sorted spikes inside the window. */
export function windowIndexRange(
  times_ms: Float64Array,
  window: TimeWindow,
  bounds: WindowBounds,
): { start: number; end: number } {
  const start = bounds === 'open' ? upperBound(times_ms, window.t_min_ms) : lowerBound(times_ms, window.t_min_ms);
  const end = Math.max(start, lowerBound(times_ms, window.t_max_ms));
  return { start, end };
}

/**
 * The spikes inside the window regrouped by neuron (compressed rows): neuron i's spike times, in time
 * order, are `times_ms[offsets[i] .. offsets[i + 1])`. One counting pass, O(spikes + N).
 */
export interface SpikesByNeuron {
  offsets: Int32Array;
  times_ms: Float64Array;
}

export function groupByNeuron(
  spikes: SpikeData,
  N: number,
  window: TimeWindow,
  bounds: WindowBounds,
): SpikesByNeuron {
  validateNeuronCount(N);
  const { start, end } = windowIndexRange(spikes.times_ms, window, bounds);
  const offsets = new Int32Array(N + 1);
  const s = spikes.senders;
  for (let i = start; i < end; i++) offsets[s[i] + 1]++;
  for (let i = 0; i < N; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, N);
  const times_ms = new Float64Array(end - start);
  // Spikes arrive in time order, so each neuron's row ends up time-sorted (a stable counting sort).
  for (let i = start; i < end; i++) times_ms[fill[s[i]]++] = spikes.times_ms[i];
  return { offsets, times_ms };
}

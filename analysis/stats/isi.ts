/**
 * Regularity of single-neuron spike trains from their interspike intervals (ISIs).
 *
 * CV of ISIs (upstream pop_cv_isi): per neuron, std / mean of the ISIs of its spikes with
 * t_min < t < t_max (std divides by the number of intervals). A neuron needs >= 2 spikes in the window
 * (>= 1 interval; a single interval gives CV = 0 and still counts). The population value is the mean over
 * those neurons; 0 when there are none.
 *
 * LvR, the revised local variation (Shinomoto et al. 2009, PLoS Comput Biol 5:e1000433), of the spikes
 * with t_min <= t < t_max and n >= 2 intervals I_1..I_n:
 *   LvR = 3 / (n - 1) * sum_{i=1}^{n-1} (1 - 4 I_i I_{i+1} / (I_i + I_{i+1})^2) (1 + 4 R / (I_i + I_{i+1}))
 * with refractoriness constant R (upstream: 2 ms, the neurons' t_ref). It is 0 for a regular train and
 * has expectation 1 + 4 R nu for a Poisson train of rate nu (1 for R = 0). Upstream's population value
 * averages over all N neurons, counting neurons with fewer than 3 spikes in the window as 0
 * (`mean`); `meanOverDefined` averages over the neurons where the LvR is defined.
 */
import type { SpikeData } from '../spikes.ts';
import { groupByNeuron, type TimeWindow, validateWindow } from './window.ts';

export interface CvIsiResult {
  /** Mean CV over neurons with >= 2 spikes in the window; 0 if there are none (upstream). */
  mean: number;
  /** CV per neuron; NaN where the neuron has fewer than 2 spikes in the window. */
  perNeuron: Float64Array;
  /** Neurons that entered the mean. */
  nDefined: number;
}

/** CV of one sorted spike train's ISIs, NaN for fewer than 2 spikes. */
export function cvOfIntervals(times_ms: ArrayLike<number>, from = 0, to = times_ms.length): number {
  const nIntervals = to - from - 1;
  if (nIntervals < 1) return NaN;
  const mean = (times_ms[to - 1] - times_ms[from]) / nIntervals;
  let ss = 0;
  for (let i = from + 1; i < to; i++) ss += (times_ms[i] - times_ms[i - 1] - mean) ** 2;
  return Math.sqrt(ss / nIntervals) / mean;
}

export function cvIsi(spikes: SpikeData, N: number, window: TimeWindow): CvIsiResult {
  validateWindow(window);
  const { offsets, times_ms } = groupByNeuron(spikes, N, window, 'open');
  const perNeuron = new Float64Array(N);
  let sum = 0;
  let nDefined = 0;
  for (let i = 0; i < N; i++) {
    const cv = cvOfIntervals(times_ms, offsets[i], offsets[i + 1]);
    perNeuron[i] = cv;
    if (!Number.isNaN(cv)) {
      sum += cv;
      nDefined++;
    }
  }
  return { mean: nDefined > 0 ? sum / nDefined : 0, perNeuron, nDefined };
}

/** Refractoriness constant upstream passes to the LvR (ms). */
export const UPSTREAM_LVR_R_MS = 2;

/** LvR of one sorted spike train (see the module comment); NaN for fewer than 3 spikes. */
export function lvrOfTrain(times_ms: ArrayLike<number>, R_ms: number, from = 0, to = times_ms.length): number {
  const nIntervals = to - from - 1;
  if (nIntervals < 2) return NaN;
  let sum = 0;
  let previous = times_ms[from + 1] - times_ms[from];
  for (let i = from + 2; i < to; i++) {
    const next = times_ms[i] - times_ms[i - 1];
    const s = previous + next;
    sum += (1 - (4 * previous * next) / (s * s)) * (1 + (4 * R_ms) / s);
    previous = next;
  }
  return (3 * sum) / (nIntervals - 1);
}

export interface LvrResult {
  /** Upstream's population LvR: sum of defined single-neuron values / N. */
  mean: number;
  /** Mean over the neurons with >= 3 spikes in the window; NaN if there are none. */
  meanOverDefined: number;
  /** LvR per neuron; NaN where the neuron has fewer than 3 spikes in the window. */
  perNeuron: Float64Array;
  nDefined: number;
}

export function lvr(spikes: SpikeData, N: number, window: TimeWindow, R_ms = UPSTREAM_LVR_R_MS): LvrResult {
  validateWindow(window);
  if (!(Number.isFinite(R_ms) && R_ms >= 0)) {
    throw new Error(`lvr: R_ms = ${R_ms}; expected a non-negative refractoriness constant in ms`);
  }
  const { offsets, times_ms } = groupByNeuron(spikes, N, window, 'closedOpen');
  const perNeuron = new Float64Array(N);
  let sum = 0;
  let nDefined = 0;
  for (let i = 0; i < N; i++) {
    const v = lvrOfTrain(times_ms, R_ms, offsets[i], offsets[i + 1]);
    perNeuron[i] = v;
    if (!Number.isNaN(v)) {
      sum += v;
      nDefined++;
    }
  }
  return {
    mean: N > 0 ? sum / N : 0,
    meanOverDefined: nDefined > 0 ? sum / nDefined : NaN,
    perNeuron,
    nDefined,
  };
}

/**
 * Serial correlation coefficients (SCC) of interspike intervals.
 *
 * Per neuron, with the intervals I_1..I_n of its spikes with t_min < t < t_max (as the CV of ISIs),
 * mean m and variance v = 1/n sum (I_i - m)^2:
 *   rho_k = [1/(n - k) sum_{i=1}^{n-k} (I_i - m)(I_{i+k} - m)] / v,   k = 1..maxLag,
 * defined when n - k >= 1 and v > 0 (rho_0 = 1). A renewal process (e.g. Poisson) has rho_k = 0 for
 * k >= 1; alternating long and short intervals give rho_1 = -1. The population value at lag k is the
 * mean over the neurons where rho_k is defined (NaN where there are none).
 *
 * Upstream's ISI_SCC intends this but never computes it: its guard `len(indices) > 1` tests a tuple of
 * length 1, so it always returns 0.0.
 */
import type { SpikeData } from '../spikes.ts';
import { groupByNeuron, type TimeWindow, validateWindow } from './window.ts';

export interface IsiSerialCorrelation {
  /** Lags 1..maxLag (in intervals). */
  lags: number[];
  /** Mean SCC over neurons at each lag; NaN where no neuron has it defined. */
  mean: number[];
  /** Neurons averaged at each lag. */
  nDefined: number[];
}

/** SCC of one interval sequence at lags 1..maxLag (NaN where undefined). */
export function serialCorrelationOfIntervals(intervals: ArrayLike<number>, maxLag: number): Float64Array {
  const n = intervals.length;
  const out = new Float64Array(maxLag).fill(NaN);
  if (n < 2) return out;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += intervals[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (intervals[i] - mean) ** 2;
  variance /= n;
  // Equal intervals up to rounding of spike times on a grid are a regular train: no SCC.
  if (!(variance > 1e-24 * mean * mean)) return out;
  for (let k = 1; k <= maxLag && k < n; k++) {
    let c = 0;
    for (let i = 0; i + k < n; i++) c += (intervals[i] - mean) * (intervals[i + k] - mean);
    out[k - 1] = c / (n - k) / variance;
  }
  return out;
}

export function isiSerialCorrelation(
  spikes: SpikeData,
  N: number,
  window: TimeWindow,
  maxLag = 5,
): IsiSerialCorrelation {
  validateWindow(window);
  if (!(Number.isInteger(maxLag) && maxLag >= 1)) {
    throw new Error(`isiSerialCorrelation: maxLag = ${maxLag}; expected a positive whole number of intervals`);
  }
  const { offsets, times_ms } = groupByNeuron(spikes, N, window, 'open');
  const sum = new Float64Array(maxLag);
  const count = new Int32Array(maxLag);
  const intervals = new Float64Array(Math.max(0, times_ms.length));
  for (let i = 0; i < N; i++) {
    const from = offsets[i];
    const n = offsets[i + 1] - from - 1;
    if (n < 2) continue;
    for (let j = 0; j < n; j++) intervals[j] = times_ms[from + j + 1] - times_ms[from + j];
    const rho = serialCorrelationOfIntervals(intervals.subarray(0, n), maxLag);
    for (let k = 0; k < maxLag; k++) {
      if (Number.isNaN(rho[k])) continue;
      sum[k] += rho[k];
      count[k]++;
    }
  }
  return {
    lags: Array.from({ length: maxLag }, (_, k) => k + 1),
    mean: Array.from(sum, (s, k) => (count[k] > 0 ? s / count[k] : NaN)),
    nDefined: Array.from(count),
  };
}

/**
 * Firing rates (spikes/s) over a time window, counting spikes with t_min < t < t_max as upstream's
 * pop_rate / pop_rate_distribution do. Silent neurons count: every average runs over all N neurons.
 */
import type { SpikeData } from '../spikes.ts';
import { histogram } from './histogram.ts';
import { type TimeWindow, validateNeuronCount, validateWindow, windowDuration_s, windowIndexRange } from './window.ts';

/** Spikes in the open window (t_min, t_max). */
export function spikeCountInWindow(spikes: SpikeData, window: TimeWindow): number {
  const { start, end } = windowIndexRange(spikes.times_ms, window, 'open');
  return end - start;
}

/** Population-averaged rate (spikes/s): spikes in the window / (N * window length). 0 when N = 0. */
export function meanRate(spikes: SpikeData, N: number, window: TimeWindow): number {
  validateWindow(window);
  validateNeuronCount(N);
  if (N === 0) return 0;
  return spikeCountInWindow(spikes, window) / (N * windowDuration_s(window));
}

/** Rate of every neuron (spikes/s), index = neuron index; silent neurons have 0. */
export function perNeuronRates(spikes: SpikeData, N: number, window: TimeWindow): Float64Array {
  validateWindow(window);
  validateNeuronCount(N);
  const rates = new Float64Array(N);
  const { start, end } = windowIndexRange(spikes.times_ms, window, 'open');
  const s = spikes.senders;
  for (let i = start; i < end; i++) rates[s[i]]++;
  const duration_s = windowDuration_s(window);
  for (let i = 0; i < N; i++) rates[i] /= duration_s;
  return rates;
}

export interface RateDistribution {
  /** Left bin edges (spikes/s). */
  binLeft_spikes_per_s: number[];
  /** Fraction of neurons per bin (sums to 1). */
  probability: number[];
  /** Mean single-neuron rate (spikes/s), equal to meanRate. */
  mean: number;
  /** Standard deviation of single-neuron rates (spikes/s; population form, divided by N). */
  std: number;
}

export interface RateDistributionOptions {
  /** Number of bins (upstream: 100). */
  bins?: number;
  /** Histogram range (spikes/s); default [min, max] of the rates. */
  range?: [number, number];
}

/**
 * Distribution of single-neuron rates over the population, as upstream's pop_rate_distribution: a
 * 100-bin histogram over [min, max] of the rates, normalized to fractions of neurons. With N = 0 or no
 * spikes at all the result is upstream's placeholder: 100 bins from 0 to 20 spikes/s, all zero.
 */
export function rateDistribution(
  spikes: SpikeData,
  N: number,
  window: TimeWindow,
  options: RateDistributionOptions = {},
): RateDistribution {
  const bins = options.bins ?? 100;
  if (N === 0 || spikes.times_ms.length === 0) {
    validateWindow(window);
    return {
      binLeft_spikes_per_s: Array.from({ length: bins }, (_, k) => k * (20 / bins)),
      probability: new Array<number>(bins).fill(0),
      mean: 0,
      std: 0,
    };
  }
  const rates = perNeuronRates(spikes, N, window);
  const { mean, std } = meanAndStd(rates);
  const h = histogram(rates, bins, options.range);
  const total = h.counts.reduce((a, b) => a + b, 0);
  return {
    binLeft_spikes_per_s: Array.from(h.edges.subarray(0, bins)),
    probability: Array.from(h.counts, (c) => (total > 0 ? c / total : 0)),
    mean,
    std,
  };
}

/** Mean and population standard deviation (divide by n, as numpy.std). NaN for no values. */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n) };
}

/**
 * Population rate time series (spikes/s per neuron): the population spike count histogram divided by
 * N and the bin width, optionally smoothed with a Gaussian, alpha or rectangular kernel.
 *
 * Bins: bin k covers [t_min + offset + k b, t_min + offset + (k + 1) b), the last bin also includes its
 * right end; there are floor((t_max - t_min) / b) bins. Upstream's binned series shifts the bins by
 * half a bin (offset = b / 2) and repeats each value at 1 ms steps; pass `binOffset_ms: b / 2` to get
 * its bins (values are per bin here, not repeated).
 *
 * Kernels act on the series binned at `binSize_ms` and are normalized to unit sum, so the smoothed
 * series keeps the mean rate (up to the edges, where the zero-padded convolution loses mass):
 * - 'gauss': exp(-t^2 / (2 sigma^2)), width_ms = sigma, cut at +-6 sigma;
 * - 'alpha': t exp(-t / tau) for t >= 0 (causal), width_ms = tau, cut at 20 tau. Upstream's alpha kernel
 *   is not normalized (its integral is tau), which scales its rates by tau in ms; this one is;
 * - 'rect': a centred moving average over round(width_ms / binSize_ms) bins.
 */
import type { SpikeData } from '../spikes.ts';
import { binSortedTimes, wholeBins } from './histogram.ts';
import { type TimeWindow, validateWindow } from './window.ts';

export type RateKernel = 'binned' | 'gauss' | 'alpha' | 'rect';

export interface BinningOptions {
  /** Bin width (ms); default 1 ms. */
  binSize_ms?: number;
  /** Shift of the first bin from t_min (ms); default 0. */
  binOffset_ms?: number;
}

export interface RateTimeSeriesOptions extends BinningOptions {
  /** Default 'binned' (no smoothing). */
  kernel?: RateKernel;
  /** Kernel width (ms): sigma for 'gauss', tau for 'alpha', full width for 'rect'. */
  width_ms?: number;
}

export interface RateTimeSeries {
  /** Left edge of every bin (ms). */
  t_ms: Float64Array;
  /** Population-averaged rate per bin (spikes/s). */
  rate_spikes_per_s: Float64Array;
  binSize_ms: number;
}

export interface SpikeCountHistogram {
  /** Left edge of every bin (ms). */
  t_ms: Float64Array;
  /** Spikes of the whole population per bin. */
  counts: Float64Array;
  binSize_ms: number;
}

/** Spikes of the whole population per time bin (see the module comment for the bins). */
export function populationSpikeCounts(
  spikes: SpikeData,
  window: TimeWindow,
  options: BinningOptions = {},
): SpikeCountHistogram {
  validateWindow(window);
  const binSize_ms = options.binSize_ms ?? 1;
  const offset = options.binOffset_ms ?? 0;
  if (!(Number.isFinite(binSize_ms) && binSize_ms > 0)) {
    throw new Error(`binSize_ms = ${binSize_ms}; expected a positive bin width in ms`);
  }
  if (!Number.isFinite(offset)) throw new Error(`binOffset_ms = ${offset}; expected a finite shift in ms`);
  const nBins = wholeBins(window.t_max_ms - window.t_min_ms, binSize_ms);
  if (nBins < 1) {
    throw new Error(
      `binSize_ms = ${binSize_ms}: the window [${window.t_min_ms}, ${window.t_max_ms}] ms holds no whole bin; expected binSize_ms <= ${window.t_max_ms - window.t_min_ms}`,
    );
  }
  const start = window.t_min_ms + offset;
  const counts = binSortedTimes(spikes.times_ms, start, binSize_ms, nBins);
  const t_ms = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) t_ms[k] = start + k * binSize_ms;
  return { t_ms, counts, binSize_ms };
}

/** Population rate time series (spikes/s), binned and optionally smoothed. */
export function rateTimeSeries(
  spikes: SpikeData,
  N: number,
  window: TimeWindow,
  options: RateTimeSeriesOptions = {},
): RateTimeSeries {
  if (!(Number.isInteger(N) && N > 0)) {
    throw new Error(`rateTimeSeries: N = ${N}; expected a positive number of neurons`);
  }
  const { t_ms, counts, binSize_ms } = populationSpikeCounts(spikes, window, options);
  const kernel = options.kernel ?? 'binned';
  const smoothed = kernel === 'binned' ? counts : convolveSame(counts, smoothingKernel(kernel, options.width_ms, binSize_ms));
  const perNeuronPerSecond = 1000 / (N * binSize_ms);
  const rate_spikes_per_s = new Float64Array(smoothed.length);
  for (let k = 0; k < smoothed.length; k++) rate_spikes_per_s[k] = smoothed[k] * perNeuronPerSecond;
  return { t_ms, rate_spikes_per_s, binSize_ms };
}

/** A discrete smoothing kernel: weights (sum 1) at lags (bins) firstLag .. firstLag + weights.length - 1. */
export interface DiscreteKernel {
  weights: Float64Array;
  firstLag: number;
}

export function smoothingKernel(kind: RateKernel, width_ms: number | undefined, binSize_ms: number): DiscreteKernel {
  if (kind === 'binned') return { weights: Float64Array.of(1), firstLag: 0 };
  if (!(width_ms !== undefined && Number.isFinite(width_ms) && width_ms > 0)) {
    throw new Error(`width_ms = ${width_ms} for kernel '${kind}'; expected a positive kernel width in ms`);
  }
  const w = width_ms / binSize_ms; // width in bins
  let weights: Float64Array;
  let firstLag: number;
  if (kind === 'gauss') {
    const half = Math.ceil(6 * w);
    firstLag = -half;
    weights = Float64Array.from({ length: 2 * half + 1 }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * w * w)));
  } else if (kind === 'alpha') {
    const len = Math.ceil(20 * w) + 1;
    firstLag = 0;
    weights = Float64Array.from({ length: len }, (_, i) => i * Math.exp(-i / w));
  } else if (kind === 'rect') {
    const n = Math.max(1, Math.round(w));
    firstLag = -Math.floor((n - 1) / 2);
    weights = new Float64Array(n).fill(1);
  } else {
    throw new Error(`kernel = '${kind as string}'; expected 'binned', 'gauss', 'alpha' or 'rect'`);
  }
  let sum = 0;
  for (const x of weights) sum += x;
  if (!(sum > 0)) {
    // An alpha kernel narrower than a bin puts all its mass at lag 0 on this grid.
    weights = Float64Array.of(1);
    firstLag = 0;
    sum = 1;
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= sum;
  return { weights, firstLag };
}

/** out[i] = sum_m kernel.weights[m] * x[i - (firstLag + m)], zero outside x. */
export function convolveSame(x: Float64Array, kernel: DiscreteKernel): Float64Array {
  const out = new Float64Array(x.length);
  const { weights, firstLag } = kernel;
  for (let j = 0; j < x.length; j++) {
    const v = x[j];
    if (v === 0) continue; // spike counts are sparse at fine bins
    for (let m = 0; m < weights.length; m++) {
      const i = j + firstLag + m;
      if (i >= 0 && i < out.length) out[i] += v * weights[m];
    }
  }
  return out;
}

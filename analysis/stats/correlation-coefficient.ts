/**
 * Mean pairwise correlation coefficient of binned spike counts over a sample of neurons, as upstream's
 * compute_corrcoeff.py (Schmidt et al. 2018, Fig. 5/6 "correlation coefficient" panels): 1 ms bins over
 * [t_min, t_max] (the last bin closed), neurons whose binned train is constant (e.g. silent) are left out,
 * and the sample is the first `sampleSize` remaining neurons (default 2000) in index order among the
 * indices lowest + 0 .. lowest + sampleSize + 1000, lowest being the smallest index that fired at all.
 * The mean over pairs needs only the sum of the standardized trains:
 * sum_{i != j} z_i . z_j = |sum_i z_i|^2 - sum_i |z_i|^2, so it costs O(spikes + bins) instead of the
 * O(n^2 bins) of a correlation matrix.
 */
import type { SpikeData } from '../spikes.ts';
import { wholeBins } from './histogram.ts';
import { groupByNeuron, type TimeWindow, validateWindow } from './window.ts';

export interface PairwiseCorrelationOptions {
  /** Bin width (ms); default 1 ms. */
  binSize_ms?: number;
  /** Neurons to correlate (upstream: 2000). */
  sampleSize?: number;
  /** Candidates are the indices lowest .. lowest + sampleSize + extraCandidates (upstream: 1000). */
  extraCandidates?: number;
}

export interface PairwiseCorrelationResult {
  /** Mean correlation coefficient over all pairs of the sample; 0 with fewer than 2 neurons. */
  mean: number;
  /** Neurons in the sample. */
  nNeurons: number;
  /** Their indices. */
  neurons: number[];
}

export function pairwiseCorrelation(
  spikes: SpikeData,
  N: number,
  window: TimeWindow,
  options: PairwiseCorrelationOptions = {},
): PairwiseCorrelationResult {
  validateWindow(window);
  const binSize = options.binSize_ms ?? 1;
  const sampleSize = options.sampleSize ?? 2000;
  const extra = options.extraCandidates ?? 1000;
  if (!(Number.isFinite(binSize) && binSize > 0)) {
    throw new Error(`pairwiseCorrelation: binSize_ms = ${binSize}; expected a positive bin width in ms`);
  }
  if (!(Number.isInteger(sampleSize) && sampleSize >= 0)) {
    throw new Error(`pairwiseCorrelation: sampleSize = ${sampleSize}; expected a non-negative integer`);
  }
  if (!(Number.isInteger(extra) && extra >= 0)) {
    throw new Error(`pairwiseCorrelation: extraCandidates = ${extra}; expected a non-negative integer`);
  }
  const none: PairwiseCorrelationResult = { mean: 0, nNeurons: 0, neurons: [] };
  if (spikes.times_ms.length === 0 || N === 0) return none;

  // Upstream's bins: edges t_min, t_min + b, ... up to t_max inclusive, the last bin closed.
  const nBins = wholeBins(window.t_max_ms - window.t_min_ms, binSize);
  if (nBins < 1) return none;
  const binStart = window.t_min_ms;
  const binEnd = binStart + nBins * binSize;
  // Spikes inside [binStart, binEnd]; groupByNeuron's window is half-open, so widen its end by one ulp.
  const grouped = groupByNeuron(spikes, N, { t_min_ms: binStart, t_max_ms: nextUp(binEnd) }, 'closedOpen');

  let lowest = N;
  for (let i = 0; i < spikes.senders.length; i++) lowest = Math.min(lowest, spikes.senders[i]);
  const lastCandidate = Math.min(N - 1, lowest + sampleSize + extra);

  // Sum over sampled neurons of the standardized binned trains z_i = (c_i - m_i) / s_i, kept sparse:
  // sum_i z_i[k] = sum_i c_i[k] / s_i - sum_i m_i / s_i.
  const weighted = new Float64Array(nBins);
  let offsetSum = 0;
  const neurons: number[] = [];
  const binIndex = (t: number): number => {
    let k = Math.min(nBins - 1, Math.floor((t - binStart) / binSize));
    if (k > 0 && t < binStart + k * binSize) k--;
    else if (k < nBins - 1 && t >= binStart + (k + 1) * binSize) k++;
    return k;
  };
  for (let i = lowest; i <= lastCandidate && neurons.length < sampleSize; i++) {
    const from = grouped.offsets[i];
    const to = grouped.offsets[i + 1];
    const nSpikes = to - from;
    if (nSpikes === 0) continue;
    // Sum of squared counts: spikes of a neuron are time-sorted, so equal bins come in runs.
    let sumSq = 0;
    let run = 1;
    let prevBin = binIndex(grouped.times_ms[from]);
    for (let j = from + 1; j < to; j++) {
      const k = binIndex(grouped.times_ms[j]);
      if (k === prevBin) run++;
      else {
        sumSq += run * run;
        run = 1;
        prevBin = k;
      }
    }
    sumSq += run * run;
    const mean = nSpikes / nBins;
    const variance = sumSq / nBins - mean * mean;
    if (!(variance > 1e-16)) continue; // a constant binned train has no correlation coefficient
    const invStd = 1 / Math.sqrt(variance);
    for (let j = from; j < to; j++) weighted[binIndex(grouped.times_ms[j])] += invStd;
    offsetSum += mean * invStd;
    neurons.push(i);
  }
  const n = neurons.length;
  if (n < 2) return { mean: 0, nNeurons: n, neurons };
  let normSq = 0;
  for (let k = 0; k < nBins; k++) normSq += (weighted[k] - offsetSum) ** 2;
  // Each |z_i|^2 equals nBins; correlation coefficients are z_i . z_j / nBins.
  const mean = (normSq / nBins - n) / (n * (n - 1));
  return { mean, nNeurons: n, neurons };
}

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] += x > 0 ? 1n : -1n;
  return buf[0];
}

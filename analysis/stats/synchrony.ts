/**
 * Synchrony of a population from its summed spike count per time bin.
 *
 * - `synchrony`: std / mean of the binned population rate, the coefficient of variation of the
 *   population rate, as upstream's analysis_helpers.synchrony (Schmidt et al. 2018). Its bins are
 *   upstream's: shifted by half a bin from t_min (`binOffset_ms` defaults to binSize_ms / 2). Std divides
 *   by the number of bins. Infinity without spikes (upstream's 0-division result).
 * - `fanoFactor`: variance / mean of the same counts. Independent Poisson neurons give 1 (their sum is
 *   Poisson); synchronous firing raises it. It equals synchrony^2 x mean count per bin.
 */
import type { SpikeData } from '../spikes.ts';
import { meanAndStd } from './rates.ts';
import { type BinningOptions, populationSpikeCounts } from './time-series.ts';
import type { TimeWindow } from './window.ts';

/** Upstream's bins: offset = half a bin unless given. */
function upstreamBins(options: BinningOptions): BinningOptions {
  const binSize_ms = options.binSize_ms ?? 1;
  return { binSize_ms, binOffset_ms: options.binOffset_ms ?? binSize_ms / 2 };
}

/** CV (std / mean) of the binned population rate; Infinity without spikes. */
export function synchrony(spikes: SpikeData, window: TimeWindow, options: BinningOptions = {}): number {
  const { counts } = populationSpikeCounts(spikes, window, upstreamBins(options));
  const { mean, std } = meanAndStd(counts);
  return mean > 0 ? std / mean : Infinity;
}

/** Variance / mean of the population spike count per bin (same bins as `synchrony`); NaN without spikes. */
export function fanoFactor(spikes: SpikeData, window: TimeWindow, options: BinningOptions = {}): number {
  const { counts } = populationSpikeCounts(spikes, window, upstreamBins(options));
  const { mean, std } = meanAndStd(counts);
  return mean > 0 ? (std * std) / mean : NaN;
}

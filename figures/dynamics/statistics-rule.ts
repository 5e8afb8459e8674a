/**
 * `statistics-<state>`: the spike statistics of one run that the simulation figures plot, computed by
 * analysis/ (Analysis methods) and written as JSON plus the area rate time series as .npy (areas x
 * 1-ms bins; long full-scale runs would make JSON files of hundreds of MB).
 */
import { join } from 'node:path';
import { perNeuronRates, rateDistribution } from '../../analysis/index.ts';
import { readNpy, stableJson, writeFileAtomic, writeNpy } from '../../core/index.ts';
import type { Rule } from '../rules.ts';
import { loadRunAnalysis, type RunInfo } from './run-source.ts';
import { readRecord, RUN_FILE, type RunRecord } from './state-rules.ts';

export const STATISTICS_FILE = 'statistics.json';
export const RATE_SERIES_FILE = 'rate-areas-spikes-per-s.npy';
export const SMOOTHED_RATE_SERIES_FILE = 'rate-areas-smoothed-spikes-per-s.npy';

export interface StatisticsConfig {
  t_min_ms: number;
  /** Sigma (ms) of the Gaussian kernel of the smoothed rate series. */
  smoothing_ms: number;
}

/** Welch parameters of upstream's compute_power_spectrum.py (1 ms bins, boxcar window). */
export const SPECTRUM_OPTIONS = { nperseg: 1024, noverlap: 1000, window: 'boxcar' } as const;

export interface StateStatistics {
  run: RunInfo;
  window: { t_min_ms: number; t_max_ms: number };
  populations: {
    labels: string[];
    N: number[];
    rate_spikes_per_s: number[];
    cvIsi: number[];
    lvr: number[];
    /** CV of the population rate in 1 ms bins (upstream's synchrony). */
    synchrony: number[];
    /** Mean pairwise correlation coefficient of spike counts in 1 ms bins (compute_corrcoeff.py). */
    correlation: number[];
  };
  areas: {
    labels: string[];
    N: number[];
    rate_spikes_per_s: number[];
    cvIsi: number[];
    lvr: number[];
    synchrony: number[];
    /**
     * Single-neuron rate histograms (compute_rate_histogram.py, but with about 100 bins of whole multiples
     * of 1/T centred on the rates a window of length T allows; see aliasFreeBins).
     */
    rateHistograms: { binLeft_spikes_per_s: number[]; probability: number[]; mean: number; std: number }[];
    /** Welch spectra of the area rates, (spikes/s)^2/Hz, on `spectrumFrequency_Hz`. */
    spectrumFrequency_Hz: number[];
    spectra: number[][];
  };
  /** Axes of the .npy rate series: bin k covers [t0_ms + k binSize_ms, ... + binSize_ms). */
  series: { t0_ms: number; binSize_ms: number; bins: number; smoothing_ms: number; files: { binned: string; smoothed: string } };
}

/**
 * Bins of a rate histogram for a window of length T: single-neuron rates are multiples of 1/T, so
 * upstream's 100 bins over [min, max] alias into a comb for short windows. Here every bin holds the
 * same number m of attainable rates (width m/T, edges half-way between them), with m chosen for at most
 * ~100 bins.
 */
export function aliasFreeBins(maxRate_spikes_per_s: number, window: { t_min_ms: number; t_max_ms: number }): { bins: number; range: [number, number] } {
  const T_s = (window.t_max_ms - window.t_min_ms) / 1000;
  const m = Math.max(1, Math.ceil((maxRate_spikes_per_s * T_s) / 100));
  const start = -0.5 / T_s;
  const bins = Math.max(1, Math.ceil((maxRate_spikes_per_s - start) / (m / T_s)));
  return { bins, range: [start, start + (bins * m) / T_s] };
}

/** The statistics of a run (see StateStatistics) and its area rate series, binned and smoothed (spikes/s). */
export async function computeStateStatistics(
  info: RunInfo,
  c: StatisticsConfig,
  report: (line: string) => void = () => {},
): Promise<{ statistics: StateStatistics; binned: Float64Array[]; smoothed: Float64Array[] }> {
  report(`reading spikes of ${info.path}`);
  const analysis = await loadRunAnalysis(info, c.t_min_ms);
  report('rates, ISI statistics, synchrony, correlations, spectra');
  const rates = analysis.rates();
  const cv = analysis.cvIsi();
  const lvr = analysis.lvr();
  const synchrony = analysis.synchrony();
  const spectra = analysis.spectra(SPECTRUM_OPTIONS).areas;
  const histograms = analysis.perArea((spikes, N) => {
    // A loop, not Math.max(...rates): full-scale areas have more neurons than a call may take arguments.
    const maxRate = perNeuronRates(spikes, N, analysis.window).reduce((m, r) => (r > m ? r : m), 0);
    return rateDistribution(spikes, N, analysis.window, aliasFreeBins(maxRate, analysis.window));
  });
  const binned = analysis.rateTimeSeries({ binSize_ms: 1 });
  const smoothed = analysis.rateTimeSeries({ binSize_ms: 1, kernel: 'gauss', width_ms: c.smoothing_ms });
  const statistics: StateStatistics = {
    run: info,
    window: { ...analysis.window },
    populations: {
      labels: [...analysis.structureVec],
      N: [...analysis.N],
      rate_spikes_per_s: [...rates.populations.values],
      cvIsi: [...cv.populations.values],
      lvr: [...lvr.populations.values],
      synchrony: [...synchrony.populations.values],
      correlation: [...analysis.correlationCoefficients().values],
    },
    areas: {
      labels: analysis.areas,
      N: analysis.areas.map((area) => analysis.areaSpikes(area).N),
      rate_spikes_per_s: [...rates.areas.values],
      cvIsi: [...cv.areas.values],
      lvr: [...lvr.areas.values],
      synchrony: [...synchrony.areas.values],
      rateHistograms: [...histograms.values],
      spectrumFrequency_Hz: spectra.values[0]?.frequency_Hz ?? [],
      spectra: spectra.values.map((s) => s.power),
    },
    series: {
      t0_ms: binned.t_ms[0],
      binSize_ms: binned.binSize_ms,
      bins: binned.t_ms.length,
      smoothing_ms: c.smoothing_ms,
      files: { binned: RATE_SERIES_FILE, smoothed: SMOOTHED_RATE_SERIES_FILE },
    },
  };
  return { statistics, binned: [...binned.areas.values], smoothed: [...smoothed.areas.values] };
}

/** `statistics-<state>`: needs the state's simulation rule. */
export function statisticsRule(name: string, simulation: string, config: StatisticsConfig): Rule<StatisticsConfig> {
  return {
    name,
    config,
    needs: [simulation],
    version: 3,
    run: async ({ config: c, inputs, outDir, report }) => {
      const { info } = readRecord<RunRecord>(inputs[simulation], RUN_FILE);
      const { statistics, binned, smoothed } = await computeStateStatistics(info, c, report);
      writeSeries(join(outDir, RATE_SERIES_FILE), binned);
      writeSeries(join(outDir, SMOOTHED_RATE_SERIES_FILE), smoothed);
      writeFileAtomic(join(outDir, STATISTICS_FILE), stableJson(statistics));
    },
  };
}

function writeSeries(path: string, rows: readonly Float64Array[]): void {
  const bins = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * bins);
  rows.forEach((row, i) => data.set(row, i * bins));
  writeNpy(path, { shape: [rows.length, bins], data });
}

/** The statistics of a statistics rule's output, with its rate series (areas in `statistics.areas.labels` order). */
export function readStatistics(dir: string): { statistics: StateStatistics; binned: Float64Array[]; smoothed: Float64Array[] } {
  const statistics = readRecord<StateStatistics>(dir, STATISTICS_FILE);
  const rows = (file: string): Float64Array[] => {
    const { shape, data } = readNpy(join(dir, file));
    return Array.from({ length: shape[0] }, (_, i) => data.subarray(i * shape[1], (i + 1) * shape[1]));
  };
  return { statistics, binned: rows(RATE_SERIES_FILE), smoothed: rows(SMOOTHED_RATE_SERIES_FILE) };
}

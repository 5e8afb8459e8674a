/**
 * The spike-train analysis of one simulation: spikes of every population of the network plus the
 * population sizes and an analysis window, with the statistics of analysis/stats as methods. Results
 * are plain objects keyed by "area-pop" labels (population values) and area names (area values), with
 * number arrays, so they serialize with JSON.stringify (an undefined value, NaN, becomes null).
 *
 * Area values treat the area's populations as one population (spikes merged, N summed), as upstream's
 * "total" entries do; for the CV of ISIs and the LvR, which upstream has per population only, the area
 * value is the N-weighted mean of the population values.
 */
import { mergeSpikeData, type SpikeData, validateSpikeData } from './spikes.ts';
import { areaWeightedMeans, groupPopulationsByArea } from './stats/aggregate.ts';
import { cvIsi, lvr, UPSTREAM_LVR_R_MS } from './stats/isi.ts';
import { meanRate, perNeuronRates, type RateDistribution, rateDistribution, type RateDistributionOptions } from './stats/rates.ts';
import { populationRateSpectrum, type RateSpectrumOptions } from './stats/spectrum.ts';
import {
  pairwiseCorrelation,
  type PairwiseCorrelationOptions,
  populationRateCV,
  synchrony,
} from './stats/synchrony.ts';
import { type BinningOptions, rateTimeSeries, type RateTimeSeriesOptions } from './stats/time-series.ts';
import { type TimeWindow, validateWindow } from './stats/window.ts';

export interface AnalysisInput {
  /** Population labels "area-pop" (NetworkArrays.structureVec order or any subset). */
  structureVec: readonly string[];
  /**
   * Neurons per population, same order (e.g. NetworkArrays.N). Fractional values (down-scaled models)
   * are truncated to the number of neurons the simulator creates.
   */
  N: ArrayLike<number>;
  /** Spikes per population: an array in structureVec order, or a record keyed by label. */
  spikes: readonly SpikeData[] | Readonly<Record<string, SpikeData>>;
  /** Analysis window (ms); upstream analyses [500 ms, T]. */
  window: TimeWindow;
  /** Refractoriness constant R of the LvR (ms); default 2 ms as upstream. */
  lvrR_ms?: number;
  /** Check every spike array (sorted times, senders < N); default true. */
  validate?: boolean;
}

/** Values for every population and every area. */
export interface PopulationAndAreaValues<T> {
  populations: Record<string, T>;
  areas: Record<string, T>;
}

export interface SerializedSeries {
  t_ms: number[];
  binSize_ms: number;
  populations: Record<string, number[]>;
  areas: Record<string, number[]>;
}

export interface SerializedSpectrum {
  frequency_Hz: number[];
  /** (spikes/s)^2 / Hz */
  power: number[];
}

export interface AnalysisSummary {
  window: TimeWindow;
  rates_spikes_per_s: PopulationAndAreaValues<number>;
  cvIsi: PopulationAndAreaValues<number>;
  lvr: PopulationAndAreaValues<number>;
  synchrony: PopulationAndAreaValues<number>;
}

export class Analysis {
  readonly structureVec: readonly string[];
  readonly N: readonly number[];
  readonly window: TimeWindow;
  readonly lvrR_ms: number;
  private readonly spikes: readonly SpikeData[];
  private readonly areaIndices: Map<string, number[]>;
  private readonly areaCache = new Map<string, { spikes: SpikeData; N: number }>();

  constructor(input: AnalysisInput) {
    validateWindow(input.window, 'Analysis window');
    const labels = [...input.structureVec];
    if (input.N.length !== labels.length) {
      throw new Error(`Analysis: N has ${input.N.length} entries for ${labels.length} populations; expected one per label`);
    }
    const N = Array.from(input.N, (n, i) => {
      if (!(Number.isFinite(n) && n >= 0)) {
        throw new Error(`Analysis: N of '${labels[i]}' = ${n}; expected a non-negative number of neurons`);
      }
      // A down-scaled network has fractional N; the simulator (like upstream with NEST) creates
      // trunc(N) neurons, and those are the neurons the spikes come from. Float noise just below a
      // whole number (e.g. 9.999999999) is taken as that number.
      const nearest = Math.round(n);
      return Math.abs(n - nearest) < 1e-9 * Math.max(1, n) ? nearest : Math.trunc(n);
    });
    const spikes = labels.map((label, i) => {
      const s = Array.isArray(input.spikes)
        ? (input.spikes as readonly SpikeData[])[i]
        : (input.spikes as Readonly<Record<string, SpikeData>>)[label];
      if (!s) throw new Error(`Analysis: no spikes given for population '${label}'`);
      if (input.validate ?? true) validateSpikeData(s, N[i], `spikes of '${label}'`);
      return s;
    });
    if (Array.isArray(input.spikes) && input.spikes.length !== labels.length) {
      throw new Error(
        `Analysis: ${input.spikes.length} spike arrays for ${labels.length} populations; expected one per label`,
      );
    }
    this.structureVec = labels;
    this.N = N;
    this.spikes = spikes;
    this.window = { ...input.window };
    this.lvrR_ms = input.lvrR_ms ?? UPSTREAM_LVR_R_MS;
    this.areaIndices = groupPopulationsByArea(labels);
  }

  get areas(): string[] {
    return [...this.areaIndices.keys()];
  }

  /** Spikes of one population by label. */
  populationSpikes(label: string): { spikes: SpikeData; N: number } {
    const i = this.indexOf(label);
    return { spikes: this.spikes[i], N: this.N[i] };
  }

  /** All spikes of an area as one population (neurons numbered population after population). */
  areaSpikes(area: string): { spikes: SpikeData; N: number } {
    const cached = this.areaCache.get(area);
    if (cached) return cached;
    const indices = this.areaIndices.get(area);
    if (!indices) throw new Error(`Analysis: area '${area}' not found; expected one of ${this.areas.join(', ')}`);
    const merged = mergeSpikeData(indices.map((i) => ({ spikes: this.spikes[i], N: this.N[i] })));
    this.areaCache.set(area, merged);
    return merged;
  }

  /** Mean rates (spikes/s) of populations and areas (all spikes of the area / (N_area * window)). */
  rates(): PopulationAndAreaValues<number> {
    // The N-weighted mean of population rates is the area's spike count / (N_area * window).
    return this.withWeightedAreas(this.perPopulation((s, N) => meanRate(s, N, this.window)));
  }

  /** Single-neuron rates (spikes/s) of one population. */
  perNeuronRates(label: string): number[] {
    const { spikes, N } = this.populationSpikes(label);
    return Array.from(perNeuronRates(spikes, N, this.window));
  }

  rateDistributions(options: RateDistributionOptions = {}): Record<string, RateDistribution> {
    return this.perPopulation((s, N) => rateDistribution(s, N, this.window, options));
  }

  /** Population and area rate time series (spikes/s); all share the time axis. */
  rateTimeSeries(options: RateTimeSeriesOptions = {}): SerializedSeries {
    let t_ms: number[] = [];
    let binSize_ms = options.binSize_ms ?? 1;
    const series = (s: SpikeData, N: number): number[] => {
      if (N === 0) return [];
      const r = rateTimeSeries(s, N, this.window, options);
      t_ms = Array.from(r.t_ms);
      binSize_ms = r.binSize_ms;
      return Array.from(r.rate_spikes_per_s);
    };
    const populations = this.perPopulation(series);
    const areas = this.perArea(series);
    return { t_ms, binSize_ms, populations, areas };
  }

  /** Mean CV of ISIs (upstream pop_cv_isi); areas: N-weighted mean. */
  cvIsi(): PopulationAndAreaValues<number> {
    return this.withWeightedAreas(this.perPopulation((s, N) => cvIsi(s, N, this.window).mean));
  }

  /** Population LvR (upstream pop_LvR: neurons with < 3 spikes count as 0); areas: N-weighted mean. */
  lvr(): PopulationAndAreaValues<number> {
    return this.withWeightedAreas(this.perPopulation((s, N) => lvr(s, N, this.window, this.lvrR_ms).mean));
  }

  /** Variance / mean of the spike count histogram (1 ms bins by default). */
  synchrony(options: BinningOptions = {}): PopulationAndAreaValues<number> {
    const f = (s: SpikeData): number => synchrony(s, this.window, options);
    return { populations: this.perPopulation(f), areas: this.perArea(f) };
  }

  /** std / mean of the binned population rate (upstream analysis_helpers.synchrony). */
  populationRateCV(options: BinningOptions = {}): PopulationAndAreaValues<number> {
    const f = (s: SpikeData): number => populationRateCV(s, this.window, options);
    return { populations: this.perPopulation(f), areas: this.perArea(f) };
  }

  /** Mean pairwise correlation coefficient of binned spike counts on a sample of each population. */
  correlationCoefficients(options: PairwiseCorrelationOptions = {}): Record<string, number> {
    return this.perPopulation((s, N) => pairwiseCorrelation(s, N, this.window, options).mean);
  }

  /** Power spectra of population and area rates, (spikes/s)^2 / Hz over frequencies > 0 Hz. */
  spectra(options: RateSpectrumOptions = {}): PopulationAndAreaValues<SerializedSpectrum> {
    const f = (s: SpikeData, N: number): SerializedSpectrum => {
      if (N === 0) return { frequency_Hz: [], power: [] };
      const p = populationRateSpectrum(s, N, this.window, options);
      return { frequency_Hz: Array.from(p.frequency_Hz), power: Array.from(p.power) };
    };
    return { populations: this.perPopulation(f), areas: this.perArea(f) };
  }

  /** The scalar statistics in one JSON-ready object. */
  summary(): AnalysisSummary {
    return {
      window: { ...this.window },
      rates_spikes_per_s: this.rates(),
      cvIsi: this.cvIsi(),
      lvr: this.lvr(),
      synchrony: this.synchrony(),
    };
  }

  private indexOf(label: string): number {
    const i = this.structureVec.indexOf(label);
    if (i < 0) throw new Error(`Analysis: population '${label}' not found; expected an "area-pop" label of this network`);
    return i;
  }

  private perPopulation<T>(f: (spikes: SpikeData, N: number) => T): Record<string, T> {
    const out: Record<string, T> = {};
    this.structureVec.forEach((label, i) => {
      out[label] = f(this.spikes[i], this.N[i]);
    });
    return out;
  }

  private perArea<T>(f: (spikes: SpikeData, N: number) => T): Record<string, T> {
    const out: Record<string, T> = {};
    for (const area of this.areaIndices.keys()) {
      const { spikes, N } = this.areaSpikes(area);
      out[area] = f(spikes, N);
    }
    return out;
  }

  private withWeightedAreas(populations: Record<string, number>): PopulationAndAreaValues<number> {
    const values = this.structureVec.map((label) => populations[label]);
    return { populations, areas: areaWeightedMeans(this.structureVec, this.N, values) };
  }
}

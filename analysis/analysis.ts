/**
 * The spike-train analysis of one simulation: spikes of every population of the network plus the
 * population sizes and an analysis window, with the statistics of analysis/stats as methods. Results
 * are ordered tables (`Labelled`: populations in the given order, areas in first-appearance order,
 * i.e. the model's) that serialise to `{ labels, values }`; NaN serialises as null.
 *
 * Area values treat the area's populations as one population (spikes merged, N summed), as upstream's
 * "total" entries do. For the CV of ISIs the area value is the mean over the area's neurons that have
 * one (the population values weighted by their number of such neurons); for the LvR (neurons with
 * < 3 spikes count as 0) the N-weighted mean.
 *
 * Statistics of interactions between areas (synaptic input, functional connectivity, BOLD, Granger
 * causality, paths) need the network (`network`): see area-signals.ts and causal-interactions.ts.
 */
import { mergeSpikeData, type SpikeData, validateSpikeData } from './spikes.ts';
import { groupPopulationsByArea, weightedMean } from './stats/aggregate.ts';
import {
  type AnalysisNetwork,
  type AreaCorrelationOptions,
  boldOf,
  compareWithExperimentalFc,
  type CrossCorrelationTable,
  crossCorrelationsOf,
  type FcComparison,
  functionalConnectivityOf,
  type FunctionalConnectivityOptions,
  type HierarchyResult,
  intrinsicTimescalesOf,
  type SignalOptions,
  structuralConnectivityOf,
  synapticInputOf,
  synapticOutputOf,
  type SynapticOptions,
  temporalHierarchyOf,
} from './stats/area-signals.ts';
import {
  type GrangerOfPopulation,
  grangerCausalityOf,
  type GrangerOptions,
  type PathAnalysis,
  pathAnalysisOf,
  significantChannelsOf,
} from './stats/causal-interactions.ts';
import type { ChannelsByGradient } from './stats/interaction-channels.ts';
import type { IntrinsicTimescale, IntrinsicTimescaleOptions } from './stats/intrinsic-timescale.ts';
import type { LabelledSquareMatrix } from './stats/labelled.ts';
import { type Communities, louvainCommunities, type LouvainOptions } from './stats/louvain-communities.ts';
import { pairwiseCorrelation, type PairwiseCorrelationOptions } from './stats/correlation-coefficient.ts';
import { type IsiSerialCorrelation, isiSerialCorrelation } from './stats/isi-serial-correlation.ts';
import { cvIsi, lvr, UPSTREAM_LVR_R_MS } from './stats/isi.ts';
import { Labelled } from './stats/labelled.ts';
import { meanRate, perNeuronRates, type RateDistribution, rateDistribution, type RateDistributionOptions } from './stats/rates.ts';
import { populationRateSpectrum, type RateSpectrumOptions } from './stats/spectrum.ts';
import { fanoFactor, synchrony } from './stats/synchrony.ts';
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
  /** The network the spikes come from; needed by the statistics of interactions. */
  network?: AnalysisNetwork;
  /** Why there is no network (shown when a statistic needs it). */
  networkMissing?: string;
}

/** Values for every population and every area. */
export interface PopulationAndAreaValues<T> {
  populations: Labelled<T>;
  areas: Labelled<T>;
}

/** Time series of populations and areas on one time axis. */
export interface SeriesTable {
  /** Left edge of every bin (ms). */
  t_ms: number[];
  binSize_ms: number;
  /** Unit of the values, e.g. 'spikes/s'. */
  unit: string;
  populations: Labelled<Float64Array>;
  areas: Labelled<Float64Array>;
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
  readonly network: AnalysisNetwork | undefined;
  readonly networkMissing: string | undefined;
  private readonly spikes: readonly SpikeData[];
  private readonly areaIndices: Map<string, number[]>;
  private readonly areaCache = new Map<string, { spikes: SpikeData; N: number }>();
  private readonly cache = new Map<string, unknown>();

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
    if (Array.isArray(input.spikes) && input.spikes.length !== labels.length) {
      throw new Error(
        `Analysis: ${input.spikes.length} spike arrays for ${labels.length} populations; expected one per label`,
      );
    }
    const spikes = labels.map((label, i) => {
      const s = Array.isArray(input.spikes)
        ? (input.spikes as readonly SpikeData[])[i]
        : (input.spikes as Readonly<Record<string, SpikeData>>)[label];
      if (!s) throw new Error(`Analysis: no spikes given for population '${label}'`);
      if (input.validate ?? true) validateSpikeData(s, N[i], `spikes of '${label}'`);
      return s;
    });
    this.structureVec = labels;
    this.N = N;
    this.spikes = spikes;
    this.window = { ...input.window };
    this.lvrR_ms = input.lvrR_ms ?? UPSTREAM_LVR_R_MS;
    this.areaIndices = groupPopulationsByArea(labels);
    this.network = input.network;
    this.networkMissing = input.networkMissing;
  }

  /** Areas in first-appearance order (the model's order for a model's structureVec). */
  get areas(): string[] {
    return [...this.areaIndices.keys()];
  }

  /** Indices (into structureVec) of the populations of `area`. */
  populationsOf(area: string): readonly number[] {
    const indices = this.areaIndices.get(area);
    if (!indices) throw new Error(`Analysis: area '${area}' not found; expected one of ${this.areas.join(', ')}`);
    return indices;
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
    const merged = mergeSpikeData(this.populationsOf(area).map((i) => ({ spikes: this.spikes[i], N: this.N[i] })));
    this.areaCache.set(area, merged);
    return merged;
  }

  /** Mean rates (spikes/s) of populations and areas (all spikes of the area / (N_area * window)). */
  rates(): PopulationAndAreaValues<number> {
    // The N-weighted mean of population rates is the area's spike count / (N_area * window).
    const populations = this.perPopulation((s, N) => meanRate(s, N, this.window));
    return { populations, areas: this.weightedAreaMeans(populations.values, this.N) };
  }

  /** Single-neuron rates (spikes/s) of one population. */
  perNeuronRates(label: string): number[] {
    const { spikes, N } = this.populationSpikes(label);
    return Array.from(perNeuronRates(spikes, N, this.window));
  }

  /**
   * Histograms of single-neuron rates of populations and areas (upstream's pop_rate_distribution;
   * the area histograms are compute_rate_histogram.py's).
   */
  rateDistributions(options: RateDistributionOptions = {}): PopulationAndAreaValues<RateDistribution> {
    const f = (s: SpikeData, N: number): RateDistribution => rateDistribution(s, N, this.window, options);
    return { populations: this.perPopulation(f), areas: this.perArea(f) };
  }

  /** Population and area rate time series (spikes/s); all share the time axis. */
  rateTimeSeries(options: RateTimeSeriesOptions = {}): SeriesTable {
    let t_ms: number[] = [];
    let binSize_ms = options.binSize_ms ?? 1;
    const series = (s: SpikeData, N: number): Float64Array => {
      if (N === 0) return new Float64Array(0);
      const r = rateTimeSeries(s, N, this.window, options);
      t_ms = Array.from(r.t_ms);
      binSize_ms = r.binSize_ms;
      return r.rate_spikes_per_s;
    };
    const populations = this.perPopulation(series);
    const areas = this.perArea(series);
    return { t_ms, binSize_ms, unit: 'spikes/s', populations, areas };
  }

  /**
   * Mean CV of ISIs (upstream pop_cv_isi); areas: the mean over the area's neurons with >= 2 spikes,
   * i.e. population values weighted by their numbers of such neurons (pop_cv_isi of the merged area).
   */
  cvIsi(): PopulationAndAreaValues<number> {
    const results = this.structureVec.map((_, i) => cvIsi(this.spikes[i], this.N[i], this.window));
    const populations = new Labelled(this.structureVec, results.map((r) => r.mean));
    const areas = this.weightedAreaMeans(populations.values, results.map((r) => r.nDefined));
    // Upstream returns 0, not NaN, for a population without any neuron with a CV.
    return { populations, areas: areas.map((v) => (Number.isNaN(v) ? 0 : v)) };
  }

  /** Population LvR (upstream pop_LvR: neurons with < 3 spikes count as 0); areas: N-weighted mean. */
  lvr(): PopulationAndAreaValues<number> {
    const populations = this.perPopulation((s, N) => lvr(s, N, this.window, this.lvrR_ms).mean);
    return { populations, areas: this.weightedAreaMeans(populations.values, this.N) };
  }

  /** CV of the binned population rate (upstream's synchrony; 1 ms bins shifted by half a bin). */
  synchrony(options: BinningOptions = {}): PopulationAndAreaValues<number> {
    const f = (s: SpikeData): number => synchrony(s, this.window, options);
    return { populations: this.perPopulation(f), areas: this.perArea(f) };
  }

  /** Fano factor (variance / mean) of the population spike count, same bins as synchrony. */
  fanoFactor(options: BinningOptions = {}): PopulationAndAreaValues<number> {
    const f = (s: SpikeData): number => fanoFactor(s, this.window, options);
    return { populations: this.perPopulation(f), areas: this.perArea(f) };
  }

  /** ISI serial correlation coefficients at lags 1..maxLag of populations and areas. */
  isiSerialCorrelation(maxLag = 5): PopulationAndAreaValues<IsiSerialCorrelation> {
    const f = (s: SpikeData, N: number): IsiSerialCorrelation => isiSerialCorrelation(s, N, this.window, maxLag);
    return { populations: this.perPopulation(f), areas: this.perArea(f) };
  }

  /** Mean pairwise correlation coefficient of binned spike counts on a sample of each population. */
  correlationCoefficients(options: PairwiseCorrelationOptions = {}): Labelled<number> {
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

  // Statistics of interactions between areas (need `network`; see stats/area-signals.ts).

  /** Synaptic output (spikes/s) of populations and areas: rates filtered by exp(-t / tau_syn). */
  synapticOutput(options: SynapticOptions = {}): SeriesTable {
    return this.cached('synapticOutput', options, () => synapticOutputOf(this, options));
  }

  /** Synaptic input (pA spikes/s): sum over analysed sources of K |W| x synaptic output. */
  synapticInput(options: SynapticOptions = {}): SeriesTable {
    return this.cached('synapticInput', options, () => synapticInputOf(this, options));
  }

  /** BOLD signal of every area (upstream's neuRosim Balloon model of the normalised synaptic input). */
  boldSignal(options: SynapticOptions = {}): SeriesTable {
    return this.cached('bold', options, () => boldOf(this, options));
  }

  /** Functional connectivity between areas from synaptic input (default) or BOLD. */
  functionalConnectivity(options: FunctionalConnectivityOptions = {}): LabelledSquareMatrix {
    return this.cached('fc', options, () => functionalConnectivityOf(this, options));
  }

  /** A simulated FC compared with the bundled experimental FC (the paper's similarity measure). */
  compareWithExperimentalFc(simulated: LabelledSquareMatrix): FcComparison {
    return compareWithExperimentalFc(this, simulated);
  }

  /** Relative area-level indegrees K_areas[a][b] / sum_b K_areas[a] of the analysed areas (target x source). */
  structuralConnectivity(): LabelledSquareMatrix {
    return structuralConnectivityOf(this);
  }

  /**
   * Louvain communities (seeded) of a connectivity matrix, e.g. functionalConnectivity(), or
   * structuralConnectivity() with { directed: true }.
   */
  communities(matrix: LabelledSquareMatrix, options: LouvainOptions = {}): Communities {
    return louvainCommunities(matrix, options);
  }

  /** Cross-correlation functions between the areas' rates, (spikes/s)^2 over lags (ms). */
  crossCorrelations(options: AreaCorrelationOptions = {}): CrossCorrelationTable {
    return this.cached('crossCorrelations', options, () => crossCorrelationsOf(this, options));
  }

  /** Peak lags of the area cross-correlations and the temporal hierarchy they imply (Fig. 7). */
  temporalHierarchy(options: AreaCorrelationOptions & { peakWindow_ms?: number } = {}): HierarchyResult {
    return temporalHierarchyOf(this, options);
  }

  /** Decay time (ms) of each area's rate autocorrelation, fitted by Levenberg-Marquardt. */
  intrinsicTimescales(options: SignalOptions & IntrinsicTimescaleOptions = {}): Labelled<IntrinsicTimescale> {
    return intrinsicTimescalesOf(this, options);
  }

  /** Conditional Granger causality onto populations (Fig. 9; costly: one VAR per target). */
  grangerCausality(options: GrangerOptions = {}): Labelled<GrangerOfPopulation> {
    return this.cached('granger', options, () => grangerCausalityOf(this, options));
  }

  /** Significant Granger channels by structural gradient (Fig. 9, top). */
  significantChannels(granger: Labelled<GrangerOfPopulation> = this.grangerCausality(), alpha = 0.05): ChannelsByGradient {
    return significantChannelsOf(granger, this, alpha);
  }

  /** Shortest-path channels between areas on the gain matrix at the analysed rates (Fig. 9, bottom). */
  pathAnalysis(): PathAnalysis {
    return pathAnalysisOf(this);
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

  private cached<T>(name: string, options: object, make: () => T): T {
    const key = `${name} ${JSON.stringify(options)}`;
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  private indexOf(label: string): number {
    const i = this.structureVec.indexOf(label);
    if (i < 0) throw new Error(`Analysis: population '${label}' not found; expected an "area-pop" label of this network`);
    return i;
  }

  perPopulation<T>(f: (spikes: SpikeData, N: number, label: string) => T): Labelled<T> {
    return new Labelled(this.structureVec, this.structureVec.map((label, i) => f(this.spikes[i], this.N[i], label)));
  }

  perArea<T>(f: (spikes: SpikeData, N: number, area: string) => T): Labelled<T> {
    const areas = this.areas;
    return new Labelled(areas, areas.map((area) => {
      const { spikes, N } = this.areaSpikes(area);
      return f(spikes, N, area);
    }));
  }

  /** Per area: sum_i w_i x_i / sum_i w_i over its populations (NaN values and their weights skipped). */
  weightedAreaMeans(values: ArrayLike<number>, weights: ArrayLike<number>): Labelled<number> {
    const areas = this.areas;
    return new Labelled(areas, areas.map((a) => weightedMean(values, weights, this.populationsOf(a) as number[])));
  }
}

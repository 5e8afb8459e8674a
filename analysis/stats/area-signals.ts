/**
 * Area signals of an Analysis and what is computed from them (Schmidt et al. 2018, Figs. 7 and 8):
 * synaptic output and input, BOLD, functional connectivity and its comparison with experiment,
 * cross-correlation functions, the temporal hierarchy and intrinsic time scales of areas.
 *
 * All of them start from upstream's "rate_time_series_full": the population rate in 1 ms bins shifted
 * by half a bin (bins [t_min + b/2 + k b, ...)), so `binOffset_ms` defaults to binSize_ms / 2 here.
 */
import type { Analysis, SeriesTable } from '../analysis.ts';
import { isInhibitoryPopulation, splitPopulationLabel } from '../../multiarea/index.ts';
import { boldSignal } from './bold-signal.ts';
import { type CorrelationSmoothing, crossCorrelationMatrix } from './cross-correlation.ts';
import { experimentalFunctionalConnectivity, fcSimilarity, functionalConnectivity, structuralConnectivity } from './functional-connectivity.ts';
import { type IntrinsicTimescale, intrinsicTimescale, type IntrinsicTimescaleOptions } from './intrinsic-timescale.ts';
import { Labelled, type LabelledSquareMatrix } from './labelled.ts';
import { type SynapticAlignment, synapticCoupling, synapticInput, synapticOutput } from './synaptic-input.ts';
import { peakLagMatrix, type TemporalHierarchy, temporalHierarchy } from './temporal-hierarchy.ts';
import { rateTimeSeries } from './time-series.ts';

/** What the statistics of interactions need to know of the network the spikes come from. */
export interface AnalysisNetwork {
  /** Model label, for the record. */
  label?: string;
  /** All populations of the network: rows/columns of K, W_pA, J_mV. */
  structureVec: readonly string[];
  /** Indegrees [target][source] (a trailing external column is ignored). */
  K: readonly (readonly number[])[];
  /** Mean PSC amplitudes (pA) [target][source]. */
  W_pA: readonly (readonly number[])[];
  /** Mean PSP amplitudes (mV) [target][source]. */
  J_mV: readonly (readonly number[])[];
  tau_syn_ex_ms: number;
  tau_syn_in_ms: number;
  /** Area-level indegrees (target area -> source area or 'external'), for the structural connectivity. */
  K_areas?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Architectural type per area, for the structural gradients of Fig. 9. */
  architecture?: Readonly<Record<string, number>>;
  /** Slopes of the rate transfer function at the given rates (structureVec order), for path analysis. */
  transferSlopes?: (rates: Float64Array) => { dRateDmu: Float64Array; dRateDsigma2: Float64Array };
  /** Rates (spikes/s, structureVec order) assumed for populations whose spikes are not analysed. */
  defaultRates?: ArrayLike<number>;
}

export interface SignalOptions {
  /** Default 1 ms. */
  binSize_ms?: number;
  /** Default binSize_ms / 2 (upstream's rate_time_series_full bins). */
  binOffset_ms?: number;
}

export interface SynapticOptions extends SignalOptions {
  /** Default 'causal' (see synaptic-input.ts). */
  alignment?: SynapticAlignment;
}

function bins(options: SignalOptions): { binSize_ms: number; binOffset_ms: number } {
  const binSize_ms = options.binSize_ms ?? 1;
  return { binSize_ms, binOffset_ms: options.binOffset_ms ?? binSize_ms / 2 };
}

/** The network of the analysis, or an error naming the statistic that needs it. */
export function requireNetwork(a: Analysis, what: string): AnalysisNetwork {
  if (!a.network) {
    const why = a.networkMissing ? `: ${a.networkMissing}` : ' (give `network` to the Analysis; analysisOfRun rebuilds it from the run\'s params.json)';
    throw new Error(`${what} needs the network (indegrees, weights), which is not available${why}`);
  }
  return a.network;
}

/** Row of each analysed population in the network's matrices. */
export function networkIndices(a: Analysis, net: AnalysisNetwork): number[] {
  const index = new Map(net.structureVec.map((l, i) => [l, i]));
  return a.structureVec.map((label) => {
    const i = index.get(label);
    if (i === undefined) throw new Error(`population '${label}' is not in the network (${net.label ?? 'unlabelled'}); expected the network the spikes come from`);
    return i;
  });
}

/** Population rate series (spikes/s) on upstream's bins. */
export function populationRateSeries(a: Analysis, options: SignalOptions = {}): { t_ms: number[]; series: Float64Array[] } {
  const b = bins(options);
  let t_ms: number[] = [];
  const series = a.structureVec.map((label) => {
    const { spikes, N } = a.populationSpikes(label);
    const r = rateTimeSeries(spikes, Math.max(N, 1), a.window, b);
    t_ms = Array.from(r.t_ms);
    return N === 0 ? new Float64Array(r.rate_spikes_per_s.length) : r.rate_spikes_per_s;
  });
  return { t_ms, series };
}

/** Per area, the mean of population series weighted by N. */
function areaMeans(a: Analysis, series: readonly Float64Array[]): Labelled<Float64Array> {
  return new Labelled(a.areas, a.areas.map((area) => {
    const idx = a.populationsOf(area);
    const total = idx.reduce((s, i) => s + a.N[i], 0);
    const out = new Float64Array(series[idx[0]].length);
    for (const i of idx) for (let k = 0; k < out.length; k++) out[k] += (a.N[i] / total) * series[i][k];
    return out;
  }));
}

/** Synaptic output (spikes/s) of every population (tau_syn_in for inhibitory ones) and area (N-weighted). */
export function synapticOutputOf(a: Analysis, options: SynapticOptions = {}): SeriesTable {
  const net = requireNetwork(a, 'synaptic output');
  const b = bins(options);
  const { t_ms, series } = populationRateSeries(a, b);
  const outputs = series.map((rate, i) => {
    const tau = isInhibitoryPopulation(splitPopulationLabel(a.structureVec[i]).pop) ? net.tau_syn_in_ms : net.tau_syn_ex_ms;
    return synapticOutput(rate, tau, b.binSize_ms, options.alignment ?? 'causal');
  });
  return { t_ms, binSize_ms: b.binSize_ms, unit: 'spikes/s', populations: new Labelled(a.structureVec, outputs), areas: areaMeans(a, outputs) };
}

/**
 * Synaptic input (pA spikes/s) of every analysed population from every analysed population
 * (sum K |W| x synaptic output; unanalysed sources and the external drive do not contribute) and of
 * every area (N-weighted mean).
 */
export function synapticInputOf(a: Analysis, options: SynapticOptions = {}): SeriesTable {
  const net = requireNetwork(a, 'synaptic input');
  const output = synapticOutputOf(a, options);
  const rows = networkIndices(a, net);
  const inputs = synapticInput(output.populations.values, synapticCoupling(net.K, net.W_pA, rows, rows));
  return { ...output, unit: 'pA spikes/s', populations: new Labelled(a.structureVec, inputs), areas: areaMeans(a, inputs) };
}

/** BOLD signal of every area from its synaptic input (see bold-signal.ts); dimensionless. */
export function boldOf(a: Analysis, options: SynapticOptions = {}): SeriesTable {
  const input = synapticInputOf(a, options);
  return { ...input, unit: '1', populations: new Labelled<Float64Array>([], []), areas: input.areas.map((s) => boldSignal(s, input.binSize_ms)) };
}

export interface FunctionalConnectivityOptions extends SynapticOptions {
  /** 'synaptic_input' (default) or 'bold'. */
  signal?: 'synaptic_input' | 'bold';
  /** Start of the BOLD signal left out as transient (ms); default 5000 ms, as upstream. */
  boldTransient_ms?: number;
}

/** Functional connectivity between the analysed areas from their synaptic input or BOLD signal. */
export function functionalConnectivityOf(a: Analysis, options: FunctionalConnectivityOptions = {}): LabelledSquareMatrix {
  const signal = options.signal ?? 'synaptic_input';
  if (signal !== 'synaptic_input' && signal !== 'bold') {
    throw new Error(`functional connectivity: signal = '${signal as string}'; expected 'synaptic_input' or 'bold'`);
  }
  const table = signal === 'bold' ? boldOf(a, options) : synapticInputOf(a, options);
  let skip = 0;
  if (signal === 'bold') {
    const transient = options.boldTransient_ms ?? 5000;
    skip = Math.round(transient / table.binSize_ms);
    if (table.t_ms.length - skip < 2) {
      throw new Error(
        `functional connectivity from BOLD: boldTransient_ms = ${transient} leaves ${Math.max(0, table.t_ms.length - skip)} of ${table.t_ms.length} samples; expected a longer run or a shorter transient`,
      );
    }
  }
  return functionalConnectivity(table.areas.labels, table.areas.values, skip);
}

export interface FcComparison {
  /** The experimental resting-state FC of the analysed areas. */
  experimental: LabelledSquareMatrix;
  /** Pearson r (zero diagonals) of the simulated FC with the experimental one. */
  similarity: number;
  /** Pearson r of upstream's structural connectivity with the experimental FC (needs K_areas). */
  structuralSimilarity: number;
}

/** The paper's comparison of a simulated FC matrix with the bundled experimental FC. */
export function compareWithExperimentalFc(a: Analysis, simulated: LabelledSquareMatrix): FcComparison {
  const experimental = experimentalFunctionalConnectivity(simulated.labels);
  const K_areas = a.network?.K_areas;
  return {
    experimental,
    similarity: fcSimilarity(simulated, experimental),
    structuralSimilarity: K_areas ? fcSimilarity(structuralConnectivity(simulated.labels, K_areas), experimental) : NaN,
  };
}

/** Upstream's structural connectivity (relative area-level indegrees) of the analysed areas. */
export function structuralConnectivityOf(a: Analysis): LabelledSquareMatrix {
  const K_areas = requireNetwork(a, 'structural connectivity').K_areas;
  if (!K_areas) throw new Error('structural connectivity needs the area-level indegrees (network.K_areas)');
  return structuralConnectivity(a.areas, K_areas);
}

export interface CrossCorrelationTable {
  labels: string[];
  lag_ms: number[];
  /** values[i][j] = C_ij over lag_ms, (spikes/s)^2. */
  values: Float64Array[][];
}

export interface AreaCorrelationOptions extends SignalOptions {
  maxLag_ms?: number;
  smoothing?: CorrelationSmoothing;
  sigma_ms?: number;
}

/** Cross-correlation functions between the areas' rates (compute_cross_correlation.py). */
export function crossCorrelationsOf(a: Analysis, options: AreaCorrelationOptions = {}): CrossCorrelationTable {
  const b = bins(options);
  const rates = a.perArea((spikes, N) => rateTimeSeries(spikes, Math.max(N, 1), a.window, b).rate_spikes_per_s);
  const { lag_ms, values } = crossCorrelationMatrix(rates.values, { ...options, binSize_ms: b.binSize_ms });
  return { labels: [...rates.labels], lag_ms: Array.from(lag_ms), values };
}

/** Areas that receive no input from other areas of the network (upstream leaves out MDP for this reason). */
export function areasWithoutCorticalInput(a: Analysis): string[] {
  const K_areas = a.network?.K_areas;
  if (!K_areas) return [];
  return a.areas.filter((t) => Object.entries(K_areas[t] ?? {}).every(([s, k]) => s === t || s === 'external' || !(k > 0)));
}

export interface HierarchyResult extends TemporalHierarchy {
  peakLags: LabelledSquareMatrix;
  excluded: string[];
}

/** Peak-lag matrix and temporal hierarchy of the analysed areas (Fig. 7). */
export function temporalHierarchyOf(a: Analysis, options: AreaCorrelationOptions & { peakWindow_ms?: number } = {}): HierarchyResult {
  const maxLag_ms = options.peakWindow_ms ?? 100;
  const cc = crossCorrelationsOf(a, { ...options, maxLag_ms: Math.max(maxLag_ms, options.maxLag_ms ?? 0) });
  const excluded = areasWithoutCorticalInput(a);
  const peakLags = peakLagMatrix(cc.labels, cc.lag_ms, cc.values, { maxLag_ms, exclude: excluded });
  return { ...temporalHierarchy(peakLags), peakLags, excluded };
}

/** Intrinsic time scale of every area's rate (see intrinsic-timescale.ts). */
export function intrinsicTimescalesOf(a: Analysis, options: SignalOptions & IntrinsicTimescaleOptions = {}): Labelled<IntrinsicTimescale> {
  const b = bins(options);
  return a.perArea((spikes, N) =>
    intrinsicTimescale(rateTimeSeries(spikes, Math.max(N, 1), a.window, b).rate_spikes_per_s, { ...options, binSize_ms: b.binSize_ms }),
  );
}

/**
 * Causal interactions of an Analysis (Schmidt et al. 2018, Fig. 9): conditional Granger causality onto
 * populations (compute_granger_causality.py), its significant channels, and the shortest-path analysis
 * of the gain matrix (Fig9_path_analysis.py).
 */
import type { Analysis } from '../analysis.ts';
import { populationRateSeries, requireNetwork, networkIndices, type SignalOptions } from './area-signals.ts';
import { grangerCausality } from './granger-causality.ts';
import {
  type AreaPairPath,
  type ChannelsByGradient,
  pathGainMatrix,
  populationShortestPaths,
  shortestPathChannels,
  significantChannels,
} from './interaction-channels.ts';
import { Labelled } from './labelled.ts';

export interface GrangerOptions extends SignalOptions {
  /** Lags of the VAR model (bins); default 25, as upstream. */
  order?: number;
  /** Sources: populations with indegree K > minIndegree onto the target; default 1, as upstream. */
  minIndegree?: number;
  /** Target populations; default all analysed populations. */
  targets?: readonly string[];
}

export interface GrangerOfPopulation {
  target: string;
  /** Candidate source populations (analysed ones with K > minIndegree), in model order. */
  sources: string[];
  /** ln(var_reduced / var_full) per source. */
  causality: number[];
  /** Levene p-value per source. */
  pValue: number[];
}

/** Conditional Granger causality from every candidate source onto each target population. */
export function grangerCausalityOf(a: Analysis, options: GrangerOptions = {}): Labelled<GrangerOfPopulation> {
  const net = requireNetwork(a, 'Granger causality');
  const rows = networkIndices(a, net);
  const { series } = populationRateSeries(a, options);
  const minK = options.minIndegree ?? 1;
  const targets = options.targets ?? a.structureVec;
  return Labelled.fromEntries(
    targets.map((target) => {
      const t = a.structureVec.indexOf(target);
      if (t < 0) throw new Error(`Granger causality: target '${target}' is not an analysed population`);
      const sources = a.structureVec.map((_, s) => s).filter((s) => s !== t && net.K[rows[t]][rows[s]] > minK);
      if (sources.length === 0) {
        return [target, { target, sources: [], causality: [], pValue: [] }] as const;
      }
      const gc = grangerCausality([series[t], ...sources.map((s) => series[s])], options.order ?? 25, 0);
      return [
        target,
        {
          target,
          sources: sources.map((s) => a.structureVec[s]),
          causality: gc.causality.slice(1),
          pValue: gc.pValue.slice(1),
        },
      ] as const;
    }),
  );
}

function architectureOf(a: Analysis, what: string): Readonly<Record<string, number>> {
  const architecture = requireNetwork(a, what).architecture;
  if (!architecture) throw new Error(`${what} needs the areas' architectural types (network.architecture)`);
  return architecture;
}

/** Significant (p < alpha) Granger channels grouped by structural gradient. */
export function significantChannelsOf(granger: Labelled<GrangerOfPopulation>, a: Analysis, alpha = 0.05): ChannelsByGradient {
  return significantChannels(granger.values, architectureOf(a, 'significant channels'), alpha);
}

export interface PathAnalysis {
  /** For each ordered pair of different analysed areas, the shortest population path. */
  pairs: AreaPairPath[];
  /** Source -> target population channels of those paths, by structural gradient. */
  channels: ChannelsByGradient;
  /** Gain entries < 0 left out of the graph. */
  negativeEdges: number;
}

/**
 * Path analysis at the analysed rates (spikes/s over the analysis window: upstream uses a window of low
 * activity, 3500-3600 ms; populations not analysed take the network's default rates): the gain matrix K |J| dnu/dmu + K J^2 dnu/dsigma^2 over all populations of
 * the network, its shortest paths, and the best path between every pair of analysed areas.
 */
export function pathAnalysisOf(a: Analysis): PathAnalysis {
  const net = requireNetwork(a, 'path analysis');
  if (!net.transferSlopes) throw new Error('path analysis needs the transfer-function slopes (network.transferSlopes, from the theory)');
  const architecture = architectureOf(a, 'path analysis');
  const rows = networkIndices(a, net);
  const rates = new Float64Array(net.structureVec.length).fill(NaN);
  if (net.defaultRates) rates.set(Array.from(net.defaultRates));
  const measured = a.rates().populations;
  rows.forEach((r, i) => (rates[r] = measured.values[i]));
  const missing = net.structureVec.filter((_, i) => !Number.isFinite(rates[i]));
  if (missing.length > 0) {
    throw new Error(`path analysis: no rate for ${missing.length} population(s) (${missing.slice(0, 4).join(', ')}, ...); analyse all populations or give network.defaultRates`);
  }
  const slopes = net.transferSlopes(rates);
  const all = net.structureVec.map((_, i) => i);
  const paths = populationShortestPaths(net.structureVec, pathGainMatrix(net.K, net.J_mV, slopes.dRateDmu, slopes.dRateDsigma2, all));
  const { pairs, channels } = shortestPathChannels(paths, architecture, new Set(a.areas));
  return { pairs, channels, negativeEdges: paths.negativeEdges };
}

/**
 * Channels of inter-area interaction by structural gradient (Schmidt et al. 2018, Fig. 9;
 * Fig9_significant_channels.py and Fig9_path_analysis.py).
 *
 * - `structuralGradient`: upstream's helpers.structural_gradient from the areas' architectural types
 *   (viscortex_processed_data.json: architecture_completed; a lower type is less differentiated):
 *   'HL' when the target's type is lower than the source's, 'LH' when higher, 'HZ' when equal,
 *   'same-area' for target = source.
 * - `significantChannels`: every (source population, target population) pair whose Granger causality
 *   has p < alpha (0.05), grouped by the gradient of its area pair, with counts per channel.
 * - `shortestPathChannels`: on the population graph of a gain matrix (edge source -> target of weight
 *   G[t][s] > 0, divided by G's largest real eigenvalue; distance log10(1 / weight)), the shortest paths
 *   between all populations (Floyd-Warshall; upstream runs networkx Bellman-Ford from every node, and
 *   the rescaling makes every cycle non-negative; negative gains, possible where dnu/dsigma^2 < 0, are
 *   left out and counted), and for each ordered pair of different areas the
 *   population pair with the shortest path, grouped by gradient.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { areaOfLabel, splitPopulationLabel } from '../../multiarea/index.ts';

export type StructuralGradient = 'HL' | 'LH' | 'HZ' | 'same-area';
export const STRUCTURAL_GRADIENTS: readonly StructuralGradient[] = ['HL', 'LH', 'HZ', 'same-area'];

export function structuralGradient(targetArea: string, sourceArea: string, architecture: Readonly<Record<string, number>>): StructuralGradient {
  if (targetArea === sourceArea) return 'same-area';
  const t = architecture[targetArea];
  const s = architecture[sourceArea];
  if (t === undefined || s === undefined) {
    throw new Error(`structuralGradient: no architectural type for '${t === undefined ? targetArea : sourceArea}'; expected an area of the architecture table`);
  }
  return t < s ? 'HL' : t > s ? 'LH' : 'HZ';
}

/** A channel: source population -> target population (population names without area, e.g. '23E'). */
export interface ChannelCount {
  source: string;
  target: string;
  count: number;
}

function countChannels(pairs: readonly [string, string][]): ChannelCount[] {
  const counts = new Map<string, ChannelCount>();
  for (const [source, target] of pairs) {
    const key = `${source}>${target}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { source, target, count: 1 });
  }
  return [...counts.values()];
}

export type ChannelsByGradient = Record<StructuralGradient, ChannelCount[]>;

/** Granger results of one target population: p-value per source population label. */
export interface GrangerOfTarget {
  target: string;
  sources: readonly string[];
  pValue: readonly number[];
}

export function significantChannels(
  results: readonly GrangerOfTarget[],
  architecture: Readonly<Record<string, number>>,
  alpha = 0.05,
): ChannelsByGradient {
  const pairs: Record<StructuralGradient, [string, string][]> = { HL: [], LH: [], HZ: [], 'same-area': [] };
  for (const r of results) {
    const t = splitPopulationLabel(r.target);
    r.sources.forEach((label, k) => {
      if (!(r.pValue[k] < alpha)) return;
      const s = splitPopulationLabel(label);
      pairs[structuralGradient(t.area, s.area, architecture)].push([s.pop, t.pop]);
    });
  }
  return { HL: countChannels(pairs.HL), LH: countChannels(pairs.LH), HZ: countChannels(pairs.HZ), 'same-area': countChannels(pairs['same-area']) };
}

export interface ShortestPaths {
  labels: string[];
  /** distance[s][t]: shortest path length from population s to population t (Infinity: none). */
  distance: Float64Array[];
  /** The path from s to t as label indices (empty without a path). */
  path: (s: number, t: number) => number[];
  /** Gain entries < 0 (possible where dnu/dsigma^2 < 0), left out of the graph. */
  negativeEdges: number;
}

/** All-pairs shortest paths on the graph of gain[target][source] (see the module comment). */
export function populationShortestPaths(labels: readonly string[], gain: readonly (readonly number[])[]): ShortestPaths {
  const n = labels.length;
  if (gain.length !== n || gain.some((row) => row.length !== n)) throw new Error(`populationShortestPaths: the gain matrix is not ${n} x ${n}`);
  const eig = new EigenvalueDecomposition(new Matrix(gain.map((r) => [...r])));
  const lambda = Math.max(...eig.realEigenvalues);
  if (!(lambda > 0)) throw new Error(`populationShortestPaths: largest real eigenvalue ${lambda}; expected a positive one to rescale by`);
  const dist = Array.from({ length: n }, () => new Float64Array(n).fill(Infinity));
  const next = Array.from({ length: n }, () => new Int32Array(n).fill(-1));
  let negativeEdges = 0;
  for (let s = 0; s < n; s++) {
    dist[s][s] = 0;
    next[s][s] = s;
    for (let t = 0; t < n; t++) {
      const w = gain[t][s];
      if (t === s || w === 0) continue;
      if (!(w > 0)) {
        // log10(1 / w) is undefined: upstream's networkx graph gets a NaN distance there.
        negativeEdges++;
        continue;
      }
      dist[s][t] = Math.log10(lambda / w);
      next[s][t] = t;
    }
  }
  for (let k = 0; k < n; k++) {
    const dk = dist[k];
    for (let i = 0; i < n; i++) {
      const dik = dist[i][k];
      if (dik === Infinity) continue;
      const di = dist[i];
      const ni = next[i];
      for (let j = 0; j < n; j++) {
        const d = dik + dk[j];
        if (d < di[j]) {
          di[j] = d;
          ni[j] = ni[k];
        }
      }
    }
  }
  const path = (s: number, t: number): number[] => {
    if (next[s][t] < 0) return [];
    const out = [s];
    let u = s;
    while (u !== t) {
      u = next[u][t];
      out.push(u);
    }
    return out;
  };
  return { labels: [...labels], distance: dist, path, negativeEdges };
}

export interface AreaPairPath {
  sourceArea: string;
  targetArea: string;
  /** The population pair with the shortest path (full labels) and the path itself. */
  source: string;
  target: string;
  length: number;
  path: string[];
  gradient: StructuralGradient;
}

/** For each ordered pair of different areas (of `areas`, default all), the shortest population-to-population path. */
export function shortestPathChannels(
  paths: ShortestPaths,
  architecture: Readonly<Record<string, number>>,
  areas?: ReadonlySet<string>,
): { pairs: AreaPairPath[]; channels: ChannelsByGradient } {
  const byArea = new Map<string, number[]>();
  paths.labels.forEach((l, i) => {
    const a = areaOfLabel(l);
    if (!byArea.has(a)) byArea.set(a, []);
    byArea.get(a)!.push(i);
  });
  const pairs: AreaPairPath[] = [];
  const grouped: Record<StructuralGradient, [string, string][]> = { HL: [], LH: [], HZ: [], 'same-area': [] };
  for (const [targetArea, targets] of byArea) {
    for (const [sourceArea, sources] of byArea) {
      if (targetArea === sourceArea || (areas && !(areas.has(targetArea) && areas.has(sourceArea)))) continue;
      let best = { length: Infinity, s: -1, t: -1 };
      for (const t of targets) for (const s of sources) if (paths.distance[s][t] < best.length) best = { length: paths.distance[s][t], s, t };
      if (best.s < 0) continue;
      const gradient = structuralGradient(targetArea, sourceArea, architecture);
      const source = paths.labels[best.s];
      const target = paths.labels[best.t];
      pairs.push({ sourceArea, targetArea, source, target, length: best.length, path: paths.path(best.s, best.t).map((i) => paths.labels[i]), gradient });
      grouped[gradient].push([splitPopulationLabel(source).pop, splitPopulationLabel(target).pop]);
    }
  }
  return { pairs, channels: { HL: countChannels(grouped.HL), LH: countChannels(grouped.LH), HZ: countChannels(grouped.HZ), 'same-area': [] } };
}

/**
 * Upstream's gain matrix of the path analysis: K_ts |J_ts| dnu_t/dmu + K_ts J_ts^2 dnu_t/dsigma^2, from
 * the indegrees, PSP amplitudes (mV) and the transfer-function slopes of the target populations.
 */
export function pathGainMatrix(
  K: readonly (readonly number[])[],
  J_mV: readonly (readonly number[])[],
  dRateDmu: ArrayLike<number>,
  dRateDsigma2: ArrayLike<number>,
  indices: readonly number[],
): number[][] {
  return indices.map((t) => indices.map((s) => K[t][s] * (Math.abs(J_mV[t][s]) * dRateDmu[t] + J_mV[t][s] ** 2 * dRateDsigma2[t])));
}

/**
 * Functional connectivity (FC) between areas and its comparison with experiment (Schmidt et al. 2018,
 * Fig. 8; compute_functional_connectivity.py, Fig8_interactions.py).
 *
 * - `functionalConnectivity`: Pearson correlation coefficients between the areas' time series
 *   (upstream: 1 - scipy pdist 'correlation' of the mean-removed series; synaptic input, or the BOLD
 *   signal after cutting its first 5000 samples). Diagonal 1.
 * - `fcSimilarity`: the paper's measure, Pearson's r between two FC matrices with their diagonals set
 *   to 0, over all n^2 entries (numpy.corrcoef of the flattened zero-diagonal matrices).
 * - `experimentalFunctionalConnectivity`: the resting-state fMRI FC bundled with the model data
 *   (data/multiarea, the table upstream reads from Fig8_exp_func_conn.csv), in the given area order.
 * - `structuralConnectivity`: upstream's structural matrix of Fig. 8, K_areas[a][b] / sum over all
 *   sources of a, the external input included in the sum (as upstream sums K_areas[a].values()).
 */
import { expFunctionalConnectivityByArea } from '../../multiarea/index.ts';
import type { LabelledSquareMatrix } from './labelled.ts';

/** Pearson correlation of two equally long series (NaN if either is constant). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new Error(`pearson: ${n} and ${y.length} values; expected equal lengths`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** FC matrix of the series (one per label), optionally after dropping the first `skipSamples`. */
export function functionalConnectivity(
  labels: readonly string[],
  series: readonly ArrayLike<number>[],
  skipSamples = 0,
): LabelledSquareMatrix {
  if (labels.length !== series.length) {
    throw new Error(`functionalConnectivity: ${labels.length} labels but ${series.length} series; expected one series per label`);
  }
  const n = series[0]?.length ?? 0;
  series.forEach((s, i) => {
    if (s.length !== n) throw new Error(`functionalConnectivity: series of '${labels[i]}' has ${s.length} samples; expected ${n}`);
  });
  if (!(Number.isInteger(skipSamples) && skipSamples >= 0 && n - skipSamples >= 2)) {
    throw new Error(`functionalConnectivity: skipping ${skipSamples} of ${n} samples; expected at least 2 samples left`);
  }
  const cut = series.map((s) => Float64Array.from(s).subarray(skipSamples));
  const values = labels.map((_, i) => labels.map((_, j) => (i === j ? 1 : NaN)));
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) values[i][j] = values[j][i] = pearson(cut[i], cut[j]);
  }
  return { labels: [...labels], values };
}

/** Pearson's r of the zero-diagonal matrices a and b over all entries (same labels, same order). */
export function fcSimilarity(a: LabelledSquareMatrix, b: LabelledSquareMatrix): number {
  if (a.labels.length !== b.labels.length || a.labels.some((l, i) => l !== b.labels[i])) {
    throw new Error(`fcSimilarity: the matrices have different labels (${a.labels.join(',')} vs ${b.labels.join(',')}); expected the same areas in the same order`);
  }
  const flat = (m: LabelledSquareMatrix): number[] => m.values.flatMap((row, i) => row.map((v, j) => (i === j ? 0 : v)));
  return pearson(flat(a), flat(b));
}

/** The bundled experimental FC for `areas`, in that order. */
export function experimentalFunctionalConnectivity(areas: readonly string[]): LabelledSquareMatrix {
  const fc = expFunctionalConnectivityByArea();
  for (const a of areas) {
    if (!(a in fc)) throw new Error(`experimental functional connectivity: no data for area '${a}'; expected an area of the model`);
  }
  return { labels: [...areas], values: areas.map((a) => areas.map((b) => fc[a][b])) };
}

/** Relative area-level indegrees K_areas[target][source] / sum_source K_areas[target] (external included). */
export function structuralConnectivity(
  areas: readonly string[],
  K_areas: Readonly<Record<string, Readonly<Record<string, number>>>>,
): LabelledSquareMatrix {
  return {
    labels: [...areas],
    values: areas.map((a) => {
      const row = K_areas[a];
      if (!row) throw new Error(`structuralConnectivity: no indegrees of area '${a}'`);
      const total = Object.values(row).reduce((s, v) => s + v, 0);
      return areas.map((b) => (total > 0 ? (row[b] ?? 0) / total : 0));
    }),
  };
}

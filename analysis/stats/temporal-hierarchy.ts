/**
 * Temporal hierarchy of areas from the lags of their cross-correlation extrema (Schmidt et al. 2018,
 * Fig. 7, Fig7_temporal_hierarchy.py).
 *
 * - `correlationPeak`: the extremum of C(tau) over -maxLag < tau < maxLag (upstream: 100 ms) with the
 *   largest |C|: upstream looks for maxima of C and of -C with scipy's find_peaks_cwt (width 5) and
 *   keeps the larger in magnitude; here the candidates are the interior local maxima and minima of the
 *   (smoothed) function, so the CWT's ridge detection is replaced by the plain extremum. NaN without any.
 * - `peakLagMatrix`: M[i][j] = lag of C_ij's extremum for i < j, M[j][i] = -M[i][j], M[i][i] = 0, NaN for
 *   excluded areas (upstream excludes MDP, which gets no cortico-cortical input).
 * - `temporalHierarchy`: positions h minimising sum_{i != j, M_ij finite} (h_i - h_j - M_ij)^2 (upstream
 *   minimises the square root of the same sum with scipy.optimize.minimize from a random start); the
 *   problem is linear, so h solves the normal equations exactly (graph Laplacian, mean fixed at 0),
 *   then is mapped onto [0, 1]. For a complete antisymmetric M, h_i = mean_j M_ij + const.
 *   `violations` counts pairs i < j whose order in h contradicts the sign of M_ij (as upstream's
 *   count_violations).
 */
import { Matrix, solve } from 'ml-matrix';
import type { LabelledSquareMatrix } from './labelled.ts';

export interface CorrelationPeak {
  lag_ms: number;
  value: number;
}

export function correlationPeak(lag_ms: ArrayLike<number>, values: ArrayLike<number>, maxLag_ms = 100): CorrelationPeak {
  if (lag_ms.length !== values.length) {
    throw new Error(`correlationPeak: ${lag_ms.length} lags but ${values.length} values; expected equal lengths`);
  }
  let best: CorrelationPeak = { lag_ms: NaN, value: NaN };
  const inside = (k: number): boolean => lag_ms[k] > -maxLag_ms && lag_ms[k] < maxLag_ms;
  for (let k = 1; k + 1 < values.length; k++) {
    if (!inside(k)) continue;
    const v = values[k];
    const isMax = v > values[k - 1] && v >= values[k + 1];
    const isMin = v < values[k - 1] && v <= values[k + 1];
    if ((isMax || isMin) && !(Math.abs(v) <= Math.abs(best.value))) best = { lag_ms: lag_ms[k], value: v };
  }
  return best;
}

/** Lags (ms) of the extrema of C_ij for all pairs; `values[i][j]` are the functions over `lag_ms`. */
export function peakLagMatrix(
  labels: readonly string[],
  lag_ms: ArrayLike<number>,
  values: readonly (readonly ArrayLike<number>[])[],
  options: { maxLag_ms?: number; exclude?: readonly string[] } = {},
): LabelledSquareMatrix {
  const n = labels.length;
  const excluded = new Set(options.exclude ?? []);
  const M = labels.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const lag = excluded.has(labels[i]) || excluded.has(labels[j]) ? NaN : correlationPeak(lag_ms, values[i][j], options.maxLag_ms).lag_ms;
      M[i][j] = lag;
      M[j][i] = -lag;
    }
    if (excluded.has(labels[i])) M[i][i] = NaN;
  }
  return { labels: [...labels], values: M };
}

export interface TemporalHierarchy {
  /** Areas from the lowest to the highest position. */
  order: string[];
  /** Position in [0, 1] of each area of `order`. */
  position: number[];
  /** Root of the minimised sum of squares (ms), upstream's objective. */
  deviation_ms: number;
  /** Pairs whose order contradicts the sign of their peak lag. */
  violations: number;
}

export function temporalHierarchy(lags: LabelledSquareMatrix): TemporalHierarchy {
  const keep = lags.labels.map((_, i) => i).filter((i) => lags.values[i].some((v, j) => j !== i && Number.isFinite(v)));
  const n = keep.length;
  if (n < 2) throw new Error(`temporalHierarchy: ${n} area(s) with finite peak lags; expected at least 2`);
  const M = keep.map((i) => keep.map((j) => lags.values[i][j]));
  // Normal equations of sum_{i != j} (h_i - h_j - M_ij)^2 plus (sum h)^2 to fix the free offset.
  const L = Matrix.ones(n, n);
  const rhs = Matrix.zeros(n, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || !Number.isFinite(M[i][j])) continue;
      // d/dh_i and d/dh_j of (h_i - h_j - M_ij)^2, halved.
      L.set(i, i, L.get(i, i) + 1);
      L.set(i, j, L.get(i, j) - 1);
      L.set(j, j, L.get(j, j) + 1);
      L.set(j, i, L.get(j, i) - 1);
      rhs.set(i, 0, rhs.get(i, 0) + M[i][j]);
      rhs.set(j, 0, rhs.get(j, 0) - M[i][j]);
    }
  }
  const h = solve(L, rhs).getColumn(0);
  let ss = 0;
  let violations = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || !Number.isFinite(M[i][j])) continue;
      ss += (h[i] - h[j] - M[i][j]) ** 2;
      if (j > i && Math.sign(h[i] - h[j]) !== Math.sign(M[i][j])) violations++;
    }
  }
  const sorted = h.map((_, k) => k).sort((a, b) => h[a] - h[b]);
  const lo = h[sorted[0]];
  const span = h[sorted[n - 1]] - lo;
  return {
    order: sorted.map((k) => lags.labels[keep[k]]),
    position: sorted.map((k) => (span > 0 ? (h[k] - lo) / span : 0)),
    deviation_ms: Math.sqrt(ss),
    violations,
  };
}

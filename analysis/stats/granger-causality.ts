/**
 * Conditional Granger causality onto one target series, as upstream's compute_granger_causality.py
 * (Schmidt et al. 2018, Fig. 9): all series are mean-removed, a vector autoregressive model of order p
 * (upstream: 25 ms lags of 1 ms rate bins) with a constant is fitted by least squares to the target and
 * all its candidate sources (statsmodels VAR(p)), and for each source once more without that source.
 * Per source:
 *   causality = ln(var_reduced / var_full),
 * the residual variances of the target's equation (numpy.cov, ddof 1), and the p-value of Levene's test
 * (Brown-Forsythe, scipy's default) between the residuals scaled by sqrt((T - 1) / (T - k)) and
 * sqrt((T - 1) / (T - k_reduced)), T the number of residuals and k = variables x p.
 *
 * Only the target's equation of the VAR enters these numbers, so only it is fitted: its normal
 * equations are built from lagged cross products in O(m^2 p T), inverted once, and every reduced
 * model follows exactly from the full one by the partitioned-inverse identity
 *   b_reduced = b_rest - C_rest,S C_S,S^-1 b_S   (C the inverse Gram matrix, S the source's columns),
 * instead of m separate VAR fits of all m equations.
 */
import { inverse, Matrix } from 'ml-matrix';
import { leveneTest } from './levene-test.ts';
import { meanRemoved } from './series-helpers.ts';

export interface GrangerCausality {
  /** ln(var_reduced / var_full) per series; NaN at the target. */
  causality: number[];
  /** Levene p-value per series; NaN at the target. */
  pValue: number[];
  /** Residual variance of the target's equation in the full model (series unit squared). */
  residualVariance: number;
}

function varianceDdof1(r: Float64Array): number {
  let mean = 0;
  for (const v of r) mean += v;
  mean /= r.length;
  let ss = 0;
  for (const v of r) ss += (v - mean) ** 2;
  return ss / (r.length - 1);
}

/**
 * Granger causality from every other series onto series `target` (default 0) with a VAR of `order`.
 */
export function grangerCausality(series: readonly ArrayLike<number>[], order = 25, target = 0): GrangerCausality {
  const m = series.length;
  if (m < 2) throw new Error(`grangerCausality: ${m} series; expected the target and at least one source`);
  if (!(Number.isInteger(order) && order >= 1)) throw new Error(`grangerCausality: order = ${order}; expected a positive number of lags`);
  if (!(Number.isInteger(target) && target >= 0 && target < m)) throw new Error(`grangerCausality: target = ${target}; expected an index in [0, ${m})`);
  const n = series[0].length;
  series.forEach((s, i) => {
    if (s.length !== n) throw new Error(`grangerCausality: series ${i} has ${s.length} samples; expected ${n} like series 0`);
  });
  const P = order;
  const rows = n - P;
  const D = 1 + m * P;
  if (rows - D < 2) {
    throw new Error(`grangerCausality: ${n} samples for ${m} series and order ${P}; expected more than ${D + P + 1} samples`);
  }
  const y = series.map((s, i) => meanRemoved(s, `grangerCausality: series ${i}`));
  const col = (v: number, l: number): number => 1 + v * P + (l - 1);

  // Gram matrix of the regressors [1, y_v(t - l)] over t = P .. n-1.
  const G = new Matrix(D, D);
  G.set(0, 0, rows);
  for (let v = 0; v < m; v++) {
    for (let l = 1; l <= P; l++) {
      let s = 0;
      for (let t = P; t < n; t++) s += y[v][t - l];
      G.set(0, col(v, l), s);
      G.set(col(v, l), 0, s);
    }
  }
  for (let v = 0; v < m; v++) {
    for (let w = v; w < m; w++) {
      const a = y[v];
      const b = y[w];
      for (let d = -(P - 1); d <= P - 1; d++) {
        // S(l) = sum_t a[t - l] b[t - l - d] for lags l and l + d in 1..P, by a sliding window over l.
        const lFirst = Math.max(1, 1 - d);
        const lLast = Math.min(P, P - d);
        let s = 0;
        for (let t = P; t < n; t++) s += a[t - lFirst] * b[t - lFirst - d];
        for (let l = lFirst; l <= lLast; l++) {
          if (l > lFirst) s += a[P - l] * b[P - l - d] - a[n - l] * b[n - l - d];
          G.set(col(v, l), col(w, l + d), s);
          G.set(col(w, l + d), col(v, l), s);
        }
      }
    }
  }
  const yt = y[target];
  const Xy = new Float64Array(D);
  for (let t = P; t < n; t++) Xy[0] += yt[t];
  for (let v = 0; v < m; v++) {
    for (let l = 1; l <= P; l++) {
      let s = 0;
      for (let t = P; t < n; t++) s += y[v][t - l] * yt[t];
      Xy[col(v, l)] = s;
    }
  }
  const C = inverse(G);
  const beta = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += C.get(i, j) * Xy[j];
    beta[i] = s;
  }
  /** r[t - P] = yt[t] - x_t . coef (sign -1) or + x_t . coef (sign +1) added to base. */
  const applyDesign = (coef: Float64Array, base: Float64Array, sign: number): Float64Array => {
    const out = Float64Array.from(base);
    for (let k = 0; k < rows; k++) out[k] += sign * coef[0];
    for (let v = 0; v < m; v++) {
      for (let l = 1; l <= P; l++) {
        const c = sign * coef[col(v, l)];
        if (c === 0) continue;
        const yv = y[v];
        for (let k = 0; k < rows; k++) out[k] += c * yv[k + P - l];
      }
    }
    return out;
  };
  const residual = applyDesign(beta, yt.subarray(P), -1);
  const variance = varianceDdof1(residual);
  const kFull = m * P;
  const scaleFull = Math.sqrt((rows - 1) / (rows - kFull));
  const scaleReduced = Math.sqrt((rows - 1) / (rows - (m - 1) * P));
  const scaledFull = residual.map((r) => r * scaleFull);

  const causality = new Array<number>(m).fill(NaN);
  const pValue = new Array<number>(m).fill(NaN);
  for (let s = 0; s < m; s++) {
    if (s === target) continue;
    const S = Array.from({ length: P }, (_, l) => col(s, l + 1));
    const Css = new Matrix(S.map((i) => S.map((j) => C.get(i, j))));
    const z = inverse(Css).mmul(Matrix.columnVector(S.map((i) => beta[i]))).getColumn(0);
    // Dropping S changes the fitted values by X w, w = C[:, S] C_SS^-1 b_S.
    const w = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      let acc = 0;
      for (let j = 0; j < P; j++) acc += C.get(i, S[j]) * z[j];
      w[i] = acc;
    }
    const reduced = applyDesign(w, residual, +1);
    causality[s] = Math.log(varianceDdof1(reduced) / variance);
    pValue[s] = leveneTest(scaledFull, reduced.map((r) => r * scaleReduced)).pValue;
  }
  return { causality, pValue, residualVariance: variance };
}

/**
 * Binomial generalised linear model with probit link, fitted by iteratively reweighted least squares with
 * the conventions of R's `glm` (starting means (y + 1/2) / (n + 1), link clamped at the machine-epsilon
 * quantile, convergence on the relative change of the deviance). aod's `betabin` starts its likelihood
 * search from exactly these coefficients, so they must follow R's iteration, not merely converge to the same
 * optimum.
 */

import { normalCdf, normalPdf, normalQuantile } from './normal.ts';

export interface ProbitGlmOptions {
  /** Convergence when |dev - dev_old| / (|dev| + 0.1) < tolerance (R default 1e-8). */
  tolerance?: number;
  /** Maximum IRLS iterations (R default 25). */
  maxIterations?: number;
}

export interface ProbitGlmResult {
  coefficients: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
}

const EPS = Number.EPSILON;
/** |eta| beyond which Phi(eta) would round to 0 or 1; R clamps the linear predictor there. */
const ETA_LIMIT = -normalQuantile(EPS);

function probitMean(eta: number): number {
  return normalCdf(Math.min(Math.max(eta, -ETA_LIMIT), ETA_LIMIT));
}

function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

function binomialDeviance(proportion: Float64Array, mu: Float64Array, trials: Float64Array): number {
  let deviance = 0;
  for (let i = 0; i < mu.length; i++) {
    deviance += 2 * trials[i] * (yLogY(proportion[i], mu[i]) + yLogY(1 - proportion[i], 1 - mu[i]));
  }
  return deviance;
}

/**
 * Weighted least squares by Householder QR: argmin_b sum_i (sqrtWeight_i (z_i - X_i b))^2.
 * `design` is row-major, rows x p.
 */
function weightedLeastSquares(design: Float64Array[], z: Float64Array, sqrtWeight: Float64Array): Float64Array {
  const rows = design.length;
  const p = design[0].length;
  const a = design.map((row, i) => row.map((v) => v * sqrtWeight[i]));
  const rhs = z.map((v, i) => v * sqrtWeight[i]);
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < rows; i++) norm = Math.hypot(norm, a[i][k]);
    if (norm === 0) throw new Error(`probitGlm: design column ${k} is linearly dependent on the others; expected full rank`);
    const alpha = a[k][k] > 0 ? -norm : norm;
    // Householder vector v = x - alpha e_k, stored in place in column k.
    a[k][k] -= alpha;
    let vNorm2 = 0;
    for (let i = k; i < rows; i++) vNorm2 += a[i][k] * a[i][k];
    for (let j = k + 1; j < p; j++) {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += a[i][k] * a[i][j];
      const factor = (2 * dot) / vNorm2;
      for (let i = k; i < rows; i++) a[i][j] -= factor * a[i][k];
    }
    let dot = 0;
    for (let i = k; i < rows; i++) dot += a[i][k] * rhs[i];
    const factor = (2 * dot) / vNorm2;
    for (let i = k; i < rows; i++) rhs[i] -= factor * a[i][k];
    a[k][k] = alpha; // diagonal of R
  }
  const rankTolerance = 1e-11 * Math.max(...Array.from({ length: p }, (_, k) => Math.abs(a[k][k])));
  const b = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    if (Math.abs(a[k][k]) <= rankTolerance) {
      throw new Error(`probitGlm: design column ${k} is linearly dependent on the others; expected full rank`);
    }
    let sum = rhs[k];
    for (let j = k + 1; j < p; j++) sum -= a[k][j] * b[j];
    b[k] = sum / a[k][k];
  }
  return b;
}

/**
 * Fit P(success) = Phi(X b) to `successes` out of `trials` (rows with trials = 0 carry no information and are
 * ignored). `design` holds one row of covariates per observation (include a column of ones for an intercept).
 */
export function fitProbitGlm(
  design: ArrayLike<number>[],
  successes: ArrayLike<number>,
  trials: ArrayLike<number>,
  options: ProbitGlmOptions = {},
): ProbitGlmResult {
  const tolerance = options.tolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 25;
  const used: number[] = [];
  for (let i = 0; i < design.length; i++) if (trials[i] > 0) used.push(i);
  if (used.length === 0) throw new Error('probitGlm: no observation with trials > 0; expected at least one');
  const X = used.map((i) => Float64Array.from(design[i]));
  const n = Float64Array.from(used, (i) => trials[i]);
  const y = Float64Array.from(used, (i) => successes[i] / trials[i]);
  const m = used.length;

  const eta = new Float64Array(m);
  const mu = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    eta[i] = normalQuantile((n[i] * y[i] + 0.5) / (n[i] + 1));
    mu[i] = probitMean(eta[i]);
  }
  let previousDeviance = binomialDeviance(y, mu, n);
  const z = new Float64Array(m);
  const sqrtWeight = new Float64Array(m);
  let coefficients: Float64Array = new Float64Array(X[0].length);
  let deviance = previousDeviance;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    for (let i = 0; i < m; i++) {
      const slope = Math.max(normalPdf(eta[i]), EPS); // d mu / d eta
      z[i] = eta[i] + (y[i] - mu[i]) / slope;
      sqrtWeight[i] = Math.sqrt((n[i] * slope * slope) / (mu[i] * (1 - mu[i])));
    }
    coefficients = weightedLeastSquares(X, z, sqrtWeight);
    for (let i = 0; i < m; i++) {
      let linear = 0;
      for (let k = 0; k < coefficients.length; k++) linear += X[i][k] * coefficients[k];
      eta[i] = linear;
      mu[i] = probitMean(linear);
    }
    deviance = binomialDeviance(y, mu, n);
    if (!Number.isFinite(deviance)) {
      throw new Error(`probitGlm: deviance became ${deviance} at iteration ${iteration}; expected a finite value`);
    }
    if (Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < tolerance) {
      return { coefficients, deviance, iterations: iteration, converged: true };
    }
    previousDeviance = deviance;
  }
  return { coefficients, deviance, iterations: maxIterations, converged: false };
}

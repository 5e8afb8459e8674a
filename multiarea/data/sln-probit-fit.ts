/**
 * The SLN fit of Schmidt et al. (2018): beta-binomial regression with a probit link of the number of
 * supragranular labelled neurons on the log ratio ln(rho_target / rho_source) of the overall neuron densities.
 *
 * Model (R package aod, function `betabin`, with `random = ~1`): for row i with covariate x_i,
 *   p_i = Phi(intercept + slope * x_i),
 *   successes_i | pi_i ~ Binomial(trials_i, pi_i),  pi_i ~ Beta(p_i (1 - phi) / phi, (1 - p_i) (1 - phi) / phi),
 * so E[successes_i] = trials_i p_i and Var = trials_i p_i (1 - p_i) (1 + (trials_i - 1) phi): phi in (0, 1) is
 * the intra-class correlation of the labelled neurons of one injection, shared by all rows.
 *
 * Upstream obtained its coefficients by R's `betabin`, i.e. a probit binomial GLM for the starting
 * coefficients, phi = 0.1, then R's default Nelder–Mead (`optim`, relative tolerance sqrt(eps)) on minus the
 * log-likelihood. That search stops ~3e-4 short of the exact maximum in both coefficients, so the published
 * (-0.1516142, -1.5343200) are reproduced only by replaying it: method 'aod' (the default) does exactly that;
 * method 'mle' continues with Newton steps to the exact maximum-likelihood estimate.
 */

import { logBeta, logChoose, digamma } from '../../core/index.ts';
import { nelderMead } from '../../core/index.ts';
import { newtonMinimize, hessianFromGradient } from '../../core/index.ts';
import { normalCdf, normalPdf } from '../../core/index.ts';
import { fitProbitGlm } from '../../core/index.ts';

/**
 * One injection/source pair: `successes` supragranular labelled neurons out of `trials` labelled neurons
 * (build these from the prepared table with `slnObservationsFromTable`).
 */
export interface SlnObservation {
  /** Covariate: ln(rho_target / rho_source) of the overall neuron densities, column DENS of upstream's table. */
  x: number;
  successes: number;
  trials: number;
}

export type SlnFitMethod = 'aod' | 'mle';

export interface SlnFitOptions {
  /** 'aod' (default): replay R's aod::betabin search, reproducing upstream; 'mle': exact maximum. */
  method?: SlnFitMethod;
  /** Evaluation limit of the Nelder–Mead stage (upstream passes maxit = 100000). */
  maxEvaluations?: number;
  /** Starting value of phi (aod's default 0.1); must lie in (0, 1). */
  initialPhi?: number;
}

export interface SlnFitParameters {
  intercept: number;
  slope: number;
  phi: number;
}

export interface SlnFitResult extends SlnFitParameters {
  /** Log-likelihood at the estimate, including the binomial coefficients (as aod's logL). */
  logLikelihood: number;
  /**
   * 'aod': objective evaluations of the Nelder–Mead search (what aod reports as `iterations`);
   * 'mle': that count plus the Newton iterations.
   */
  iterations: number;
  /** The Nelder–Mead search met its tolerance (and, for 'mle', the gradient vanished). */
  converged: boolean;
  method: SlnFitMethod;
  /** Starting point of the likelihood search: probit GLM coefficients and the initial phi. */
  start: SlnFitParameters;
  /** Asymptotic standard errors from the inverse observed information at the estimate. */
  standardErrors: SlnFitParameters;
}

/** aod's stand-in for a non-finite log-likelihood (it returns minus this). */
const AOD_PENALTY = 1e20;

interface PreparedRows {
  x: Float64Array;
  successes: Float64Array;
  failures: Float64Array;
  trials: Float64Array;
  /** Sum of ln C(trials, successes). */
  logBinomialConstant: number;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function prepareRows(rows: readonly SlnObservation[], checkIdentifiable: boolean): PreparedRows {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new Error(`fitSlnProbit: rows = ${Array.isArray(rows) ? '[]' : String(rows)}; expected a non-empty array of {x, successes, trials}`);
  }
  const m = rows.length;
  const prepared: PreparedRows = {
    x: new Float64Array(m),
    successes: new Float64Array(m),
    failures: new Float64Array(m),
    trials: new Float64Array(m),
    logBinomialConstant: 0,
  };
  rows.forEach((row, i) => {
    const { x, successes, trials } = row ?? ({} as SlnObservation);
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new Error(`fitSlnProbit: rows[${i}].x = ${x}; expected a finite number`);
    }
    if (!isCount(trials)) throw new Error(`fitSlnProbit: rows[${i}].trials = ${trials}; expected an integer >= 0`);
    if (!isCount(successes) || successes > trials) {
      throw new Error(`fitSlnProbit: rows[${i}].successes = ${successes}; expected an integer in [0, trials = ${trials}]`);
    }
    prepared.x[i] = x;
    prepared.successes[i] = successes;
    prepared.failures[i] = trials - successes;
    prepared.trials[i] = trials;
    prepared.logBinomialConstant += logChoose(trials, successes);
  });
  if (!checkIdentifiable) return prepared;
  const informative = rows.filter((r) => r.trials > 0);
  if (new Set(informative.map((r) => r.x)).size < 2) {
    throw new Error(`fitSlnProbit: rows with trials > 0 have ${new Set(informative.map((r) => r.x)).size} distinct x values; expected at least 2 to fit a slope`);
  }
  if (informative.every((r) => r.successes === 0) || informative.every((r) => r.successes === r.trials)) {
    throw new Error('fitSlnProbit: successes are all 0 or all equal to trials; expected both outcomes to occur');
  }
  return prepared;
}

/**
 * Sum over rows of ln P(successes | trials) without the binomial coefficients, following aod's arithmetic
 * (phi = 0 falls back to the binomial; values outside (0, 1) are not finite).
 */
function kernelLogLikelihood(data: PreparedRows, intercept: number, slope: number, phi: number): number {
  const { x, successes, failures } = data;
  let sum = 0;
  if (phi === 0) {
    for (let i = 0; i < x.length; i++) {
      const p = normalCdf(intercept + slope * x[i]);
      sum += (successes[i] > 0 ? successes[i] * Math.log(p) : 0) + (failures[i] > 0 ? failures[i] * Math.log1p(-p) : 0);
    }
    return sum;
  }
  for (let i = 0; i < x.length; i++) {
    const p = normalCdf(intercept + slope * x[i]);
    const a = (p * (1 - phi)) / phi;
    const b = ((1 - p) * (1 - phi)) / phi;
    sum += logBeta(a + successes[i], b + failures[i]) - logBeta(a, b);
  }
  return sum;
}

/**
 * Log-likelihood of the beta-binomial probit model (including the binomial coefficients); -Infinity or NaN
 * where the parameters are outside the model (phi outside [0, 1)).
 */
export function betaBinomialProbitLogLikelihood(rows: readonly SlnObservation[], parameters: SlnFitParameters): number {
  const data = prepareRows(rows, false);
  return data.logBinomialConstant + kernelLogLikelihood(data, parameters.intercept, parameters.slope, parameters.phi);
}

/** Gradient of the kernel log-likelihood with respect to (intercept, slope, phi), for 0 < phi < 1. */
function kernelGradient(data: PreparedRows, intercept: number, slope: number, phi: number): Float64Array {
  const { x, successes, failures, trials } = data;
  const t = (1 - phi) / phi; // total Beta concentration a + b
  const dtDphi = -1 / (phi * phi);
  const psiT = digamma(t);
  let dIntercept = 0;
  let dSlope = 0;
  let dPhi = 0;
  for (let i = 0; i < x.length; i++) {
    const eta = intercept + slope * x[i];
    const p = normalCdf(eta);
    const a = p * t;
    const b = (1 - p) * t;
    const dA = digamma(a + successes[i]) - digamma(a);
    const dB = digamma(b + failures[i]) - digamma(b);
    const dEta = t * (dA - dB) * normalPdf(eta);
    dIntercept += dEta;
    dSlope += dEta * x[i];
    dPhi += (p * dA + (1 - p) * dB + psiT - digamma(t + trials[i])) * dtDphi;
  }
  return Float64Array.of(dIntercept, dSlope, dPhi);
}

/** Inverse of a 3 x 3 matrix (row-major) by the adjugate. */
function invert3(m: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m;
  const cofactors = [e * i - f * h, f * g - d * i, d * h - e * g, c * h - b * i, a * i - c * g, b * g - a * h, b * f - c * e, c * d - a * f, a * e - b * d];
  const det = a * cofactors[0] + b * cofactors[1] + c * cofactors[2];
  // inverse[r][c] = cofactor[c][r] / det
  return Float64Array.from([0, 3, 6, 1, 4, 7, 2, 5, 8], (k) => cofactors[k] / det);
}

/**
 * Fit the beta-binomial probit regression of SLN counts on the log density ratio by maximum likelihood.
 * Throws for an empty row list, non-finite covariates, non-integer or inconsistent counts, a single distinct
 * covariate value, or responses without variation.
 */
export function fitSlnProbit(rows: readonly SlnObservation[], options: SlnFitOptions = {}): SlnFitResult {
  const method = options.method ?? 'aod';
  if (method !== 'aod' && method !== 'mle') {
    throw new Error(`fitSlnProbit: options.method = ${String(method)}; expected 'aod' or 'mle'`);
  }
  const initialPhi = options.initialPhi ?? 0.1;
  if (!(initialPhi > 0 && initialPhi < 1)) {
    throw new Error(`fitSlnProbit: options.initialPhi = ${initialPhi}; expected a number in (0, 1)`);
  }
  const maxEvaluations = options.maxEvaluations ?? 100000;
  if (!(Number.isInteger(maxEvaluations) && maxEvaluations > 0)) {
    throw new Error(`fitSlnProbit: options.maxEvaluations = ${maxEvaluations}; expected a positive integer`);
  }
  const data = prepareRows(rows, true);

  const glm = fitProbitGlm(
    Array.from(data.x, (x) => [1, x]),
    data.successes,
    data.trials,
  );
  const start: SlnFitParameters = { intercept: glm.coefficients[0], slope: glm.coefficients[1], phi: initialPhi };

  const minusLogLikelihood = (theta: Float64Array): number => {
    const logL = data.logBinomialConstant + kernelLogLikelihood(data, theta[0], theta[1], theta[2]);
    return Number.isFinite(logL) ? -logL : AOD_PENALTY;
  };
  const search = nelderMead(minusLogLikelihood, [start.intercept, start.slope, start.phi], {
    maxEvaluations,
  });
  let estimate = search.x;
  let value = search.value;
  let iterations = search.evaluations;
  let converged = search.code === 0;

  const minusGradient = (theta: Float64Array): Float64Array =>
    kernelGradient(data, theta[0], theta[1], theta[2]).map((g) => -g);
  const insideModel = (theta: Float64Array): boolean => theta[2] > 0 && theta[2] < 1;
  if (!insideModel(estimate)) {
    throw new Error(`fitSlnProbit: the likelihood search ended at phi = ${estimate[2]}; expected phi in (0, 1) (no overdispersion to fit?)`);
  }
  let hessian: Float64Array;
  if (method === 'mle') {
    const polish = newtonMinimize(minusLogLikelihood, minusGradient, estimate, {
      isFeasible: insideModel,
      gradientTolerance: 1e-11,
    });
    estimate = polish.x;
    value = polish.value;
    iterations += polish.iterations;
    converged = converged && polish.converged;
    hessian = polish.hessian;
  } else {
    hessian = hessianFromGradient(minusGradient, estimate);
  }
  const covariance = invert3(hessian);
  return {
    intercept: estimate[0],
    slope: estimate[1],
    phi: estimate[2],
    logLikelihood: -value,
    iterations,
    converged,
    method,
    start,
    standardErrors: {
      intercept: Math.sqrt(covariance[0]),
      slope: Math.sqrt(covariance[4]),
      phi: Math.sqrt(covariance[8]),
    },
  };
}

/**
 * Nonlinear least squares for every curve fit of analysis/ (Levenberg-Marquardt from
 * ml-levenberg-marquardt), with what a fit must report: the residuals, the residual sum of squares and
 * the parameters' standard errors from the covariance s^2 (J^T J)^-1 at the optimum, s^2 = RSS / (n - p),
 * J the model's Jacobian (the usual asymptotic estimate, as scipy.optimize.curve_fit's pcov).
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { inverse, Matrix } from 'ml-matrix';

export interface NonlinearModel {
  /** Parameter names, in the order of the parameter vector. */
  names: readonly string[];
  f: (p: readonly number[], x: number) => number;
  /** Partial derivatives of f with respect to each parameter at x. */
  jacobian: (p: readonly number[], x: number) => number[];
}

export interface NonlinearFitOptions {
  /** Default 200. */
  maxIterations?: number;
  minValues?: readonly number[];
  maxValues?: readonly number[];
}

export interface NonlinearFit {
  parameters: Record<string, number>;
  standardErrors: Record<string, number>;
  /** Covariance of the parameters, in the order of `names`. */
  covariance: number[][];
  /** y - f(x) at every point. */
  residuals: number[];
  /** Residual sum of squares. */
  rss: number;
  /** sqrt(RSS / (n - p)). */
  residualStd: number;
  degreesOfFreedom: number;
  iterations: number;
}

export function fitNonlinear(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  model: NonlinearModel,
  initial: readonly number[],
  options: NonlinearFitOptions = {},
): NonlinearFit {
  const p = model.names.length;
  if (initial.length !== p) throw new Error(`fitNonlinear: ${initial.length} initial values for ${p} parameters (${model.names.join(', ')})`);
  if (x.length !== y.length) throw new Error(`fitNonlinear: ${x.length} x values but ${y.length} y values; expected equal lengths`);
  if (x.length <= p) throw new Error(`fitNonlinear: ${x.length} points for ${p} parameters; expected more points than parameters`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new Error(`fitNonlinear: point ${i} = (${x[i]}, ${y[i]}); expected finite values`);
  }
  const result = levenbergMarquardt(
    { x: Array.from(x), y: Array.from(y) },
    (params) => (xi) => model.f(params, xi),
    {
      initialValues: [...initial],
      jacobianFunction: (params) => (xi) => model.jacobian(params, xi),
      maxIterations: options.maxIterations ?? 200,
      // Accept every strict improvement (the library's default 1e-2 stops at an absolute RSS of 0.01).
      errorTolerance: 0,
      ...(options.minValues ? { minValues: [...options.minValues] } : {}),
      ...(options.maxValues ? { maxValues: [...options.maxValues] } : {}),
    },
  );
  const best = result.parameterValues;
  const residuals = Array.from(y, (yi, i) => yi - model.f(best, x[i]));
  const rss = residuals.reduce((a, r) => a + r * r, 0);
  const dof = x.length - p;
  const s2 = rss / dof;
  const J = new Matrix(Array.from(x, (xi) => model.jacobian(best, xi)));
  let covariance: number[][];
  try {
    covariance = inverse(J.transpose().mmul(J)).mul(s2).to2DArray();
  } catch {
    covariance = model.names.map(() => model.names.map(() => NaN));
  }
  const named = (v: (k: number) => number): Record<string, number> => Object.fromEntries(model.names.map((n, k) => [n, v(k)]));
  return {
    parameters: named((k) => best[k]),
    standardErrors: named((k) => Math.sqrt(covariance[k][k])),
    covariance,
    residuals,
    rss,
    residualStd: Math.sqrt(s2),
    degreesOfFreedom: dof,
    iterations: result.iterations,
  };
}

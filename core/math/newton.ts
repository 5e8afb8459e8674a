/**
 * Damped Newton minimisation for smooth, low-dimensional objectives with an analytic gradient; the Hessian
 * is taken by central differences of the gradient (accurate enough for Newton's quadratic convergence to be
 * limited only by the gradient's own accuracy).
 */

export interface NewtonOptions {
  /** Stop when every |gradient_i| * max(1, |x_i|) <= gradientTolerance * max(1, |f|). */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Parameters for which the objective is defined (the line search backtracks out of the rest). */
  isFeasible?: (x: Float64Array) => boolean;
}

export interface NewtonResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  /** Finite-difference Hessian at x (row-major n x n). */
  hessian: Float64Array;
  iterations: number;
  converged: boolean;
}

/** Central-difference Hessian from an analytic gradient, symmetrised. */
export function hessianFromGradient(gradient: (x: Float64Array) => Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  const h = new Float64Array(n * n);
  const probe = Float64Array.from(x);
  for (let j = 0; j < n; j++) {
    const step = 1e-5 * Math.max(1e-2, Math.abs(x[j]));
    probe[j] = x[j] + step;
    const up = gradient(probe);
    probe[j] = x[j] - step;
    const down = gradient(probe);
    probe[j] = x[j];
    for (let i = 0; i < n; i++) h[i * n + j] = (up[i] - down[i]) / (2 * step);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (h[i * n + j] + h[j * n + i]);
      h[i * n + j] = mean;
      h[j * n + i] = mean;
    }
  }
  return h;
}

/** Solve the symmetric positive definite system H d = g by Cholesky; null if H is not positive definite. */
function solvePositiveDefinite(h: Float64Array, g: Float64Array): Float64Array | null {
  const n = g.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = g[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
    y[i] = sum / l[i * n + i];
  }
  const d = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * d[k];
    d[i] = sum / l[i * n + i];
  }
  return d;
}

function isConverged(g: Float64Array, x: Float64Array, f: number, tolerance: number): boolean {
  const scale = tolerance * Math.max(1, Math.abs(f));
  return g.every((gi, i) => Math.abs(gi) * Math.max(1, Math.abs(x[i])) <= scale);
}

/**
 * Minimise f from `start` by Newton steps with backtracking; where the Hessian is not positive definite the
 * step falls back to steepest descent. Intended as a polishing stage after a derivative-free search.
 */
export function newtonMinimize(
  objective: (x: Float64Array) => number,
  gradient: (x: Float64Array) => Float64Array,
  start: ArrayLike<number>,
  options: NewtonOptions = {},
): NewtonResult {
  const tolerance = options.gradientTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100;
  const feasible = options.isFeasible ?? (() => true);
  let x = Float64Array.from(start);
  let f = objective(x);
  if (!Number.isFinite(f)) {
    throw new Error(`newtonMinimize: objective is ${f} at the start [${Array.from(x).join(', ')}]; expected a finite value`);
  }
  let g = gradient(x);
  let iterations = 0;
  let converged = isConverged(g, x, f, tolerance);
  while (!converged && iterations < maxIterations) {
    iterations++;
    const h = hessianFromGradient(gradient, x);
    const direction = solvePositiveDefinite(h, g) ?? g;
    // Near the optimum the true decrease (~ g' H^-1 g / 2) falls below the rounding noise of f, so a step
    // that does not raise f beyond that noise is accepted and the gradient decides convergence.
    const noise = 1e-13 * Math.max(1, Math.abs(f)) * x.length;
    let stepLength = 1;
    let accepted = false;
    const candidate = new Float64Array(x.length);
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let i = 0; i < x.length; i++) candidate[i] = x[i] - stepLength * direction[i];
      if (feasible(candidate)) {
        const fc = objective(candidate);
        if (Number.isFinite(fc) && fc <= f + noise) {
          accepted = true;
          x = Float64Array.from(candidate);
          f = fc;
          break;
        }
      }
      stepLength *= 0.5;
    }
    g = gradient(x);
    converged = isConverged(g, x, f, tolerance);
    if (!accepted) break; // no descent possible at double precision: gradient noise level reached
  }
  return { x, value: f, gradient: g, hessian: hessianFromGradient(gradient, x), iterations, converged };
}

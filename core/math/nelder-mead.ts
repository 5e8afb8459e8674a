/**
 * Nelder–Mead simplex minimiser in the variant of J. C. Nash, "Compact Numerical Methods for Computers"
 * (2nd ed., 1990), which is the default method of R's `optim`. Fits that upstream ran in R (e.g. aod's
 * `betabin`) stop wherever this variant's tolerance test stops them, not at the exact optimum; reproducing
 * their published numbers therefore needs the same moves, the same initial simplex and the same stopping rule,
 * which this implementation follows step by step.
 */

export interface NelderMeadOptions {
  /** Maximum number of objective evaluations (R: `maxit`; default 500). */
  maxEvaluations?: number;
  /** Stop when (highest - lowest vertex value) <= relativeTolerance * (|f(start)| + relativeTolerance). */
  relativeTolerance?: number;
  /** Stop as soon as the lowest vertex value is <= this (default -Infinity: never). */
  absoluteTolerance?: number;
  /** Reflection coefficient (default 1). */
  reflection?: number;
  /** Contraction coefficient, also used for shrinking (default 0.5). */
  contraction?: number;
  /** Expansion coefficient (default 2). */
  expansion?: number;
}

export interface NelderMeadResult {
  /** The lowest vertex of the final simplex. */
  x: Float64Array;
  /** Objective at x. */
  value: number;
  /** Number of objective evaluations (R: `counts[1]`). */
  evaluations: number;
  /** 0 converged, 1 evaluation limit reached, 10 simplex degenerated (R's `convergence` codes). */
  code: 0 | 1 | 10;
}

/** Substituted for non-finite objective values so that the simplex moves away from them. */
const NON_FINITE_PENALTY = 1e35;

const DEFAULT_RELATIVE_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * Minimise `objective` from `start`. The objective receives a scratch vector that it must not keep.
 * Throws if the objective is not finite at `start`.
 */
export function nelderMead(
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const maxEvaluations = options.maxEvaluations ?? 500;
  const relTol = options.relativeTolerance ?? DEFAULT_RELATIVE_TOLERANCE;
  const absTol = options.absoluteTolerance ?? -Infinity;
  const alpha = options.reflection ?? 1;
  const beta = options.contraction ?? 0.5;
  const gamma = options.expansion ?? 2;
  if (n === 0) throw new Error('nelderMead: start has no parameters; expected at least one');

  const origin = Float64Array.from(start);
  const trial = new Float64Array(n);
  const evaluate = (x: Float64Array): number => {
    trial.set(x);
    const f = objective(trial);
    return Number.isFinite(f) ? f : NON_FINITE_PENALTY;
  };

  trial.set(origin);
  const f0 = objective(trial);
  if (!Number.isFinite(f0)) {
    throw new Error(`nelderMead: objective is ${f0} at the start [${Array.from(origin).join(', ')}]; expected a finite value`);
  }
  if (maxEvaluations <= 0) return { x: origin, value: f0, evaluations: 0, code: 0 };
  let evaluations = 1;
  const convergenceTolerance = relTol * (Math.abs(f0) + relTol);

  // Initial simplex: the start plus one vertex per axis, displaced by a tenth of the largest |start_i|.
  const vertices: Float64Array[] = [origin];
  const values = new Float64Array(n + 1);
  values[0] = f0;
  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(origin[i]));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 1; j <= n; j++) {
    const vertex = Float64Array.from(origin);
    let tryStep = step;
    // Grow the step until it actually changes the coordinate (huge coordinates).
    while (vertex[j - 1] === origin[j - 1]) {
      vertex[j - 1] = origin[j - 1] + tryStep;
      tryStep *= 10;
    }
    size += tryStep; // the size measure deliberately counts the step after its last growth
    vertices.push(vertex);
  }
  let oldSize = size;

  const centroid = new Float64Array(n);
  const point = new Float64Array(n);
  let lowest = 0;
  let recomputeValues = true;
  let code: 0 | 1 | 10 = 0;

  for (;;) {
    if (recomputeValues) {
      for (let j = 0; j <= n; j++) {
        if (j === lowest) continue;
        values[j] = evaluate(vertices[j]);
        evaluations++;
      }
      recomputeValues = false;
    }

    // Lowest and highest vertices; ties keep the earlier choice, scanning from the previous lowest.
    let low = values[lowest];
    let high = low;
    let highest = lowest;
    for (let j = 0; j <= n; j++) {
      if (j === lowest) continue;
      const f = values[j];
      if (f < low) {
        lowest = j;
        low = f;
      }
      if (f > high) {
        highest = j;
        high = f;
      }
    }
    if (high <= low + convergenceTolerance || low <= absTol) break;

    // Centroid of all vertices but the highest (summed in this order on purpose: identical rounding).
    for (let i = 0; i < n; i++) {
      let sum = -vertices[highest][i];
      for (let j = 0; j <= n; j++) sum += vertices[j][i];
      centroid[i] = sum / n;
    }

    for (let i = 0; i < n; i++) point[i] = (1 + alpha) * centroid[i] - alpha * vertices[highest][i];
    const reflected = evaluate(point);
    evaluations++;

    if (reflected < low) {
      // Try to expand beyond the reflected point.
      const reflectedPoint = Float64Array.from(point);
      for (let i = 0; i < n; i++) point[i] = gamma * reflectedPoint[i] + (1 - gamma) * centroid[i];
      const expanded = evaluate(point);
      evaluations++;
      if (expanded < reflected) {
        vertices[highest].set(point);
        values[highest] = expanded;
      } else {
        vertices[highest].set(reflectedPoint);
        values[highest] = reflected;
      }
    } else {
      if (reflected < high) {
        vertices[highest].set(point);
        values[highest] = reflected;
      }
      // Contract between the (possibly replaced) highest vertex and the centroid.
      for (let i = 0; i < n; i++) point[i] = (1 - beta) * vertices[highest][i] + beta * centroid[i];
      const contracted = evaluate(point);
      evaluations++;
      if (contracted < values[highest]) {
        vertices[highest].set(point);
        values[highest] = contracted;
      } else if (reflected >= high) {
        // Nothing helped: shrink the simplex towards the lowest vertex.
        recomputeValues = true;
        size = 0;
        const best = vertices[lowest];
        for (let j = 0; j <= n; j++) {
          if (j === lowest) continue;
          const vertex = vertices[j];
          for (let i = 0; i < n; i++) {
            vertex[i] = beta * (vertex[i] - best[i]) + best[i];
            size += Math.abs(vertex[i] - best[i]);
          }
        }
        if (size < oldSize) {
          oldSize = size;
        } else {
          code = 10;
          break;
        }
      }
    }
    if (evaluations > maxEvaluations) break;
  }

  if (evaluations > maxEvaluations) code = 1;
  return { x: Float64Array.from(vertices[lowest]), value: values[lowest], evaluations, code };
}

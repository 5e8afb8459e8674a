/**
 * Small numerical routines of the processing step, matching the NumPy/SciPy calls upstream
 * uses (np.mean, scipy.stats.linregress) to floating-point accuracy.
 */

/** Arithmetic mean; NaN for an empty list (like np.mean). */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/** Mean over the finite entries only; NaN if there are none. */
export function finiteMean(values: ArrayLike<number>): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  return mean(finite);
}

export interface LinearFit {
  slope: number;
  intercept: number;
}

/**
 * Ordinary least-squares line y = intercept + slope * x, computed like scipy.stats.linregress
 * (centred second moments, so the result does not suffer from cancellation).
 */
export function linearRegression(x: ArrayLike<number>, y: ArrayLike<number>, what: string): LinearFit {
  const n = x.length;
  if (n !== y.length) throw new Error(`${what}: x has ${n} values but y has ${y.length}; expected equal lengths`);
  if (n < 2) throw new Error(`${what}: ${n} data point(s); expected at least 2 for a linear regression`);
  const xMean = mean(x);
  const yMean = mean(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - xMean;
    sxx += dx * dx;
    sxy += dx * (y[i] - yMean);
  }
  if (!(sxx > 0)) throw new Error(`${what}: all x values are equal (${xMean}); expected at least two distinct x`);
  const slope = sxy / n / (sxx / n);
  return { slope, intercept: yMean - slope * xMean };
}

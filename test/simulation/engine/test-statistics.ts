/** Goodness-of-fit statistics for the engine's random-number tests (critical values at p = 1e-4). */

/** Largest distance between the empirical distribution function of `xs` and `cdf`. */
export function ksDistance(xs: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
  }
  return d;
}

/** Chi-square statistic and degrees of freedom of integer draws against a pmf (cells with expectation < 5 pooled into the tails). */
export function chiSquare(draws: Int32Array, pmf: (k: number) => number, kMin: number, kMax: number): { chi2: number; dof: number } {
  const n = draws.length;
  const observed = new Map<number, number>();
  for (const k of draws) observed.set(k, (observed.get(k) ?? 0) + 1);
  let chi2 = 0;
  let cells = 0;
  let poolE = 0;
  let poolO = 0;
  for (let k = kMin; k <= kMax; k++) {
    poolE += n * pmf(k);
    poolO += observed.get(k) ?? 0;
    if (poolE >= 5 || k === kMax) {
      chi2 += (poolO - poolE) ** 2 / Math.max(poolE, 1e-300);
      cells++;
      poolE = 0;
      poolO = 0;
    }
  }
  return { chi2, dof: cells - 1 };
}

/** Upper critical value of chi-square with `dof` degrees of freedom at p = 1e-4 (Wilson–Hilferty). */
export function chi2Critical(dof: number): number {
  const z = 3.719;
  return dof * (1 - 2 / (9 * dof) + z * Math.sqrt(2 / (9 * dof))) ** 3;
}

/** KS critical distance at p = 1e-4 for n draws. */
export const ksCritical = (n: number) => Math.sqrt(-0.5 * Math.log(1e-4 / 2) / n);

/** Two-sample Kolmogorov–Smirnov distance. */
export function twoSampleKs(a: Float64Array, b: Float64Array): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Two-sample KS critical distance at p = 1e-4. */
export const ksCritical2 = (n: number, m: number) => Math.sqrt((-0.5 * Math.log(1e-4 / 2) * (n + m)) / (n * m));

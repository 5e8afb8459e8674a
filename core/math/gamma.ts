/**
 * Log-gamma, log-beta, log-binomial-coefficient and digamma for positive real arguments.
 *
 * Likelihoods of counts (binomial, beta-binomial) take differences of log-gamma values of size ~1e6 whose
 * result is ~1; logBeta therefore evaluates the large-argument case from Stirling's series directly, where
 * the large terms cancel analytically rather than in floating point.
 */

const LN_SQRT_2PI = 0.918938533204672741780329736406;

/** Switch from recurrence to asymptotic series at this argument (series converge to double precision). */
const ASYMPTOTIC_FROM = 10;

// Stirling-series coefficients B_2k / (2k (2k-1)), k = 1..8.
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
];

/**
 * Stirling correction: lgamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)], for x >= 10 (error < 1e-17 there).
 */
export function stirlingCorrection(x: number): number {
  if (x > 1e8) return 1 / (12 * x);
  const inv = 1 / x;
  const inv2 = inv * inv;
  let sum = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) sum = sum * inv2 + STIRLING[k];
  return sum * inv;
}

/** ln Gamma(x) for x > 0; +Infinity at 0 and NaN for negative or NaN x (only the positive axis is needed). */
export function logGamma(x: number): number {
  if (!(x >= 0)) return NaN;
  if (x === 0) return Infinity;
  if (x === Infinity) return Infinity;
  if (x >= ASYMPTOTIC_FROM) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorrection(x);
  // Gamma(x) = Gamma(x + k) / (x (x+1) ... (x+k-1)) with x + k >= 10.
  let product = 1;
  let shifted = x;
  while (shifted < ASYMPTOTIC_FROM) {
    product *= shifted;
    shifted += 1;
  }
  return logGamma(shifted) - Math.log(product);
}

/**
 * ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b) for a, b >= 0 (+Infinity if either is 0, NaN if
 * either is negative).
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (!(p >= 0)) return NaN;
  if (p === 0) return Infinity;
  if (q === Infinity) return -Infinity;
  const sum = p + q;
  if (p >= ASYMPTOTIC_FROM) {
    const correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(sum);
    return (
      -0.5 * Math.log(q) + LN_SQRT_2PI + correction + (p - 0.5) * Math.log(p / sum) + q * Math.log1p(-p / sum)
    );
  }
  if (q >= ASYMPTOTIC_FROM) {
    const correction = stirlingCorrection(q) - stirlingCorrection(sum);
    return logGamma(p) + correction + p - p * Math.log(sum) + (q - 0.5) * Math.log1p(-p / sum);
  }
  return logGamma(p) + logGamma(q) - logGamma(sum);
}

/** ln of the binomial coefficient C(n, k) for real 0 <= k <= n. */
export function logChoose(n: number, k: number): number {
  if (!(k >= 0 && k <= n)) return NaN;
  if (k === 0 || k === n) return 0;
  // C(n, k) = 1 / ((n + 1) B(n - k + 1, k + 1))
  return -Math.log(n + 1) - logBeta(n - k + 1, k + 1);
}

/** Digamma psi(x) = d/dx ln Gamma(x) for x > 0 (NaN otherwise). */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // psi(x) ~ ln x - 1/(2x) - sum_k B_2k / (2k x^2k)
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/**
 * Levene's test for equal variances in its Brown-Forsythe form (deviations from the group medians),
 * scipy.stats.levene's default, which upstream's Granger analysis uses; with the F distribution's upper
 * tail from the regularised incomplete beta function (continued fraction, Lentz's method).
 */
import { logBeta } from '../../core/index.ts';

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new Error(`incompleteBeta: a = ${a}, b = ${b}; expected positive shape parameters`);
  if (!(x >= 0 && x <= 1)) throw new Error(`incompleteBeta: x = ${x}; expected 0 <= x <= 1`);
  if (x === 0 || x === 1) return x;
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b)) / a;
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 10000; i++) {
    const m = Math.floor(i / 2);
    let numerator: number;
    if (i === 0) numerator = 1;
    else if (i % 2 === 0) numerator = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    else numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + numerator * d;
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    c = 1 + numerator / c;
    if (Math.abs(c) < tiny) c = tiny;
    const cd = c * d;
    f *= cd;
    if (Math.abs(1 - cd) < 1e-15) return front * (f - 1);
  }
  throw new Error(`incompleteBeta: no convergence for x = ${x}, a = ${a}, b = ${b}`);
}

/** P(X > w) for X ~ F(d1, d2). */
export function fDistributionSf(w: number, d1: number, d2: number): number {
  if (!(w > 0)) return 1;
  if (w === Infinity) return 0;
  return incompleteBeta(d2 / (d2 + d1 * w), d2 / 2, d1 / 2);
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export interface LeveneResult {
  statistic: number;
  pValue: number;
}

/** Brown-Forsythe-Levene test of equal variances of the groups (each with >= 2 values). */
export function leveneTest(...groups: readonly ArrayLike<number>[]): LeveneResult {
  const k = groups.length;
  if (k < 2) throw new Error(`leveneTest: ${k} group(s); expected at least 2`);
  const z = groups.map((g, i) => {
    if (g.length < 2) throw new Error(`leveneTest: group ${i} has ${g.length} value(s); expected at least 2`);
    const m = median(Float64Array.from(g).sort());
    return Float64Array.from(g, (v) => Math.abs(v - m));
  });
  const N = z.reduce((s, g) => s + g.length, 0);
  const means = z.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
  const grand = z.reduce((s, g) => s + g.reduce((a, v) => a + v, 0), 0) / N;
  let between = 0;
  let within = 0;
  z.forEach((g, i) => {
    between += g.length * (means[i] - grand) ** 2;
    for (const v of g) within += (v - means[i]) ** 2;
  });
  const statistic = ((N - k) / (k - 1)) * (between / within);
  return { statistic, pValue: fDistributionSf(statistic, k - 1, N - k) };
}

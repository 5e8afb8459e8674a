/**
 * Exact samplers of counts, to double precision, from a StreamRng:
 * - binomial(n, p): inversion (sequential search) when n min(p, 1-p) < 10, else BTRS, the transformed
 *   rejection of Hörmann (1993, "The generation of binomial random variates");
 * - poisson(mean): inversion when mean < 10, else PTRS (Hörmann 1993, "The transformed rejection
 *   method for generating Poisson random variables");
 * - PoissonTable: a fixed mean drawn many times (one population's drive, every neuron, every step) by
 *   table inversion with a guide table, one 32-bit draw per value, refined by a second draw in the
 *   rare case that the first one's cell straddles a boundary of the distribution function.
 */
import type { StreamRng } from './rng.ts';

const LN_SQRT_2PI = 0.9189385332046728;
const LOG_FACTORIAL_TABLE = 256;
const logFactorialTable = new Float64Array(LOG_FACTORIAL_TABLE);
for (let k = 1; k < LOG_FACTORIAL_TABLE; k++) logFactorialTable[k] = logFactorialTable[k - 1] + Math.log(k);

/** ln k! for whole k >= 0: a table below 256, Stirling's series (error < 1e-19) above. */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE) return logFactorialTable[k];
  const x = k + 1;
  const inv2 = 1 / (x * x);
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + (1 / 12 - inv2 * (1 / 360 - inv2 / 1260)) / x;
}

/** Binomial(n, p) for whole n >= 0 and 0 <= p <= 1. */
export function binomial(rng: StreamRng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  if (n * p < 10) return binomialInversion(rng, n, p);
  return binomialBtrs(rng, n, p);
}

function binomialInversion(rng: StreamRng, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  for (;;) {
    let prob = Math.exp(n * Math.log1p(-p));
    let u = rng.uniform();
    for (let k = 0; k <= n; k++) {
      if (u < prob) return k;
      u -= prob;
      prob *= (ratio * (n - k)) / (k + 1);
    }
    // u fell into the rounding residue beyond n (probability ~1e-16): draw again.
  }
}

function binomialBtrs(rng: StreamRng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.uniform() - 0.5;
    let v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** Poisson(mean) for mean >= 0. */
export function poisson(rng: StreamRng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 10) return poissonInversion(rng, mean);
  return poissonPtrs(rng, mean);
}

function poissonInversion(rng: StreamRng, mean: number): number {
  const p0 = Math.exp(-mean);
  for (;;) {
    let prob = p0;
    let u = rng.uniform();
    for (let k = 0; k < 1000; k++) {
      if (u < prob) return k;
      u -= prob;
      prob *= mean / (k + 1);
    }
  }
}

function poissonPtrs(rng: StreamRng, mean: number): number {
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) return k;
  }
}

/** Bits of a 32-bit draw that index PoissonTable's guide table. */
export const GUIDE_BITS = 10;
const INV_2_32 = 1 / 4294967296;

/** Poisson(mean) by table inversion, for a mean drawn very often (mean <= 700). */
export class PoissonTable {
  /** Distribution function: cdf[k] = P(X <= k); the last entry is 1. */
  readonly cdf: Float64Array;
  /** guide[j] = smallest k with cdf[k] > j / 2^GUIDE_BITS (neuron-block.ts draws with them too). */
  readonly guide: Int32Array;

  constructor(readonly mean: number) {
    if (!(mean > 0 && mean <= 700)) throw new Error(`Poisson table: mean ${mean}; expected 0 < mean <= 700`);
    const values: number[] = [];
    let prob = Math.exp(-mean);
    let sum = 0;
    for (let k = 0; ; k++) {
      sum += prob;
      values.push(sum);
      prob *= mean / (k + 1);
      // Past the mode, stop once the remaining mass is below double resolution.
      if (k > mean && prob < 1e-17 * sum) break;
    }
    values[values.length - 1] = 1; // the rounding residue (< 1e-16) goes to the last value
    this.cdf = Float64Array.from(values);
    const cells = 1 << GUIDE_BITS;
    this.guide = new Int32Array(cells);
    let k = 0;
    for (let j = 0; j < cells; j++) {
      while (this.cdf[k] <= j / cells) k++;
      this.guide[j] = k;
    }
  }

  /**
   * Adds weight x (one value) to input[first + stride k] for k in [0, count): one population's Poisson
   * input of a step. The generator (StreamRng's xoshiro128**) runs on local state; the values are those
   * of draw().
   */
  addTo(rng: StreamRng, input: Float64Array, first: number, stride: number, count: number, weight: number): void {
    let s0 = rng.s0;
    let s1 = rng.s1;
    let s2 = rng.s2;
    let s3 = rng.s3;
    const { cdf, guide } = this;
    const end = first + stride * count;
    for (let i = first; i < end; i += stride) {
      const m = Math.imul(s1, 5);
      const a = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      let k = guide[a >>> (32 - GUIDE_BITS)];
      const lo = a * INV_2_32;
      while (cdf[k] <= lo) k++;
      if (cdf[k] < lo + INV_2_32) {
        // A boundary cuts this 32-bit cell: refine with a second draw (as draw() does).
        rng.s0 = s0;
        rng.s1 = s1;
        rng.s2 = s2;
        rng.s3 = s3;
        const u = (a + (rng.nextU32() + 0.5) * INV_2_32) * INV_2_32;
        ({ s0, s1, s2, s3 } = rng);
        while (cdf[k] <= u) k++;
      }
      if (k !== 0) input[i] += k * weight;
    }
    rng.s0 = s0;
    rng.s1 = s1;
    rng.s2 = s2;
    rng.s3 = s3;
  }

  /** One value. */
  draw(rng: StreamRng): number {
    const a = rng.nextU32();
    const cdf = this.cdf;
    let k = this.guide[a >>> (32 - GUIDE_BITS)];
    const lo = a * INV_2_32;
    while (cdf[k] <= lo) k++;
    // The cell [lo, lo + 2^-32) lies within value k unless a boundary cuts it: then refine.
    if (cdf[k] >= lo + INV_2_32) return k;
    const u = (a + (rng.nextU32() + 0.5) * INV_2_32) * INV_2_32;
    while (cdf[k] <= u) k++;
    return k;
  }
}

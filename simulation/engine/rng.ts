/**
 * Counter-based random streams: every random quantity of a run is a pure function of a key tuple
 * (stream, seed, a, b) — e.g. (synapses, seed, pathway, source neuron) — so results do not depend on
 * how the network is split between threads, in which order it is built, or whether a run was resumed.
 *
 * A key tuple is mapped to a 128-bit generator state by a bijection (per-word avalanche and ChaCha
 * quarter rounds), so distinct tuples never share a stream. The generator is xoshiro128** (period
 * 2^128 - 1), far more than any one stream needs (a spike's synapses of one pathway, one population's
 * Poisson input of one step).
 *
 * Samplers: exact uniform integers (Lemire's rejection) and standard normals (ziggurat, 128 layers,
 * on one 32-bit draw in almost all cases: 7 bits choose the layer, 25 bits give the signed value).
 */
import { ZIG_LAYERS, ZIG_R, ZIG_RATIO, ZIG_X } from './ziggurat.ts';

/** Streams: distinct purposes never share keys. */
export const STREAM_V0 = 0x56303030; // initial membrane potentials
export const STREAM_POISSON = 0x504f4953; // Poisson input of a population in one step
export const STREAM_COUNTS = 0x434e5430; // synapse counts per (pathway, source neuron)
export const STREAM_SYNAPSES = 0x53594e30; // synapses of one (pathway, source neuron)

const INV_2_32 = 1 / 4294967296;
const INV_2_24 = 1 / 16777216;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Largest |value| normal() can return: the tail sampler's bound for 32-bit uniforms. */
export const NORMAL_MAX = ZIG_R - Math.log(0.5 * INV_2_32) / ZIG_R;

export class StreamRng {
  s0 = 1;
  s1 = 0;
  s2 = 0;
  s3 = 0;

  /** Positions the generator at the start of stream (stream, seed, a, b) (32-bit words each). */
  seed(stream: number, seed: number, a: number, b: number): this {
    let x0 = fmix32(stream | 0);
    let x1 = fmix32(seed ^ 0x9e3779b9);
    let x2 = fmix32(a ^ 0x7f4a7c15);
    let x3 = fmix32(b ^ 0x6a09e667);
    for (let round = 0; round < 2; round++) {
      // ChaCha quarter round: a bijection of the 128 bits that mixes every word into every other.
      x0 = (x0 + x1) | 0;
      x3 ^= x0;
      x3 = (x3 << 16) | (x3 >>> 16);
      x2 = (x2 + x3) | 0;
      x1 ^= x2;
      x1 = (x1 << 12) | (x1 >>> 20);
      x0 = (x0 + x1) | 0;
      x3 ^= x0;
      x3 = (x3 << 8) | (x3 >>> 24);
      x2 = (x2 + x3) | 0;
      x1 ^= x2;
      x1 = (x1 << 7) | (x1 >>> 25);
      x0 = fmix32(x0);
      x1 = fmix32(x1);
      x2 = fmix32(x2);
      x3 = fmix32(x3);
    }
    // The all-zero state is the one xoshiro cannot leave (one key tuple in 2^128 maps to it).
    if ((x0 | x1 | x2 | x3) === 0) x0 = 0x9e3779b9;
    this.s0 = x0;
    this.s1 = x1;
    this.s2 = x2;
    this.s3 = x3;
    return this;
  }

  nextU32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform in the open interval (0, 1), 32-bit resolution. */
  uniform(): number {
    return (this.nextU32() + 0.5) * INV_2_32;
  }

  /**
   * Uniform integer in [0, n), exactly (no modulo bias): 1 <= n <= 2^21, and `reject` = 2^32 mod n
   * (rejectThreshold(n)), precomputed by the caller.
   */
  below(n: number, reject: number): number {
    for (;;) {
      const m = this.nextU32() * n;
      const high = Math.floor(m * INV_2_32);
      if (m - high * 4294967296 >= reject) return high;
    }
  }

  /**
   * Fills out[from, from + count) with uniform integers in [0, n): the same values as `count` calls of
   * below(n, reject), with the generator's state held in locals (several times faster in a long run).
   */
  fillBelow(n: number, reject: number, out: Int32Array, from: number, count: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let k = from, end = from + count; k < end; ) {
      const m5 = Math.imul(s1, 5);
      const m = (Math.imul((m5 << 7) | (m5 >>> 25), 9) >>> 0) * n;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const high = Math.floor(m * INV_2_32);
      if (m - high * 4294967296 >= reject) out[k++] = high;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Standard normal deviate (ziggurat); |value| <= NORMAL_MAX. */
  normal(): number {
    const u = this.nextU32();
    const layer = u & (ZIG_LAYERS - 1);
    const x = (((u | 0) >> 7) + 0.5) * INV_2_24; // signed, in (-1, 1)
    if (Math.abs(x) < ZIG_RATIO[layer]) return x * ZIG_X[layer];
    return this.normalSlow(layer, x);
  }

  /**
   * The rest of normal() when the first draw (strip `layer`, signed uniform x) fell outside the
   * strip's rectangle: the wedge or tail test, and further draws as needed.
   */
  normalSlow(layer: number, x: number): number {
    for (;;) {
      if (layer === 0) {
        // Base layer outside the rectangle: the tail beyond R (Marsaglia's method).
        let tx: number;
        let ty: number;
        do {
          tx = Math.log(this.uniform()) / ZIG_R;
          ty = Math.log(this.uniform());
        } while (-2 * ty < tx * tx);
        return x < 0 ? tx - ZIG_R : ZIG_R - tx;
      }
      const value = x * ZIG_X[layer];
      const xi = ZIG_X[layer];
      const xo = ZIG_X[layer + 1];
      // Wedge: accept under the density, f(value) relative to the strip's heights f(xi) <= f <= f(xo).
      const f0 = Math.exp(-0.5 * (xi * xi - value * value));
      const f1 = Math.exp(-0.5 * (xo * xo - value * value));
      if (f1 + this.uniform() * (f0 - f1) < 1) return value;
      const u = this.nextU32();
      layer = u & (ZIG_LAYERS - 1);
      x = (((u | 0) >> 7) + 0.5) * INV_2_24;
      if (Math.abs(x) < ZIG_RATIO[layer]) return x * ZIG_X[layer];
    }
  }
}

/** 2^32 mod n: draws below this (as low word of u * n) are rejected by StreamRng.below. */
export function rejectThreshold(n: number): number {
  if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 21)) throw new Error(`uniform integer below ${n}: expected a whole number in [1, 2^21]`);
  return 4294967296 % n;
}

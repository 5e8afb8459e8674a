/**
 * Counter-based random numbers: every random quantity of a run is a pure function of
 * (seed, stream, index), so results do not depend on how neurons and synapses are split between
 * threads or in which order they are built.
 *
 * `hashKey` mixes up to three 32-bit words into a 32-bit key (murmur3-style finalizer between
 * words). A key seeds a small sequential generator (mulberry32) that supplies the few draws one
 * object needs (a synapse: target, source, weight, delay; a neuron: its Poisson input stream).
 */

/** Streams: distinct purposes never share keys. */
export const STREAM_V0 = 0x56303030; // initial membrane potentials
export const STREAM_POISSON = 0x504f4953; // per-neuron Poisson input
export const STREAM_SYNAPSES = 0x53594e30; // connectivity (combined with the pathway index)

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit key from a seed and up to two counters. */
export function hashKey(seed: number, a: number, b = 0): number {
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ Math.imul(a >>> 0, 0xcc9e2d51)) >>> 0);
  h = fmix32((Math.imul(h, 5) + 0xe6546b64 + (b >>> 0)) >>> 0);
  return h;
}

const INV_2_32 = 1 / 4294967296;

/**
 * A mulberry32 generator whose state can be re-seeded without allocation. Period 2^32 per key,
 * far more than one synapse or one neuron's Poisson input in a run needs.
 */
export class KeyedRng {
  state = 0;
  /** Second value of the last Box-Muller pair, or NaN. */
  private spare = NaN;

  seed(key: number): this {
    this.state = key | 0;
    this.spare = NaN;
    return this;
  }

  nextU32(): number {
    const s = (this.state = (this.state + 0x6d2b79f5) | 0);
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    return (this.nextU32() + 0.5) * INV_2_32;
  }

  /** Uniform integer in [0, n), n <= 2^32 (bias below n / 2^32, negligible for neuron counts). */
  below(n: number): number {
    return Math.floor(this.nextU32() * INV_2_32 * n);
  }

  /** Standard normal (Box-Muller; the sine value of each pair serves the next call). */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const phi = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  }
}

/** One mulberry32 step on an external state array (per-neuron streams in the hot loop). */
export function nextU32At(states: Int32Array, i: number): number {
  const s = (states[i] = (states[i] + 0x6d2b79f5) | 0);
  let t = Math.imul(s ^ (s >>> 15), s | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform in (0, 1) from a per-neuron stream. */
export function uniformAt(states: Int32Array, i: number): number {
  return (nextU32At(states, i) + 0.5) * INV_2_32;
}

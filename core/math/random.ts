/**
 * Small seeded generator (mulberry32) for reproducible random draws outside hot loops: random initial
 * rates of the theory, synthetic test data. Not for the simulator, whose counter-based streams live in
 * simulation/engine/rng.ts.
 */

/** Mulberry32 stream of 32-bit unsigned integers from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
}

/** Uniform numbers on [0, 1) from the mulberry32 stream of `seed` (32-bit resolution). */
export function uniformGenerator(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

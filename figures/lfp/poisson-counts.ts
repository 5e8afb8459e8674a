/**
 * Surrogate population activity without a spiking simulation: spike counts per time bin of independent
 * Poisson neurons firing at given rates (the count of a population of N neurons at rate nu in a bin of dt
 * is Poisson with mean N nu dt). Drawn exactly: by inversion of the Poisson CDF, in chunks of mean <= 10
 * (a sum of independent Poisson counts is Poisson), from a seeded generator.
 */
import { uniformGenerator } from '../../core/index.ts';

const CHUNK = 10;

/** One Poisson draw of mean `mean` (>= 0). */
export function poissonDraw(mean: number, rand: () => number): number {
  if (!(mean >= 0 && Number.isFinite(mean))) throw new Error(`poisson mean: got ${mean}; expected a finite number >= 0`);
  let total = 0;
  let rest = mean;
  while (rest > 0) {
    const m = Math.min(rest, CHUNK);
    rest -= m;
    // Inversion: the smallest k with P(X <= k) >= u.
    const u = rand();
    let k = 0;
    let p = Math.exp(-m);
    let cdf = p;
    while (u > cdf && p > 0) {
      k++;
      p *= m / k;
      cdf += p;
    }
    total += k;
  }
  return total;
}

/** Spike counts per bin of `bins` bins of dt_ms for a population of `size` neurons at rate_Hz each. */
export function poissonPopulationCounts(size: number, rate_Hz: number, dt_ms: number, bins: number, seed: number): Float64Array {
  if (!(size >= 0 && rate_Hz >= 0 && dt_ms > 0 && Number.isInteger(bins) && bins >= 0)) {
    throw new Error(`poisson counts: got size ${size}, rate ${rate_Hz} spikes/s, dt ${dt_ms} ms, ${bins} bins; expected non-negative numbers, dt > 0 and a whole number of bins`);
  }
  const rand = uniformGenerator(seed);
  const mean = (size * rate_Hz * dt_ms) / 1000;
  return Float64Array.from({ length: bins }, () => poissonDraw(mean, rand));
}

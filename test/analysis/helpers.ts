/** Seeded random spike trains for the analysis tests. */
import type { SpikeData } from '../../analysis/index.ts';
import { mulberry32 } from '../../core/index.ts';

/**
 * Deterministic uniform generator on (0, 1) (mulberry32, shifted by half a step so that log(u) is
 * finite; plenty for test statistics).
 */
export function seededUniform(seed: number): () => number {
  const next = mulberry32(seed);
  return () => (next() + 0.5) / 4294967296;
}

/** Build SpikeData from per-neuron spike time lists (merged and sorted by time). */
export function fromTrains(trains: readonly (readonly number[])[]): SpikeData {
  const all: [number, number][] = [];
  trains.forEach((train, i) => train.forEach((t) => all.push([t, i])));
  all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { times_ms: Float64Array.from(all, (x) => x[0]), senders: Int32Array.from(all, (x) => x[1]) };
}

/** N independent homogeneous Poisson trains of rate_Hz on [0, T_ms). */
export function poissonTrains(N: number, rate_Hz: number, T_ms: number, seed: number): number[][] {
  const u = seededUniform(seed);
  const meanIsi_ms = 1000 / rate_Hz;
  return Array.from({ length: N }, () => {
    const train: number[] = [];
    for (let t = -Math.log(u()) * meanIsi_ms; t < T_ms; t += -Math.log(u()) * meanIsi_ms) train.push(t);
    return train;
  });
}

/**
 * N independent inhomogeneous Poisson trains with rate(t) (spikes/s, at most maxRate_Hz) on [0, T_ms),
 * by thinning.
 */
export function inhomogeneousPoissonTrains(
  N: number,
  rate: (t_ms: number) => number,
  maxRate_Hz: number,
  T_ms: number,
  seed: number,
): number[][] {
  const u = seededUniform(seed);
  return poissonTrains(N, maxRate_Hz, T_ms, seed + 1).map((train) => train.filter((t) => u() * maxRate_Hz < rate(t)));
}

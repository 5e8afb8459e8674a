/**
 * Stops a run whose activity ran away: spikes are counted per population in 1 ms bins (each worker in
 * its own slots of shared memory); after every ms each worker sums all workers' finished bin, and a
 * population firing above `runaway.max_rate` over the last `runaway.window` ms stops every worker at
 * the same step (all read the same numbers).
 */
import type { NetworkPlan } from './plan.ts';

export interface RunawayInfo {
  population: string;
  rateHz: number;
  timeMs: number;
  windowMs: number;
  maxRateHz: number;
}

export class RunawayGuard {
  /** workers x 2 parities x populations: spikes per population in the current 1 ms bin. */
  readonly bins: Int32Array;
  private readonly nPops: number;
  private readonly stepsPerMs: number;
  private readonly windowBins: number;
  /** Spikes per population in each 1 ms bin of the window (ring), and their sums: a checkpoint keeps them. */
  readonly windowCounts: Int32Array;
  readonly windowSums: Float64Array;

  constructor(
    popBins: SharedArrayBuffer,
    private readonly plan: NetworkPlan,
    private readonly worker: number,
    private readonly workers: number,
  ) {
    this.bins = new Int32Array(popBins);
    this.nPops = plan.populations.length;
    this.stepsPerMs = Math.round(1 / plan.dt_ms);
    this.windowBins = Math.max(1, Math.round(plan.runaway.window_ms));
    this.windowCounts = new Int32Array(this.windowBins * this.nPops);
    this.windowSums = new Float64Array(this.nPops);
  }

  /** Offset of this worker's counts for step t in `bins`; cleared when t starts a new ms. */
  binBase(t: number): number {
    const bin = Math.floor(t / this.stepsPerMs);
    const base = (this.worker * 2 + (bin & 1)) * this.nPops;
    if (t % this.stepsPerMs === 0) this.bins.fill(0, base, base + this.nPops);
    return base;
  }

  /** After the barrier of step t: the runaway population, if step t ended a ms and one ran away. */
  check(t: number): RunawayInfo | null {
    if ((t + 1) % this.stepsPerMs !== 0) return null;
    const bin = Math.floor(t / this.stepsPerMs);
    const { nPops, windowBins, windowCounts, windowSums, plan } = this;
    const slot = (bin % windowBins) * nPops;
    for (let p = 0; p < nPops; p++) {
      let c = 0;
      for (let k = 0; k < this.workers; k++) c += this.bins[(k * 2 + (bin & 1)) * nPops + p];
      windowSums[p] += c - windowCounts[slot + p];
      windowCounts[slot + p] = c;
    }
    if (bin + 1 < windowBins) return null;
    const windowS = windowBins * 1e-3;
    for (let p = 0; p < nPops; p++) {
      const size = plan.populations[p].size;
      if (size === 0) continue;
      const rate = windowSums[p] / (size * windowS);
      if (rate > plan.runaway.maxRate_Hz) {
        return { population: plan.populations[p].label, rateHz: rate, timeMs: bin + 1, windowMs: windowBins, maxRateHz: plan.runaway.maxRate_Hz };
      }
    }
    return null;
  }
}

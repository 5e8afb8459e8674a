/**
 * The shared memory through which the workers of one run meet every step: a barrier, the stop and
 * abort flags, and the spikes of the step (global ids, each worker in its own range).
 */
import type { NetworkPlan } from './plan.ts';
import type { SpikeQueue } from './spike-delivery.ts';

/** Layout of the shared control block (Int32Array). */
export const CTRL = {
  BARRIER_COUNT: 0,
  BARRIER_GEN: 1,
  /** Steps completed (written by worker 0). */
  STEP: 2,
  /** Set by the main thread to ask for a stop (e.g. Ctrl-C). */
  STOP_REQUEST: 3,
  /** Copied from STOP_REQUEST by whoever releases a barrier, so every worker sees the same value. */
  STOP_DECIDED: 4,
  /** Set by a worker that failed, so that the others leave the barrier instead of waiting forever. */
  ABORT: 5,
  SIZE: 8,
} as const;

export interface SharedBlocks {
  control: SharedArrayBuffer;
  /** Int32, 2 parities x totalNeurons: spikes (global ids) of a step, each worker in its own range. */
  spikes: SharedArrayBuffer;
  /** Int32, 2 parities x workers: number of spikes of each worker in the step. */
  spikeCounts: SharedArrayBuffer;
  /** Int32, workers x 2 parities x populations: spikes per population in the current 1 ms bin. */
  popBins: SharedArrayBuffer;
}

export function allocateShared(plan: NetworkPlan, workers: number): SharedBlocks {
  return {
    control: new SharedArrayBuffer(CTRL.SIZE * 4),
    spikes: new SharedArrayBuffer(Math.max(1, 2 * plan.totalNeurons) * 4),
    spikeCounts: new SharedArrayBuffer(2 * workers * 4),
    popBins: new SharedArrayBuffer(Math.max(1, workers * 2 * plan.populations.length) * 4),
  };
}

/** Contiguous neuron ranges of about equal size. */
export function partition(total: number, workers: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < workers; k++) out.push([Math.floor((total * k) / workers), Math.floor((total * (k + 1)) / workers)]);
  return out;
}

/** One worker's side of the shared control block and spike exchange. */
export class WorkerExchange {
  private readonly control: Int32Array;
  private readonly spikes: Int32Array;
  private readonly spikeCounts: Int32Array;
  private readonly ranges: [number, number][];

  constructor(
    shared: SharedBlocks,
    private readonly worker: number,
    private readonly workers: number,
    private readonly totalNeurons: number,
  ) {
    this.control = new Int32Array(shared.control);
    this.spikes = new Int32Array(shared.spikes);
    this.spikeCounts = new Int32Array(shared.spikeCounts);
    this.ranges = partition(totalNeurons, workers);
  }

  /** Writes this worker's spikes of step t (local indices + lo = global ids). */
  publish(t: number, local: Int32Array, count: number, lo: number): void {
    const parity = t & 1;
    const base = parity * this.totalNeurons + lo;
    const spikes = this.spikes;
    for (let j = 0; j < count; j++) spikes[base + j] = local[j] + lo;
    this.spikeCounts[parity * this.workers + this.worker] = count;
  }

  /** Queues the spikes of step t of all workers (in worker order = global id order) for delivery. */
  gather(t: number, queue: SpikeQueue): void {
    const parity = t & 1;
    const spikes = this.spikes;
    for (let k = 0; k < this.workers; k++) {
      const count = this.spikeCounts[parity * this.workers + k];
      const base = parity * this.totalNeurons + this.ranges[k][0];
      for (let j = 0; j < count; j++) queue.add(spikes[base + j], t);
    }
  }

  /** Waits until every worker has published its spikes of the step; decides a requested stop for all. */
  barrier(): void {
    const c = this.control;
    if (this.workers === 1) {
      c[CTRL.STOP_DECIDED] = Atomics.load(c, CTRL.STOP_REQUEST);
      return;
    }
    const gen = Atomics.load(c, CTRL.BARRIER_GEN);
    if (Atomics.add(c, CTRL.BARRIER_COUNT, 1) === this.workers - 1) {
      Atomics.store(c, CTRL.BARRIER_COUNT, 0);
      Atomics.store(c, CTRL.STOP_DECIDED, Atomics.load(c, CTRL.STOP_REQUEST));
      Atomics.add(c, CTRL.BARRIER_GEN, 1);
      Atomics.notify(c, CTRL.BARRIER_GEN);
      return;
    }
    // Spin briefly (steps are short), then sleep.
    for (let i = 0; i < 2000; i++) if (Atomics.load(c, CTRL.BARRIER_GEN) !== gen) return;
    while (Atomics.load(c, CTRL.BARRIER_GEN) === gen) {
      Atomics.wait(c, CTRL.BARRIER_GEN, gen, 50);
      if (Atomics.load(c, CTRL.ABORT) !== 0) throw new Error('another simulation worker failed; stopping');
    }
  }

  /** Whether a stop was decided at the last barrier (the same answer in every worker). */
  get stopDecided(): boolean {
    return this.control[CTRL.STOP_DECIDED] !== 0;
  }

  /** Progress for the main thread (worker 0 reports). */
  reportStep(stepsDone: number): void {
    if (this.worker === 0) Atomics.store(this.control, CTRL.STEP, stepsDone);
  }

  /** Tells the other workers that this one failed. */
  abort(): void {
    Atomics.store(this.control, CTRL.ABORT, 1);
    Atomics.notify(this.control, CTRL.BARRIER_GEN);
  }
}

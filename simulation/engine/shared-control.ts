/**
 * The shared memory through which the workers of one run meet: one barrier per step (the minimum
 * delay is one step), the stop / checkpoint / abort flags, build progress, and the spikes of each
 * step (global ids, each worker in its own region), which every worker reads back in global id order.
 */
import type { NetworkPlan } from './plan.ts';

/** Layout of the shared control block (Int32Array). */
export const CTRL = {
  BARRIER_COUNT: 0,
  BARRIER_GEN: 1,
  /** Steps completed (written by worker 0). */
  STEP: 2,
  /** Set by the main thread to ask for a stop (e.g. Ctrl-C); sticky. */
  STOP_REQUEST: 3,
  /** Decided at the barrier of a step that ends a ms, so that every worker sees the same value: 0, or a StopReason. */
  STOP_DECIDED: 4,
  /** Set by a worker that failed, so that the others leave the barrier instead of waiting forever. */
  ABORT: 5,
  /** Set by the main thread to ask for a checkpoint; taken (and cleared) at a barrier that ends a ms. */
  CHECKPOINT_REQUEST: 6,
  CHECKPOINT_DECIDED: 7,
  /** Set by a worker whose in-flight events outgrew the memory budget. */
  MEMORY_STOP: 8,
  SIZE: 16,
} as const;

export const STOP_REQUESTED = 1;
export const STOP_MEMORY = 2;

export interface SharedBlocks {
  control: SharedArrayBuffer;
  /** Float64, workers x [units done, units in total] of the build. */
  progress: SharedArrayBuffer;
  /** Int32, 2 parities x totalNeurons: spikes (global ids) of a step, each worker in its own region. */
  spikes: SharedArrayBuffer;
  /** Int32, 2 parities x workers: number of spikes of each worker in the step. */
  spikeCounts: SharedArrayBuffer;
  /** Int32, workers x 2 parities x populations: spikes per population in the current 1 ms bin. */
  popBins: SharedArrayBuffer;
  /** Local neurons of each worker (its spike region's size). */
  workerSizes: number[];
}

/**
 * The shared blocks of a run. `buffer` makes each block: shared memory by default; a page that is not
 * cross-origin isolated runs one worker on plain ArrayBuffers.
 */
export function allocateShared(plan: NetworkPlan, workerSizes: number[], buffer: (bytes: number) => SharedArrayBuffer = (bytes) => new SharedArrayBuffer(bytes)): SharedBlocks {
  const workers = workerSizes.length;
  return {
    control: buffer(CTRL.SIZE * 4),
    progress: buffer(2 * workers * 8),
    spikes: buffer(Math.max(1, 2 * plan.totalNeurons) * 4),
    spikeCounts: buffer(2 * workers * 4),
    popBins: buffer(Math.max(1, workers * 2 * plan.populations.length) * 4),
    workerSizes,
  };
}

/** One worker's side of the shared control block and spike exchange. */
export class WorkerExchange {
  readonly control: Int32Array;
  private readonly progress: Float64Array;
  private readonly spikes: Int32Array;
  private readonly spikeCounts: Int32Array;
  /** Start of each worker's spike region within a parity. */
  private readonly regionStart: Int32Array;
  private readonly cursor: Int32Array;
  private readonly end: Int32Array;
  /** Spikes of the last gathered step, all workers merged in global id order. */
  merged: Int32Array;
  /** The barrier generation this worker arrived in, and whether its arrival released the barrier. */
  private generation = 0;
  private released = false;

  constructor(
    shared: SharedBlocks,
    private readonly worker: number,
    private readonly totalNeurons: number,
  ) {
    const workers = shared.workerSizes.length;
    this.control = new Int32Array(shared.control);
    this.progress = new Float64Array(shared.progress);
    this.spikes = new Int32Array(shared.spikes);
    this.spikeCounts = new Int32Array(shared.spikeCounts);
    this.regionStart = new Int32Array(workers);
    for (let k = 1; k < workers; k++) this.regionStart[k] = this.regionStart[k - 1] + shared.workerSizes[k - 1];
    this.cursor = new Int32Array(workers);
    this.end = new Int32Array(workers);
    this.merged = new Int32Array(1024);
  }

  private get workers(): number {
    return this.regionStart.length;
  }

  /** Build progress of this worker (work units). */
  reportBuild(done: number, total: number): void {
    this.progress[2 * this.worker] = done;
    this.progress[2 * this.worker + 1] = total;
  }

  /** Writes this worker's spikes of step t (global ids, ascending). */
  publish(t: number, gids: Int32Array, count: number): void {
    const base = (t & 1) * this.totalNeurons + this.regionStart[this.worker];
    this.spikes.set(gids.subarray(0, count), base);
    this.spikeCounts[(t & 1) * this.workers + this.worker] = count;
  }

  /** Merges the spikes of step t of all workers into `merged` in global id order; returns their number. */
  gather(t: number): number {
    const parity = t & 1;
    const workers = this.workers;
    const spikes = this.spikes;
    let total = 0;
    for (let k = 0; k < workers; k++) {
      const start = parity * this.totalNeurons + this.regionStart[k];
      this.cursor[k] = start;
      this.end[k] = start + this.spikeCounts[parity * workers + k];
      total += this.end[k] - start;
    }
    if (this.merged.length < total) this.merged = new Int32Array(2 * total);
    const out = this.merged;
    if (workers === 1) {
      out.set(spikes.subarray(this.cursor[0], this.end[0]));
      return total;
    }
    const { cursor, end } = this;
    for (let n = 0; n < total; n++) {
      let best = -1;
      let bestGid = 0x7fffffff;
      for (let k = 0; k < workers; k++) {
        if (cursor[k] < end[k] && spikes[cursor[k]] < bestGid) {
          best = k;
          bestGid = spikes[cursor[k]];
        }
      }
      out[n] = bestGid;
      cursor[best]++;
    }
    return total;
  }

  /**
   * Waits until every worker has reached the barrier. With `decide` (a step that ends a ms), whoever
   * releases it decides a requested stop and checkpoint for all; otherwise both decisions are cleared.
   */
  barrier(decide: boolean): void {
    this.arrive(decide);
    this.wait();
  }

  /**
   * The first half of a barrier: tells the others that this worker has arrived (its spikes of the step
   * are published). Work that needs nothing of the others may follow before wait(), while they go on.
   */
  arrive(decide: boolean): void {
    const c = this.control;
    if (this.workers === 1) {
      this.decide(decide);
      this.released = true;
      return;
    }
    this.generation = Atomics.load(c, CTRL.BARRIER_GEN);
    this.released = false;
    if (Atomics.add(c, CTRL.BARRIER_COUNT, 1) === this.workers - 1) {
      Atomics.store(c, CTRL.BARRIER_COUNT, 0);
      this.decide(decide);
      Atomics.add(c, CTRL.BARRIER_GEN, 1);
      Atomics.notify(c, CTRL.BARRIER_GEN);
      this.released = true;
    }
  }

  /** The second half of a barrier: waits until every worker has arrived. */
  wait(): void {
    if (this.released) return;
    const c = this.control;
    const gen = this.generation;
    // Spin briefly (steps are short), then sleep.
    for (let i = 0; i < 4000; i++) if (Atomics.load(c, CTRL.BARRIER_GEN) !== gen) return;
    while (Atomics.load(c, CTRL.BARRIER_GEN) === gen) {
      Atomics.wait(c, CTRL.BARRIER_GEN, gen, 50);
      if (Atomics.load(c, CTRL.ABORT) !== 0) throw new Error('another simulation worker failed; stopping');
    }
  }

  private decide(decide: boolean): void {
    const c = this.control;
    if (!decide) {
      Atomics.store(c, CTRL.STOP_DECIDED, 0);
      Atomics.store(c, CTRL.CHECKPOINT_DECIDED, 0);
      return;
    }
    const stop = Atomics.load(c, CTRL.STOP_REQUEST) !== 0 ? STOP_REQUESTED : Atomics.load(c, CTRL.MEMORY_STOP) !== 0 ? STOP_MEMORY : 0;
    Atomics.store(c, CTRL.STOP_DECIDED, stop);
    Atomics.store(c, CTRL.CHECKPOINT_DECIDED, Atomics.exchange(c, CTRL.CHECKPOINT_REQUEST, 0));
  }

  /** Stop decided at the last barrier (the same in every worker): 0, STOP_REQUESTED or STOP_MEMORY. */
  get stopDecided(): number {
    return Atomics.load(this.control, CTRL.STOP_DECIDED);
  }

  get checkpointDecided(): boolean {
    return Atomics.load(this.control, CTRL.CHECKPOINT_DECIDED) !== 0;
  }

  /** Whether a stop has been requested (checked during the build, which has no barriers). */
  get stopRequested(): boolean {
    return Atomics.load(this.control, CTRL.STOP_REQUEST) !== 0 || Atomics.load(this.control, CTRL.ABORT) !== 0;
  }

  /** Tells every worker that this one's in-flight events outgrew the memory budget. */
  reportMemoryExceeded(): void {
    Atomics.store(this.control, CTRL.MEMORY_STOP, 1);
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

/** Build progress of all workers: units done and in total (0 while a worker has not started). */
export function buildProgress(shared: SharedBlocks): { done: number; total: number } {
  const p = new Float64Array(shared.progress);
  let done = 0;
  let total = 0;
  for (let k = 0; k < shared.workerSizes.length; k++) {
    done += p[2 * k];
    total += p[2 * k + 1];
  }
  return { done, total };
}

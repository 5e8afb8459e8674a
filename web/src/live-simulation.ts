/**
 * A live simulation in the page: starts the simulation workers on the plan (shared memory and several
 * workers when the page is cross-origin isolated, one worker otherwise), collects their spikes as they
 * stream in, and pauses, continues and stops them.
 */
import { populationCosts } from '../../simulation/engine/cost-model.ts';
import { assignPopulations } from '../../simulation/engine/layout.ts';
import type { NetworkPlan } from '../../simulation/engine/plan.ts';
import { allocateShared, CTRL, type SharedBlocks } from '../../simulation/engine/shared-control.ts';
import type { SimRequest, SimResponse } from './protocol.ts';

export interface LiveStatus {
  state: 'building' | 'running' | 'paused' | 'stopped' | 'completed' | 'runaway' | 'failed';
  simulatedMs: number;
  totalMs: number;
  wallS: number;
  spikes: number;
  synapses: number;
  workers: number;
  message: string;
  /** Time worker 0 spent in the engine's step loop (s), at the end of the run. */
  engineS: number;
}

/** Spikes as they arrive: time stamps (steps) and global neuron ids, in arrival order. */
export class SpikeStore {
  stamps = new Uint32Array(1 << 16);
  ids = new Uint32Array(1 << 16);
  count = 0;

  add(records: Uint32Array): void {
    const n = records.length >> 1;
    if (this.count + n > this.stamps.length) {
      const size = Math.max(2 * this.stamps.length, this.count + n);
      const stamps = new Uint32Array(size);
      const ids = new Uint32Array(size);
      stamps.set(this.stamps.subarray(0, this.count));
      ids.set(this.ids.subarray(0, this.count));
      this.stamps = stamps;
      this.ids = ids;
    }
    for (let k = 0; k < n; k++) {
      this.stamps[this.count + k] = records[2 * k];
      this.ids[this.count + k] = records[2 * k + 1];
    }
    this.count += n;
  }
}

/** Whether workers can share memory here (cross-origin isolated page). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** Spikes per neuron and second assumed when balancing the workers' populations (as mam simulate). */
const ASSUMED_RATE_HZ = 5;

function allocate(plan: NetworkPlan, assignment: number[][], shared: boolean): SharedBlocks {
  const sizes = assignment.map((pops) => pops.reduce((s, p) => s + plan.populations[p].size, 0));
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : (new ArrayBuffer(bytes) as unknown as SharedArrayBuffer));
  return allocateShared(plan, sizes, buffer);
}

/** Wall time (ms) between two looks at the worker's messages (pause, stop) and two progress reports. */
const CHUNK_MS = 50;

export class LiveSimulation {
  readonly spikes = new SpikeStore();
  readonly workers: number;
  readonly shared: boolean;
  private readonly threads: Worker[] = [];
  private readonly steps: number[];
  private readonly blocks: SharedBlocks;
  private startedAt = 0;
  private pausedAt = 0;
  private pausedS = 0;
  private doneCount = 0;
  private synapses = 0;
  readonly status: LiveStatus;
  readonly finished: Promise<LiveStatus>;
  private finish!: (s: LiveStatus) => void;

  constructor(
    readonly plan: NetworkPlan,
    requestedWorkers: number,
    private readonly onUpdate: (status: LiveStatus) => void,
    createWorker: () => Worker,
  ) {
    this.shared = canShareMemory();
    this.workers = this.shared ? Math.max(1, Math.min(requestedWorkers, plan.populations.length)) : 1;
    this.steps = new Array(this.workers).fill(0);
    const assignment = assignPopulations(populationCosts(plan, 'explicit', ASSUMED_RATE_HZ), this.workers);
    this.blocks = allocate(plan, assignment, this.shared);
    this.status = { state: 'building', simulatedMs: 0, totalMs: plan.nSteps * plan.dt_ms, wallS: 0, spikes: 0, synapses: 0, workers: this.workers, message: '', engineS: 0 };
    this.finished = new Promise((resolve) => (this.finish = resolve));
    let built = 0;
    assignment.forEach((_, worker) => {
      const w = createWorker();
      this.threads.push(w);
      w.onmessage = (e: MessageEvent<SimResponse>) => {
        const m = e.data;
        if (m.type === 'built') {
          this.synapses += m.synapses;
          if (++built === this.workers) {
            this.startedAt = performance.now();
            this.update({ state: 'running', synapses: this.synapses });
          }
        } else if (m.type === 'spikes') {
          this.spikes.add(new Uint32Array(m.records));
        } else if (m.type === 'progress') {
          this.steps[m.worker] = m.steps;
          this.update({});
        } else if (m.type === 'done') {
          this.steps[m.worker] = m.steps;
          if (m.worker === 0) this.status.engineS = m.simulateMs / 1e3;
          if (m.runaway) this.status.message = m.runaway;
          if (++this.doneCount === this.workers) {
            const state = m.runaway ? 'runaway' : m.interrupted ? 'stopped' : 'completed';
            this.end(state, this.status.message || `${state} at t = ${this.simulatedMs().toFixed(1)} ms`);
          }
        } else if (m.type === 'error') {
          this.end('failed', `simulation worker ${m.worker} failed: ${m.message}`);
        }
      };
      w.onerror = (e) => this.end('failed', `simulation worker ${worker} failed: ${e.message}`);
      const start: SimRequest = { type: 'start', plan, assignment, worker, blocks: this.blocks, chunkMs: CHUNK_MS };
      w.postMessage(start);
    });
  }

  private simulatedMs(): number {
    return Math.min(...this.steps) * this.plan.dt_ms;
  }

  private update(patch: Partial<LiveStatus>): void {
    Object.assign(this.status, patch);
    this.status.simulatedMs = this.simulatedMs();
    this.status.spikes = this.spikes.count;
    if (this.startedAt > 0) this.status.wallS = ((this.pausedAt || performance.now()) - this.startedAt) / 1e3 - this.pausedS;
    this.onUpdate(this.status);
  }

  private ended = false;

  private end(state: LiveStatus['state'], message: string): void {
    if (this.ended) return;
    this.ended = true;
    // Give the last spike messages (posted before 'done') their turn.
    setTimeout(() => {
      this.update({ state, message });
      for (const w of this.threads) w.terminate();
      this.finish(this.status);
    }, 0);
  }

  pause(): void {
    if (this.status.state !== 'running') return;
    for (const w of this.threads) w.postMessage({ type: 'pause' } satisfies SimRequest);
    this.pausedAt = performance.now();
    this.update({ state: 'paused' });
  }

  resume(): void {
    if (this.status.state !== 'paused') return;
    this.pausedS += (performance.now() - this.pausedAt) / 1e3;
    this.pausedAt = 0;
    for (const w of this.threads) w.postMessage({ type: 'resume' } satisfies SimRequest);
    this.update({ state: 'running' });
  }

  /** Ends the run after the current step (every worker at the same step); recorded spikes stay. */
  stop(): void {
    if (this.shared) Atomics.store(new Int32Array(this.blocks.control), CTRL.STOP_REQUEST, 1);
    for (const w of this.threads) w.postMessage({ type: 'stop' } satisfies SimRequest);
    if (this.pausedAt) this.resume();
  }

  /** Ends at once (a new run replaces this one). */
  terminate(): void {
    for (const w of this.threads) w.terminate();
    this.end('stopped', 'replaced by a new run');
  }
}

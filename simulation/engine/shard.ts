/**
 * One worker's share of the network: a contiguous range of neurons [lo, hi) with all synapses onto
 * them, their state and their input, and the step loop that advances them. The same code runs in the
 * main thread (1 thread) and in worker threads (several), which exchange the spikes of every step
 * through shared memory. Results are identical for any thread count: every random quantity has its
 * own key, and inputs are summed into a neuron in the same order (spike-delivery.ts).
 *
 * Parts: synapse-build.ts (synapses), spike-delivery.ts (pending spikes), poisson-drive.ts,
 * shared-control.ts (barrier, stop, spike exchange), runaway-guard.ts, recorder.ts. No file access
 * here: recordings go to the sinks given.
 */
import { computePropagators, IafPscExpState, stepIafPscExp, type IafPscExpPropagators } from '../neuron/iaf-psc-exp.ts';
import type { RecordSinkFactory } from '../recording/record-format.ts';
import type { NetworkPlan } from './plan.ts';
import { PoissonDrive } from './poisson-drive.ts';
import { Recorder } from './recorder.ts';
import { hashKey, KeyedRng, STREAM_V0 } from './rng.ts';
import { RunawayGuard, type RunawayInfo } from './runaway-guard.ts';
import { shardSegments, type Segment } from './segments.ts';
import { WorkerExchange, type SharedBlocks } from './shared-control.ts';
import { SpikeQueue } from './spike-delivery.ts';
import { buildSynapseTable } from './synapse-build.ts';

export interface ShardStats {
  synapses: number;
  synapseBytes: number;
  buildMs: number;
  simulateMs: number;
  spikes: number;
  /** Synaptic events delivered (spike x synapse). */
  events: number;
  stepsDone: number;
  runaway: RunawayInfo | null;
  interrupted: boolean;
}

/** Steps between two flushes of the record buffers. */
const FLUSH_STEPS = 128;

export class Shard {
  readonly size: number;
  readonly state: IafPscExpState;
  private readonly props: IafPscExpPropagators;
  private readonly segments: Segment[];
  private readonly inEx: Float64Array;
  private readonly inIn: Float64Array;
  private readonly inCur: Float64Array | null;
  private readonly localSpikes: Int32Array;
  private readonly poisson: PoissonDrive;
  private readonly exchange: WorkerExchange;
  private readonly guard: RunawayGuard;
  private readonly recorder: Recorder;
  private queue: SpikeQueue | null = null;
  private readonly stats: ShardStats;
  private nextStep = 0;
  private finished = false;
  private simulateStart = 0;

  constructor(
    private readonly plan: NetworkPlan,
    private readonly worker: number,
    workers: number,
    private readonly lo: number,
    private readonly hi: number,
    shared: SharedBlocks,
    sinks: RecordSinkFactory | null,
  ) {
    this.size = hi - lo;
    this.props = computePropagators(plan.neuron, plan.dt_ms);
    this.state = new IafPscExpState(this.size);
    this.inEx = new Float64Array(this.size);
    this.inIn = new Float64Array(this.size);
    this.inCur = plan.currents.some((c) => c !== null) ? new Float64Array(this.size) : null;
    this.localSpikes = new Int32Array(Math.max(1, this.size));
    this.segments = shardSegments(plan, lo, hi);
    this.poisson = new PoissonDrive(plan.poisson, plan.dt_ms, this.segments, this.size);
    this.exchange = new WorkerExchange(shared, worker, workers, plan.totalNeurons);
    this.guard = new RunawayGuard(shared.popBins, plan, worker, workers);
    this.recorder = new Recorder(plan, this.segments, worker, lo, sinks);
    this.stats = { synapses: 0, synapseBytes: 0, buildMs: 0, simulateMs: 0, spikes: 0, events: 0, stepsDone: 0, runaway: null, interrupted: false };
  }

  /** Draws initial potentials, Poisson streams and all synapses onto this shard's neurons. */
  build(): void {
    const t0 = performance.now();
    const { plan, lo } = this;
    const rng = new KeyedRng();
    const E_L = plan.neuron.E_L;
    for (let i = 0; i < this.size; i++) {
      const gid = lo + i;
      rng.seed(hashKey(plan.seed, STREAM_V0, gid));
      this.state.setVm(i, plan.V0_mean_mV + plan.V0_sd_mV * rng.normal(), E_L);
      this.poisson.seed(i, plan.seed, gid);
    }
    const table = buildSynapseTable(plan, lo, this.hi, this.worker, rng);
    this.queue = new SpikeQueue(table);
    this.stats.synapses = table.count;
    this.stats.synapseBytes = table.bytes;
    this.stats.buildMs = performance.now() - t0;
  }

  /** Tells the other workers that this one failed. */
  abort(): void {
    this.exchange.abort();
  }

  /** Runs all steps at once (worker threads). */
  run(): ShardStats {
    this.start();
    while (!this.runChunk(this.plan.nSteps)) {
      // runChunk returns true when done
    }
    return this.stats;
  }

  /** Opens the recordings; call after build and before the first runChunk. */
  start(): void {
    if (this.queue === null) throw new Error(`worker ${this.worker}: start() before build()`);
    this.recorder.open();
    this.simulateStart = performance.now();
  }

  /**
   * Advances by up to `maxSteps` steps (the main thread simulates in chunks so that its event loop,
   * progress display and Ctrl-C handling stay alive). Returns true when the run has ended
   * (all steps done, runaway activity, or a stop request), after closing the recordings.
   */
  runChunk(maxSteps: number): boolean {
    if (this.finished) return true;
    const { plan, exchange, guard, recorder, inEx, inIn } = this;
    const queue = this.queue!;
    const end = Math.min(plan.nSteps, this.nextStep + maxSteps);
    let stop = false;
    try {
      for (let t = this.nextStep; t < end; t++) {
        const binBase = guard.binBase(t);
        queue.deliver(t, inEx, inIn);
        this.poisson.apply(t, inEx, inIn);
        const nSpikes = this.updateNeurons(t, binBase);
        exchange.publish(t, this.localSpikes, nSpikes, this.lo);
        this.stats.spikes += nSpikes;
        recorder.vm(t, this.state.v);
        exchange.barrier();
        exchange.gather(t, queue);
        this.stats.stepsDone = t + 1;
        this.nextStep = t + 1;
        exchange.reportStep(t + 1);
        const runaway = guard.check(t);
        if (runaway) {
          this.stats.runaway = runaway;
          stop = true;
          break;
        }
        if (exchange.stopDecided) {
          this.stats.interrupted = true;
          stop = true;
          break;
        }
        if ((t + 1) % FLUSH_STEPS === 0) recorder.flush();
      }
    } catch (err) {
      recorder.close();
      throw err;
    } finally {
      this.stats.events = queue.events;
    }
    if (stop || this.nextStep >= plan.nSteps) {
      recorder.close();
      this.finished = true;
      this.stats.simulateMs = performance.now() - this.simulateStart;
      return true;
    }
    recorder.flush();
    return false;
  }

  get statistics(): ShardStats {
    return this.stats;
  }

  /** Updates every neuron for step t; returns the number of spikes (local indices in localSpikes). */
  private updateNeurons(t: number, binBase: number): number {
    let n = 0;
    const { plan, state, props, inEx, inIn, inCur, recorder } = this;
    const bins = this.guard.bins;
    const recordSpikes = recorder.recordsSpikesAt(t);
    for (const seg of this.segments) {
      const cur = plan.currents[seg.pop];
      if (inCur !== null) inCur.fill(cur === null ? 0 : cur[t], seg.from, seg.to);
      const before = n;
      n = stepIafPscExp(state, props, plan.populations[seg.pop].I_e_pA, seg.from, seg.to, inEx, inIn, 0, inCur, this.localSpikes, n);
      bins[binBase + seg.pop] += n - before;
      if (recordSpikes) recorder.spikes(t, seg.pop, this.localSpikes, before, n);
    }
    return n;
  }
}

/**
 * One worker's share of the network: whole populations (layout.ts) with all synapses onto them, their
 * state and input, and the step loop that advances them. The same code runs in the main thread and in
 * worker threads, which exchange the spikes of every step through shared memory. Results are identical
 * for any thread count and connectivity mode: every random quantity has its own key, and each
 * neuron's input is summed in the same order.
 *
 * A step t: update the neurons (their input of step t is complete); publish their spikes and arrive at
 * the barrier; add the Poisson input of t + 1 and the events already waiting for t + 1 (work that does
 * not need the other workers' spikes: done between arriving and waiting, it neither holds up the
 * others nor leaves this worker idle while it waits for them); wait at the barrier; expand every
 * spike of step t (global id order) into events (explicit table or procedural streams) in the buckets
 * of their arrival steps, and add those arriving in t + 1 (one-step delays). A neuron's input of a
 * step is thus summed in one order for any thread count: Poisson input, then events in the order they
 * were generated. At the end of each ms (no input added while waiting there), check for runaway
 * activity and take the stop and checkpoint decisions (the same in every worker); a checkpoint holds
 * the events of t + 1 on in the buckets, none in the neurons.
 *
 * Parts: connectivity.ts, explicit-table.ts, spike-delivery.ts, event-buckets.ts, poisson-drive.ts,
 * shared-control.ts, runaway-guard.ts, recorder.ts, checkpoint-format.ts. No file access here.
 */
import { computeAlphaPropagators, type IafPscAlphaPropagators } from '../neuron/iaf-psc-alpha.ts';
import { computePropagators, type IafPscExpPropagators } from '../neuron/iaf-psc-exp.ts';
import type { RecordSinkFactory } from '../recording/record-format.ts';
import { readShardState, writeShardState, type ByteSink, type ByteSource } from './checkpoint-format.ts';
import { Connectivity } from './connectivity.ts';
import { EventBuckets } from './event-buckets.ts';
import { ExplicitTable } from './explicit-table.ts';
import type { Segment, WorkerLayout } from './layout.ts';
import { FIELD, NeuronBlock } from './neuron-block.ts';
import { populationModel, populationNeuron, type NetworkPlan } from './plan.ts';
import { PoissonDrive } from './poisson-drive.ts';
import { Recorder, type RecordCounts } from './recorder.ts';
import { initialMembranePotential } from './network-synapses.ts';
import { StreamRng } from './rng.ts';
import { RunawayGuard, type RunawayInfo } from './runaway-guard.ts';
import { STOP_MEMORY, WorkerExchange, type SharedBlocks } from './shared-control.ts';
import { ExplicitExpansion, ProceduralExpansion, type SpikeExpansion } from './spike-delivery.ts';

/**
 * Steps between two flushes of the record buffers: a killed run loses at most this many steps of
 * records (docs/simulation.md, "Complete runs").
 */
const FLUSH_STEPS = 128;

export type ConnectivityMode = 'explicit' | 'procedural';

/** Spikes expanded before the run (Shard.warmUp), per step, and the largest pool of events they may fill. */
const WARM_UP_SPIKES = 4000;
const WARM_UP_SPIKES_PER_STEP = 40;
const WARM_UP_POOL_BYTES = 2 ** 26;

export interface ShardOptions {
  connectivity: ConnectivityMode;
  /** Bytes the in-flight events of this worker may take before the run is stopped. */
  eventBudgetBytes: number;
  /** Number in this worker's record file names. */
  fileIndex: number;
  /** Input bytes per input group (layout.ts); results do not depend on it. */
  inputGroupBytes?: number;
}

export interface ShardStats {
  connectivity: ConnectivityMode;
  synapses: number;
  /** Bytes of the stored connectivity (explicit synapses, or procedural per-source counts). */
  connectivityBytes: number;
  /** Peak bytes of the in-flight event pool. */
  eventPoolBytes: number;
  buildMs: number;
  simulateMs: number;
  /** Wall time spent waiting for the other workers at the barriers (load imbalance). */
  barrierWaitMs: number;
  spikes: number;
  /** Synaptic events delivered (spike x synapse). */
  events: number;
  stepsDone: number;
  runaway: RunawayInfo | null;
  interrupted: boolean;
  /** Stopped because in-flight events outgrew the memory budget. */
  memoryExceeded: boolean;
}

/** Thrown out of the build when a stop was requested (Ctrl-C). */
export class BuildCancelled extends Error {
  constructor() {
    super('build cancelled');
  }
}

/** Called while all workers stand at the end of step `stepsDone - 1`: write this worker's part of a checkpoint. */
export type CheckpointWriter = (shard: Shard, stepsDone: number) => void;

export class Shard {
  readonly size: number;
  readonly neurons: NeuronBlock;
  readonly exchange: WorkerExchange;
  readonly guard: RunawayGuard;
  private readonly spikeGids: Int32Array;
  /** Per plan population: its propagators (shared objects where the parameters are the plan's). */
  private readonly propagators: IafPscExpPropagators[];
  /** Per plan population: its iaf_psc_alpha propagators, or null for an iaf_psc_exp population. */
  private readonly alphaPropagators: (IafPscAlphaPropagators | null)[];
  private readonly poisson: PoissonDrive;
  private readonly recorder: Recorder;
  private readonly stepsPerMs: number;
  private buckets: EventBuckets | null = null;
  private expansion: SpikeExpansion | null = null;
  private readonly stats: ShardStats;
  private nextStep = 0;
  /** Population of each spike of the step being expanded. */
  private spikePops = new Int32Array(1024);
  /** Sum of what SpikeExpansion.touch read (kept so that its reads are not optimized away). */
  private touched = 0;
  private finished = false;
  private simulateStart = 0;
  /** Set by the host to take part in checkpoints; `afterCheckpoint` runs once every worker has written its part. */
  checkpointWriter: CheckpointWriter | null = null;
  afterCheckpoint: ((stepsDone: number) => void) | null = null;

  constructor(
    private readonly plan: NetworkPlan,
    readonly layout: WorkerLayout,
    shared: SharedBlocks,
    sinks: RecordSinkFactory | null,
    private readonly options: ShardOptions,
  ) {
    this.size = layout.size;
    this.poisson = new PoissonDrive(plan, layout.segments);
    const common = computePropagators(plan.neuron, plan.dt_ms);
    this.propagators = plan.populations.map((p) => (p.neuron ? computePropagators(p.neuron, plan.dt_ms) : common));
    this.alphaPropagators = plan.populations.map((p, pop) => (populationModel(plan, pop) === 'iaf_psc_alpha' ? computeAlphaPropagators(populationNeuron(plan, pop), plan.dt_ms, p.V_min_mV) : null));
    const withAlpha = layout.segments.some((seg) => this.alphaPropagators[seg.pop] !== null);
    const withCurrent = plan.currents.some((c) => c !== null);
    this.neurons = new NeuronBlock(this.size, withCurrent, common, this.poisson.tables, withAlpha, withCurrent ? 0 : layout.segments.length);
    if (!withCurrent) {
      layout.segments.forEach((seg, k) => {
        if (this.alphaPropagators[seg.pop] === null) this.neurons.setSegment(k, seg.from, seg.to, plan.populations[seg.pop].I_e_pA, this.propagators[seg.pop]);
      });
    }
    this.spikeGids = new Int32Array(Math.max(1, this.size));
    this.stepsPerMs = Math.round(1 / plan.dt_ms);
    this.exchange = new WorkerExchange(shared, layout.worker, plan.totalNeurons);
    this.guard = new RunawayGuard(shared.popBins, plan, layout.worker, layout.workers);
    this.recorder = new Recorder(plan, layout.segments, options.fileIndex, sinks);
    this.stats = {
      connectivity: options.connectivity,
      synapses: 0,
      connectivityBytes: 0,
      eventPoolBytes: 0,
      buildMs: 0,
      simulateMs: 0,
      barrierWaitMs: 0,
      spikes: 0,
      events: 0,
      stepsDone: 0,
      runaway: null,
      interrupted: false,
      memoryExceeded: false,
    };
  }

  /**
   * Draws initial potentials, synapse counts and (explicit mode) all synapses onto this shard's
   * neurons, reporting progress through shared memory. Yields now and then so that the main thread
   * can serve its event loop; throws BuildCancelled when a stop is requested.
   */
  *build(): Generator<void> {
    const t0 = performance.now();
    const { plan, layout, exchange } = this;
    const rng = new StreamRng();
    for (const seg of layout.segments) {
      for (let i = seg.from; i < seg.to; i++) {
        // V_m is held relative to E_L, as NEST does.
        const gid = i + seg.gidOffset;
        const v0 = plan.initialVm_mV ? plan.initialVm_mV[gid] : initialMembranePotential(plan, rng, gid);
        this.neurons.set(FIELD.V, i, v0 - populationNeuron(plan, seg.pop).E_L);
      }
    }
    const connectivity = new Connectivity(plan, layout, this.neurons);
    const explicit = this.options.connectivity === 'explicit';
    const countUnits = connectivity.countUnits;
    const total = countUnits + (explicit ? connectivity.synapseCount : 0);
    exchange.reportBuild(0, total);
    const step = (done: number) => {
      exchange.reportBuild(done, total);
      if (exchange.stopRequested) throw new BuildCancelled();
    };
    for (const done of connectivity.drawCounts()) {
      step(done);
      yield;
    }
    let maxDelay = connectivity.maxDelaySteps;
    if (explicit) {
      const table = new ExplicitTable(connectivity, this.neurons.records.length, layout.worker);
      for (const done of table.build()) {
        step(countUnits + done);
        yield;
      }
      maxDelay = table.maxDelaySteps;
      this.buckets = new EventBuckets(maxDelay, layout.inputGroups, this.options.eventBudgetBytes);
      this.expansion = new ExplicitExpansion(connectivity, table, this.buckets);
      this.stats.connectivityBytes = table.bytes + connectivity.countBytes;
      this.warmUp(connectivity, maxDelay, (b) => new ExplicitExpansion(connectivity, table, b));
    } else {
      this.buckets = new EventBuckets(maxDelay, layout.inputGroups, this.options.eventBudgetBytes);
      this.expansion = new ProceduralExpansion(connectivity, this.buckets);
      this.stats.connectivityBytes = connectivity.countBytes;
      this.warmUp(connectivity, maxDelay, (b) => new ProceduralExpansion(connectivity, b));
    }
    // Only the counts are needed from here on in explicit mode too (the table has the rest).
    this.stats.synapses = connectivity.synapseCount;
    exchange.reportBuild(total, total);
    this.stats.buildMs = performance.now() - t0;
  }

  /**
   * Expands and delivers spikes of every source group into throwaway buckets and input before the
   * first step: the JIT compiles code as it sees it run, and the run's first steps would otherwise
   * execute the expansion unoptimized. Touches no state of the run.
   */
  private warmUp(connectivity: Connectivity, maxDelay: number, expansionInto: (buckets: EventBuckets) => SpikeExpansion): void {
    if (connectivity.groups.length === 0) return;
    const buckets = new EventBuckets(maxDelay, this.layout.inputGroups, WARM_UP_POOL_BYTES);
    const expansion = expansionInto(buckets);
    const input = new Float64Array(this.neurons.records.length);
    const groups = connectivity.groups;
    for (let k = 0, t = 0; k < WARM_UP_SPIKES && buckets.poolBytes < WARM_UP_POOL_BYTES / 2; t++) {
      for (let j = 0; j < WARM_UP_SPIKES_PER_STEP; j++, k++) {
        const g = groups[k % groups.length];
        const gid = g.first + (Math.floor(k / groups.length) % g.size);
        expansion.touch?.(gid, g.pop);
        expansion.expand(gid, g.pop, t);
      }
      buckets.deliver(t, input);
    }
  }

  /** Tells the other workers that this one failed. */
  abort(): void {
    this.exchange.abort();
  }

  /** Runs all steps at once (worker threads). */
  run(): ShardStats {
    while (!this.runChunk(Infinity)) {
      // runChunk returns true when done
    }
    return this.stats;
  }

  /**
   * Opens the recordings; call after build and before the first runChunk. To resume, give the state
   * files of the checkpoint (all workers'), the records already in this worker's files, and the
   * spikes and events counted before (added to this worker's statistics).
   */
  start(resume: { sources: ByteSource[]; records: RecordCounts | null; spikes: number; events: number } | null = null): void {
    if (this.buckets === null) throw new Error(`worker ${this.layout.worker}: start() before build()`);
    if (resume) {
      const steps = readShardState(this.stateView(), resume.sources);
      if (steps % this.stepsPerMs !== 0 || steps > this.plan.nSteps) throw new Error(`checkpoint at step ${steps}: expected the end of a ms within t_sim`);
      this.nextStep = steps;
      this.stats.stepsDone = steps;
      this.stats.spikes = resume.spikes;
      this.stats.events = resume.events;
    }
    this.recorder.open(resume?.records ?? null);
    this.simulateStart = performance.now();
    if (this.nextStep < this.plan.nSteps) this.addInput(this.nextStep);
  }

  /** Adds the Poisson input of step t and the events waiting for it (called again for events added later). */
  private addInput(t: number): void {
    this.poisson.apply(t, this.neurons);
    this.stats.events += this.buckets!.deliver(t, this.neurons.records);
  }

  /** Writes this worker's state after `stepsDone` steps (between two barriers of a checkpoint). */
  writeState(stepsDone: number, sink: ByteSink): void {
    writeShardState(this.stateView(), stepsDone, sink);
  }

  /** Flushes and syncs the record files; returns their records (a checkpoint names them). */
  syncRecords(): RecordCounts {
    return this.recorder.sync();
  }

  private stateView() {
    return { plan: this.plan, layout: this.layout, neurons: this.neurons, buckets: this.buckets!, guard: this.guard };
  }

  /**
   * Advances until the run ends or `maxWallMs` have passed (the main thread simulates in chunks so
   * that its event loop, progress display and Ctrl-C handling stay alive). Returns true when the run
   * has ended (all steps done, runaway activity, or a stop), after closing the recordings.
   */
  runChunk(maxWallMs: number): boolean {
    if (this.finished) return true;
    const { plan, exchange, guard, recorder, neurons, stats } = this;
    const buckets = this.buckets!;
    const chunkStart = performance.now();
    let stop = false;
    try {
      for (let t = this.nextStep; t < plan.nSteps; t++) {
        const binBase = guard.binBase(t);
        const nSpikes = this.updateNeurons(t, binBase);
        exchange.publish(t, this.spikeGids, nSpikes);
        stats.spikes += nSpikes;
        recorder.vm(t, neurons);
        if ((t + 1) % FLUSH_STEPS === 0) recorder.flush();
        const msEnd = (t + 1) % this.stepsPerMs === 0;
        const last = t + 1 === plan.nSteps;
        exchange.arrive(msEnd);
        if (!msEnd && !last) this.addInput(t + 1);
        const waitStart = performance.now();
        exchange.wait();
        stats.barrierWaitMs += performance.now() - waitStart;
        this.expandSpikes(t);
        this.nextStep = t + 1;
        stats.stepsDone = t + 1;
        exchange.reportStep(t + 1);
        if (buckets.poolBytes > this.options.eventBudgetBytes) exchange.reportMemoryExceeded();
        if (!msEnd) {
          if (!last) stats.events += buckets.deliver(t + 1, neurons.records);
          if (performance.now() - chunkStart > maxWallMs) break;
          continue;
        }
        const runaway = guard.check(t);
        const stopDecided = exchange.stopDecided;
        if (exchange.checkpointDecided) this.checkpoint(t + 1);
        if (!last && !runaway && stopDecided === 0) this.addInput(t + 1);
        if (runaway) {
          stats.runaway = runaway;
          stop = true;
          break;
        }
        if (stopDecided !== 0) {
          if (stopDecided === STOP_MEMORY) stats.memoryExceeded = true;
          else stats.interrupted = true;
          stop = true;
          break;
        }
        if (performance.now() - chunkStart > maxWallMs) break;
      }
    } catch (err) {
      recorder.close();
      throw err;
    }
    stats.eventPoolBytes = buckets.poolBytes;
    if (stop || this.nextStep >= plan.nSteps) {
      recorder.close();
      this.finished = true;
      stats.simulateMs = performance.now() - this.simulateStart;
      return true;
    }
    recorder.flush();
    return false;
  }

  get statistics(): ShardStats {
    return this.stats;
  }

  /** Both barriers of a checkpoint: every worker writes its part, then the main thread completes it. */
  private checkpoint(stepsDone: number): void {
    this.checkpointWriter?.(this, stepsDone);
    this.exchange.barrier(false);
    this.afterCheckpoint?.(stepsDone);
  }

  /** Expands every spike of step t (all workers, global id order) into this worker's synaptic events. */
  private expandSpikes(t: number): void {
    const n = this.exchange.gather(t);
    if (n > 0) this.expandNeuronSpikes(t, n);
    // The virtual sources' ids follow the neurons', so global id order holds.
    if (this.plan.virtualSpikes !== undefined) this.expandVirtualSpikes(t);
  }

  private expandNeuronSpikes(t: number, n: number): void {
    const gids = this.exchange.merged;
    const pops = this.plan.populations;
    const expansion = this.expansion!;
    if (this.spikePops.length < n) this.spikePops = new Int32Array(2 * n);
    const spikePops = this.spikePops;
    let pop = 0;
    let popEnd = pops.length > 0 ? pops[0].first + pops[0].size : 0;
    for (let k = 0; k < n; k++) {
      const gid = gids[k];
      while (gid >= popEnd) {
        pop++;
        popEnd = pops[pop].first + pops[pop].size;
      }
      spikePops[k] = pop;
    }
    if (expansion.touch !== undefined) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += expansion.touch(gids[k], spikePops[k]);
      this.touched += sum;
    }
    for (let k = 0; k < n; k++) expansion.expand(gids[k], spikePops[k], t);
  }

  /** The given spikes of the virtual sources emitted in step t. */
  private expandVirtualSpikes(t: number): void {
    const spikes = this.plan.virtualSpikes!;
    if (t + 1 >= spikes.stepStart.length) return;
    const virtual = this.plan.virtualPopulations!;
    const base = this.plan.populations.length;
    let v = 0;
    for (let k = spikes.stepStart[t], end = spikes.stepStart[t + 1]; k < end; k++) {
      const gid = spikes.gid[k];
      while (gid >= virtual[v].first + virtual[v].size) v++;
      this.expansion!.expand(gid, base + v, t);
    }
  }

  /**
   * Updates every neuron for step t; returns the number of spikes (global ids in spikeGids, ascending).
   * Runs of segments without Poisson draws in the step, alpha neurons or current input are stepped in
   * one call (NeuronBlock.stepSegments); the others one by one.
   */
  private updateNeurons(t: number, binBase: number): number {
    const { plan, neurons } = this;
    const segments = this.layout.segments;
    const batched = neurons.segmentSlots > 0;
    let n = 0;
    let runStart = 0;
    for (let k = 0; k < segments.length; k++) {
      const seg = segments[k];
      const alpha = this.alphaPropagators[seg.pop];
      const table = alpha === null ? this.poisson.fusedChannel(seg.pop, t) : -1;
      if (batched && alpha === null && table < 0) continue;
      if (runStart < k) n = this.stepRun(t, binBase, runStart, k, n);
      runStart = k + 1;
      const current = plan.currents[seg.pop];
      const current_pA = current === null ? 0 : current[t];
      const I_e_pA = plan.populations[seg.pop].I_e_pA;
      const before = n;
      if (alpha !== null) n = neurons.stepAlpha(seg.from, seg.to, I_e_pA, current_pA, n, alpha);
      else n = neurons.step(seg.from, seg.to, I_e_pA, current_pA, n, table, this.poisson.fusedWeight_pA, this.poisson.fusedRng, this.propagators[seg.pop]);
      this.segmentSpikes(t, binBase, seg, before, n);
    }
    if (runStart < segments.length) n = this.stepRun(t, binBase, runStart, segments.length, n);
    return n;
  }

  /** Steps segments [first, end) in one call. */
  private stepRun(t: number, binBase: number, first: number, end: number, count: number): number {
    const n = this.neurons.stepSegments(first, end, count);
    const ends = this.neurons.segmentEnds;
    let before = count;
    for (let k = first; k < end; k++) {
      this.segmentSpikes(t, binBase, this.layout.segments[k], before, ends[k]);
      before = ends[k];
    }
    return n;
  }

  /** Global ids, runaway bins and records of the spikes [before, n) of segment `seg`. */
  private segmentSpikes(t: number, binBase: number, seg: Segment, before: number, n: number): void {
    if (n === before) return;
    const local = this.neurons.spikes;
    const spikeGids = this.spikeGids;
    for (let j = before; j < n; j++) spikeGids[j] = local[j] + seg.gidOffset;
    this.guard.bins[binBase + seg.pop] += n - before;
    if (this.recorder.recordsSpikesAt(t)) this.recorder.spikes(t, seg.pop, spikeGids, before, n);
  }
}

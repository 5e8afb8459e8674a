/**
 * One worker's share of the network: a contiguous range of neurons [lo, hi) with all synapses onto
 * them, their state and their external input. The same code runs in the main thread (1 thread) and
 * in worker threads (several), which exchange the spikes of every step through shared memory.
 *
 * Synapses: compressed rows by global source neuron, 8 bytes each: uint32 (local target index in the
 * low bits, delay in steps in the high bits) + float32 weight (pA). Rows are sorted by delay, so a
 * spike is delivered by walking its row as time passes; pending spikes are kept in an "active" list
 * in (emission step, source id) order. Hence no per-neuron ring buffer over the maximum delay is
 * needed, and the order in which inputs are summed into a neuron does not depend on the number of
 * threads (results are identical for any thread count).
 *
 * Exactness trade-off: weights are rounded to float32 after being drawn (relative error < 6e-8,
 * far below the 10 % weight spread); sums and the neuron update are in float64.
 */
import {
  computePropagators,
  IafPscExpState,
  stepIafPscExp,
  type IafPscExpPropagators,
} from '../neuron/iaf-psc-exp.ts';
import { SPIKE_MAGIC, VM_MAGIC, RecordWriter } from '../recording/record-format.ts';
import { hashKey, KeyedRng, STREAM_POISSON, STREAM_SYNAPSES, STREAM_V0, uniformAt } from './rng.ts';
import type { NetworkPlan } from './plan.ts';

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

export interface RunawayInfo {
  population: string;
  rateHz: number;
  timeMs: number;
  windowMs: number;
  maxRateHz: number;
}

interface Segment {
  pop: number;
  /** Local index range. */
  from: number;
  to: number;
}

interface PoissonPhase {
  startStep: number;
  /** Expected events per step (all channels). */
  lambda: number;
  /** Cumulative channel probabilities and channel weights (pA). */
  cumulative: Float64Array;
  weights: Float64Array;
}

const MAX_REDRAWS = 10000;

export class Shard {
  readonly size: number;
  readonly state: IafPscExpState;
  private readonly props: IafPscExpPropagators;
  private readonly segments: Segment[] = [];
  private offsets!: Uint32Array;
  private packed!: Uint32Array;
  private weights!: Float32Array;
  private targetBits = 1;
  private targetMask = 1;
  private readonly inEx: Float64Array;
  private readonly inIn: Float64Array;
  private readonly inCur: Float64Array | null;
  private readonly localSpikes: Int32Array;
  // Pending spikes: row pointer, row end and emission step, kept in arrival order.
  private activePtr = new Uint32Array(1024);
  private activeEnd = new Uint32Array(1024);
  private activeStep = new Int32Array(1024);
  private activeCount = 0;
  // External Poisson input: per-neuron stream state and next event time (in steps).
  private readonly poissonState: Int32Array;
  private readonly poissonNext: Float64Array;
  private readonly phases: PoissonPhase[][];
  private readonly phaseIndex: Int32Array;
  private readonly control: Int32Array;
  private readonly spikes: Int32Array;
  private readonly spikeCounts: Int32Array;
  private readonly popBins: Int32Array;
  private readonly stats: ShardStats;
  private spikeWriter: RecordWriter | null = null;
  private readonly ranges: [number, number][];
  private vmWriter: RecordWriter | null = null;

  constructor(
    private readonly plan: NetworkPlan,
    private readonly worker: number,
    private readonly workers: number,
    private readonly lo: number,
    private readonly hi: number,
    shared: SharedBlocks,
    private readonly outDir: string | null,
  ) {
    this.size = hi - lo;
    this.ranges = partition(plan.totalNeurons, workers);
    this.props = computePropagators(plan.neuron, plan.dtMs);
    this.state = new IafPscExpState(this.size);
    this.inEx = new Float64Array(this.size);
    this.inIn = new Float64Array(this.size);
    this.inCur = plan.currents.some((c) => c !== null) ? new Float64Array(this.size) : null;
    this.localSpikes = new Int32Array(Math.max(1, this.size));
    this.poissonState = new Int32Array(this.size);
    this.poissonNext = new Float64Array(this.size).fill(Infinity);
    this.control = new Int32Array(shared.control);
    this.spikes = new Int32Array(shared.spikes);
    this.spikeCounts = new Int32Array(shared.spikeCounts);
    this.popBins = new Int32Array(shared.popBins);
    this.stats = { synapses: 0, synapseBytes: 0, buildMs: 0, simulateMs: 0, spikes: 0, events: 0, stepsDone: 0, runaway: null, interrupted: false };
    for (const [p, pop] of plan.populations.entries()) {
      const from = Math.max(pop.first, lo) - lo;
      const to = Math.min(pop.first + pop.size, hi) - lo;
      if (to > from) this.segments.push({ pop: p, from, to });
    }
    this.phases = plan.poisson.map((channels) => poissonPhases(channels, plan.dtMs));
    this.phaseIndex = new Int32Array(plan.populations.length).fill(-1);
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
      this.state.setVm(i, plan.V0_mean + plan.V0_sd * rng.normal(), E_L);
      this.poissonState[i] = hashKey(plan.seed, STREAM_POISSON, gid) | 0;
    }
    this.buildSynapses(rng);
    this.stats.buildMs = performance.now() - t0;
  }

  private buildSynapses(rng: KeyedRng): void {
    const { plan, lo, hi } = this;
    const total = plan.totalNeurons;
    const synSeed = hashKey(plan.seed, STREAM_SYNAPSES);
    const pops = plan.populations;
    const counts = new Uint32Array(total + 1);
    // Source-major order: consecutive pathways fill the rows of the same source population, so the
    // scattered writes of pass 2 stay within one region of memory (cache locality).
    const relevant = plan.pathways
      .filter((pw) => {
        const t = pops[pw.target];
        return pw.count > 0 && t.first < hi && t.first + t.size > lo && pops[pw.source].size > 0;
      })
      .sort((a, b) => a.source - b.source || a.target - b.target);
    // Pass 1: rows lengths. Each synapse's draws come from its own key, so pass 2 can redraw them.
    for (const pw of relevant) {
      const T = pops[pw.target];
      const S = pops[pw.source];
      for (let k = 0; k < pw.count; k++) {
        rng.seed(hashKey(synSeed, pw.key, k));
        const tgt = T.first + rng.below(T.size);
        if (tgt < lo || tgt >= hi) continue;
        counts[S.first + rng.below(S.size)]++;
      }
    }
    const offsets = new Uint32Array(total + 1);
    let sum = 0;
    for (let g = 0; g < total; g++) {
      offsets[g] = sum;
      sum += counts[g];
      if (sum > 0xffffffff) throw new Error(`worker ${this.worker}: more than 2^32 synapses; use more threads`);
    }
    offsets[total] = sum;
    this.targetBits = Math.max(1, Math.ceil(Math.log2(Math.max(2, this.size))));
    this.targetMask = this.targetBits >= 32 ? 0xffffffff : (1 << this.targetBits) - 1;
    const maxDelaySteps = 2 ** (32 - this.targetBits) - 1;
    const packed = new Uint32Array(sum);
    const weights = new Float32Array(sum);
    const fill = counts; // reused as write cursor
    for (let g = 0; g < total; g++) fill[g] = offsets[g];
    const dt = plan.dtMs;
    for (const pw of relevant) {
      const T = pops[pw.target];
      const S = pops[pw.source];
      const { wMean, wSd, wMin, wMax, delayMeanMs, delaySdMs } = pw;
      for (let k = 0; k < pw.count; k++) {
        rng.seed(hashKey(synSeed, pw.key, k));
        const tgt = T.first + rng.below(T.size);
        if (tgt < lo || tgt >= hi) continue;
        const src = S.first + rng.below(S.size);
        let w = wMean + wSd * rng.normal();
        for (let n = 0; w < wMin || w > wMax; n++) {
          if (n === MAX_REDRAWS) throw new Error(`pathway ${T.label} <- ${S.label}: weights normal(${wMean}, ${wSd}) pA never satisfy ${wMin} <= w <= ${wMax}`);
          w = wMean + wSd * rng.normal();
        }
        let d = delayMeanMs + delaySdMs * rng.normal();
        for (let n = 0; d < dt; n++) {
          if (n === MAX_REDRAWS) throw new Error(`pathway ${T.label} <- ${S.label}: delays normal(${delayMeanMs}, ${delaySdMs}) ms never reach dt = ${dt} ms`);
          d = delayMeanMs + delaySdMs * rng.normal();
        }
        const steps = Math.round(d / dt);
        if (steps > maxDelaySteps) throw new Error(`pathway ${T.label} <- ${S.label}: delay ${d} ms exceeds the ${maxDelaySteps * dt} ms this worker can store`);
        const at = fill[src]++;
        packed[at] = ((steps << this.targetBits) | (tgt - lo)) >>> 0;
        weights[at] = w;
      }
    }
    sortRowsByDelay(offsets, packed, weights, this.targetBits, total);
    this.offsets = offsets;
    this.packed = packed;
    this.weights = weights;
    this.stats.synapses = sum;
    this.stats.synapseBytes = packed.byteLength + weights.byteLength;
  }

  private openWriters(): void {
    if (this.outDir === null) return;
    const { plan } = this;
    if (plan.populations.some((p) => p.recordSpikes)) {
      this.spikeWriter = new RecordWriter(`${this.outDir}/spikes-${this.worker}.bin`, SPIKE_MAGIC, this.worker, plan.dtMs, 8);
    }
    if (plan.populations.some((p) => p.nVm > 0)) {
      this.vmWriter = new RecordWriter(`${this.outDir}/vm-${this.worker}.bin`, VM_MAGIC, this.worker, plan.dtMs, 16);
    }
  }

  private barrier(): void {
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

  /** Tells the other workers that this one failed. */
  abort(): void {
    Atomics.store(this.control, CTRL.ABORT, 1);
    Atomics.notify(this.control, CTRL.BARRIER_GEN);
  }

  private windowCounts: Int32Array | null = null;
  private windowSums: Float64Array | null = null;
  private nextStep = 0;
  private finished = false;
  private simulateStart = 0;

  /** Runs all steps at once (worker threads). */
  run(): ShardStats {
    this.start();
    while (!this.runChunk(this.plan.nSteps)) {
      // runChunk returns true when done
    }
    return this.stats;
  }

  /** Opens the recording files; call before the first runChunk. */
  start(): void {
    const nPops = this.plan.populations.length;
    const windowBins = Math.max(1, Math.round(this.plan.runaway.windowMs));
    this.windowCounts = new Int32Array(windowBins * nPops);
    this.windowSums = new Float64Array(nPops);
    this.openWriters();
    this.simulateStart = performance.now();
  }

  /**
   * Advances by up to `maxSteps` steps (the main thread simulates in chunks so that its event loop,
   * progress display and Ctrl-C handling stay alive). Returns true when the run has ended
   * (all steps done, runaway activity, or a stop request), after closing the files.
   */
  runChunk(maxSteps: number): boolean {
    if (this.finished) return true;
    const { plan } = this;
    const nPops = plan.populations.length;
    const stepsPerMs = Math.round(1 / plan.dtMs);
    const windowBins = Math.max(1, Math.round(plan.runaway.windowMs));
    const windowCounts = this.windowCounts!;
    const windowSums = this.windowSums!;
    const end = Math.min(plan.nSteps, this.nextStep + maxSteps);
    let stop = false;
    try {
      for (let t = this.nextStep; t < end; t++) {
        const parity = t & 1;
        const bin = Math.floor(t / stepsPerMs);
        const binBase = (this.worker * 2 + (bin & 1)) * nPops;
        if (t % stepsPerMs === 0) this.popBins.fill(0, binBase, binBase + nPops);
        this.deliver(t);
        this.applyPoisson(t);
        const nSpikes = this.updateNeurons(t, binBase);
        // Publish this step's spikes as global ids.
        const base = parity * plan.totalNeurons + this.lo;
        for (let j = 0; j < nSpikes; j++) this.spikes[base + j] = this.localSpikes[j] + this.lo;
        this.spikeCounts[parity * this.workers + this.worker] = nSpikes;
        this.stats.spikes += nSpikes;
        this.recordVm(t);
        this.barrier();
        this.gather(t);
        this.stats.stepsDone = t + 1;
        this.nextStep = t + 1;
        if (this.worker === 0) Atomics.store(this.control, CTRL.STEP, t + 1);
        if ((t + 1) % stepsPerMs === 0) {
          const runaway = this.checkRunaway(bin, windowBins, windowCounts, windowSums);
          if (runaway) {
            this.stats.runaway = runaway;
            stop = true;
            break;
          }
        }
        if (this.control[CTRL.STOP_DECIDED] !== 0) {
          this.stats.interrupted = true;
          stop = true;
          break;
        }
        if ((t & 127) === 127) {
          this.spikeWriter?.flush();
          this.vmWriter?.flush();
        }
      }
    } catch (err) {
      this.closeFiles();
      throw err;
    }
    if (stop || this.nextStep >= plan.nSteps) {
      this.closeFiles();
      this.finished = true;
      this.stats.simulateMs = performance.now() - this.simulateStart;
      return true;
    }
    this.spikeWriter?.flush();
    this.vmWriter?.flush();
    return false;
  }

  private closeFiles(): void {
    this.spikeWriter?.close();
    this.vmWriter?.close();
    this.spikeWriter = null;
    this.vmWriter = null;
  }

  get statistics(): ShardStats {
    return this.stats;
  }

  /** Adds every pending synaptic input due in step t to the input of this step. */
  private deliver(t: number): void {
    const { packed, weights, inEx, inIn, targetMask } = this;
    const shift = this.targetBits;
    const ptrs = this.activePtr;
    const ends = this.activeEnd;
    const steps = this.activeStep;
    let kept = 0;
    let events = 0;
    for (let a = 0; a < this.activeCount; a++) {
      let p = ptrs[a];
      const end = ends[a];
      const due = t - steps[a];
      while (p < end) {
        const word = packed[p];
        if (word >>> shift !== due) break;
        const w = weights[p];
        if (w >= 0) inEx[word & targetMask] += w;
        else inIn[word & targetMask] += w;
        p++;
      }
      events += p - ptrs[a];
      if (p < end) {
        ptrs[kept] = p;
        ends[kept] = end;
        steps[kept] = steps[a];
        kept++;
      }
    }
    this.activeCount = kept;
    this.stats.events += events;
  }

  /** Draws the external Poisson events of step t (events in [t, t+1) in units of steps). */
  private applyPoisson(t: number): void {
    const { inEx, inIn, poissonNext, poissonState } = this;
    const tEnd = t + 1;
    for (const seg of this.segments) {
      const phases = this.phases[seg.pop];
      if (phases.length === 0) continue;
      let pi = this.phaseIndex[seg.pop];
      if (pi + 1 < phases.length && phases[pi + 1].startStep === t) {
        // New channels start: by memorylessness, drawing the next event afresh from t is exact.
        pi = ++this.phaseIndex[seg.pop];
        const inv = 1 / phases[pi].lambda;
        for (let i = seg.from; i < seg.to; i++) poissonNext[i] = t - Math.log(uniformAt(poissonState, i)) * inv;
      }
      if (pi < 0) continue;
      const ph = phases[pi];
      const invLambda = 1 / ph.lambda;
      const cum = ph.cumulative;
      const ws = ph.weights;
      const nCh = ws.length;
      for (let i = seg.from; i < seg.to; i++) {
        let next = poissonNext[i];
        if (next >= tEnd) continue;
        let addEx = 0;
        let addIn = 0;
        do {
          let w = ws[0];
          if (nCh > 1) {
            const u = uniformAt(poissonState, i);
            let c = 0;
            while (c < nCh - 1 && u > cum[c]) c++;
            w = ws[c];
          }
          if (w >= 0) addEx += w;
          else addIn += w;
          next -= Math.log(uniformAt(poissonState, i)) * invLambda;
        } while (next < tEnd);
        poissonNext[i] = next;
        inEx[i] += addEx;
        inIn[i] += addIn;
      }
    }
  }

  private updateNeurons(t: number, binBase: number): number {
    let n = 0;
    const { plan, state, props, inEx, inIn, inCur } = this;
    const writer = t + 1 > plan.spikeStartStep ? this.spikeWriter : null;
    for (const seg of this.segments) {
      const cur = plan.currents[seg.pop];
      if (inCur !== null) inCur.fill(cur === null ? 0 : cur[t], seg.from, seg.to);
      const before = n;
      const pop = plan.populations[seg.pop];
      n = stepIafPscExp(state, props, pop.I_e, seg.from, seg.to, inEx, inIn, 0, inCur, this.localSpikes, n);
      this.popBins[binBase + seg.pop] += n - before;
      if (writer !== null && pop.recordSpikes) {
        for (let j = before; j < n; j++) writer.spike(t + 1, this.localSpikes[j] + this.lo);
      }
    }
    return n;
  }

  private recordVm(t: number): void {
    const { plan } = this;
    const stamp = t + 1;
    if (this.vmWriter) {
      const vm = plan.vm;
      if (stamp > vm.startStep && stamp <= vm.stopStep && (stamp - vm.startStep) % vm.intervalSteps === 0) {
        const E_L = plan.neuron.E_L;
        for (const seg of this.segments) {
          const pop = plan.populations[seg.pop];
          const end = Math.min(seg.to, pop.first + pop.nVm - this.lo);
          for (let i = seg.from; i < end; i++) this.vmWriter.vm(stamp, i + this.lo, this.state.v[i] + E_L);
        }
      }
    }
  }

  /** Queues the spikes of step t of all workers (in worker order = global id order) for delivery. */
  private gather(t: number): void {
    const parity = t & 1;
    const ranges = this.ranges;
    const { offsets } = this;
    for (let k = 0; k < this.workers; k++) {
      const count = this.spikeCounts[parity * this.workers + k];
      const base = parity * this.plan.totalNeurons + ranges[k][0];
      for (let j = 0; j < count; j++) {
        const g = this.spikes[base + j];
        const start = offsets[g];
        const end = offsets[g + 1];
        if (start === end) continue;
        if (this.activeCount === this.activePtr.length) this.growActive();
        const a = this.activeCount++;
        this.activePtr[a] = start;
        this.activeEnd[a] = end;
        this.activeStep[a] = t;
      }
    }
  }

  private growActive(): void {
    const n = this.activePtr.length * 2;
    const p = new Uint32Array(n);
    p.set(this.activePtr);
    const e = new Uint32Array(n);
    e.set(this.activeEnd);
    const s = new Int32Array(n);
    s.set(this.activeStep);
    this.activePtr = p;
    this.activeEnd = e;
    this.activeStep = s;
  }

  /** Same decision in every worker: all read the same finished bins. */
  private checkRunaway(bin: number, windowBins: number, windowCounts: Int32Array, windowSums: Float64Array): RunawayInfo | null {
    const { plan } = this;
    const nPops = plan.populations.length;
    const slot = (bin % windowBins) * nPops;
    for (let p = 0; p < nPops; p++) {
      let c = 0;
      for (let k = 0; k < this.workers; k++) c += this.popBins[(k * 2 + (bin & 1)) * nPops + p];
      windowSums[p] += c - windowCounts[slot + p];
      windowCounts[slot + p] = c;
    }
    if (bin + 1 < windowBins) return null;
    const windowS = windowBins * 1e-3;
    for (let p = 0; p < nPops; p++) {
      const size = plan.populations[p].size;
      if (size === 0) continue;
      const rate = windowSums[p] / (size * windowS);
      if (rate > plan.runaway.maxRateHz) {
        return { population: plan.populations[p].label, rateHz: rate, timeMs: (bin + 1), windowMs: windowBins, maxRateHz: plan.runaway.maxRateHz };
      }
    }
    return null;
  }
}

function poissonPhases(channels: { rateHz: number; weightPa: number; delaySteps: number }[], dtMs: number): PoissonPhase[] {
  const starts = [...new Set(channels.map((c) => c.delaySteps))].sort((a, b) => a - b);
  return starts.map((startStep) => {
    // Channels with equal weights merge (superposition of Poisson processes).
    const byWeight = new Map<number, number>();
    for (const c of channels) if (c.delaySteps <= startStep) byWeight.set(c.weightPa, (byWeight.get(c.weightPa) ?? 0) + c.rateHz);
    const entries = [...byWeight.entries()];
    const lambdas = entries.map(([, r]) => r * dtMs * 1e-3);
    const lambda = lambdas.reduce((s, x) => s + x, 0);
    const cumulative = new Float64Array(entries.length);
    let acc = 0;
    lambdas.forEach((l, i) => (cumulative[i] = acc += l / lambda));
    return { startStep, lambda, cumulative, weights: Float64Array.from(entries.map(([w]) => w)) };
  });
}

/**
 * Stable sort of each row by delay (the high bits), keeping construction order among equal delays:
 * insertion sort for short rows, counting sort over the row's delay range otherwise (linear time).
 */
function sortRowsByDelay(offsets: Uint32Array, packed: Uint32Array, weights: Float32Array, shift: number, total: number): void {
  let tmpP = new Uint32Array(256);
  let tmpW = new Float32Array(256);
  let hist = new Uint32Array(256);
  for (let g = 0; g < total; g++) {
    const a = offsets[g];
    const b = offsets[g + 1];
    const n = b - a;
    if (n < 2) continue;
    let sorted = true;
    let lo = packed[a] >>> shift;
    let hi = lo;
    for (let i = a + 1; i < b; i++) {
      const d = packed[i] >>> shift;
      if (d < packed[i - 1] >>> shift) sorted = false;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    if (sorted) continue;
    if (n <= 16) {
      for (let i = a + 1; i < b; i++) {
        const p = packed[i];
        const w = weights[i];
        const d = p >>> shift;
        let j = i - 1;
        while (j >= a && packed[j] >>> shift > d) {
          packed[j + 1] = packed[j];
          weights[j + 1] = weights[j];
          j--;
        }
        packed[j + 1] = p;
        weights[j + 1] = w;
      }
      continue;
    }
    const range = hi - lo + 1;
    if (hist.length < range + 1) hist = new Uint32Array(2 * range + 1);
    if (tmpP.length < n) {
      tmpP = new Uint32Array(2 * n);
      tmpW = new Float32Array(2 * n);
    }
    hist.fill(0, 0, range + 1);
    for (let i = a; i < b; i++) hist[(packed[i] >>> shift) - lo + 1]++;
    for (let k = 1; k <= range; k++) hist[k] += hist[k - 1];
    for (let i = a; i < b; i++) {
      const at = hist[(packed[i] >>> shift) - lo]++;
      tmpP[at] = packed[i];
      tmpW[at] = weights[i];
    }
    packed.set(tmpP.subarray(0, n), a);
    weights.set(tmpW.subarray(0, n), a);
  }
}

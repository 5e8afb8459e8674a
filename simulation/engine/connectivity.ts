/**
 * The synapses of a worker's pathways, defined procedurally. NEST's fixed_total_number (sources and
 * targets uniform with replacement, multapses and autapses allowed) is drawn in two stages with exactly
 * its statistics:
 *   1. per pathway, the numbers of synapses of each source neuron: multinomial(C; 1/N_S, ..., 1/N_S),
 *      drawn as conditional binomials c_i ~ Binomial(C - c_0 - ... - c_{i-1}, 1 / (N_S - i)) from the
 *      pathway's stream, so that they add up to C exactly;
 *   2. the c_i synapses of source i: targets uniform, weights normal(mean, sd) redrawn into their bounds,
 *      delays normal(mean, sd) redrawn until >= dt and rounded to the grid, from the stream
 *      (synapses, seed, pathway, i) — the same values whenever they are drawn.
 * Stage 1 is stored (2 bytes per pathway and source neuron, 4 where a count exceeds 65535); stage 2 is
 * either stored (explicit mode, explicit-table.ts) or redrawn whenever source i fires (procedural mode).
 * Both modes therefore simulate the same network and give the same spikes.
 *
 * A pathway may instead be given edge by edge (plan.edges, e.g. a SONATA circuit): its counts are
 * those of the edges, and "drawing" the synapses of source i copies its edges, in their order.
 */
import { binomial } from './discrete-samplers.ts';
import type { WorkerLayout } from './layout.ts';
import { sourcePopulation, type GivenEdges, type NetworkPlan, type PathwayPlan } from './plan.ts';
import { NORMAL_MAX, rejectThreshold, STREAM_COUNTS, STREAM_SYNAPSES, StreamRng } from './rng.ts';
import { ZIG_LAYERS, ZIG_RATIO, ZIG_X } from './ziggurat.ts';

const MAX_REDRAWS = 10000;
const INV_2_32 = 1 / 4294967296;
const INV_2_24 = 1 / 16777216;

/** What drawing the synapses of one pathway needs. */
export interface PathwayStream {
  /** Index of the pathway in the plan, and the pathway (key, synapse number, weight and delay distributions). */
  index: number;
  pathway: PathwayPlan;
  label: string;
  /** The target population's size, and where the excitatory input of its first neuron lies (neuron-block.ts). */
  targetSize: number;
  targetReject: number;
  inputFirst: number;
  /** Input indices from one target neuron to the next, and from a neuron's excitatory input to its inhibitory one (a negative weight). */
  inputStride: number;
  inhibitoryOffset: number;
  /** Largest delay (steps) the sampler can produce. */
  maxDelaySteps: number;
  /** Input group of the target population (layout.ts). */
  group: number;
  /** Given pathways: first global id of the target population, and per source the first of its edges (index into plan.edges). */
  targetFirst: number;
  givenStart: Uint32Array | null;
}

/** Where the synaptic input of a worker's local neurons arrives (NeuronBlock.inputIndex). */
export interface InputLayout {
  inputIndex(local: number, inhibitory: boolean): number;
  /** inputIndex(i + 1, x) - inputIndex(i, x). */
  inputStride: number;
}

/** A worker's pathways from one source population, with their per-source synapse counts. */
export interface SourceGroup {
  pop: number;
  /** Global id of the first source neuron, and the number of source neurons. */
  first: number;
  size: number;
  pathways: PathwayStream[];
  /** counts[i * pathways.length + j]: synapses of source i in pathway j. */
  counts: Uint16Array | Uint32Array;
}

/** Where the synapses of one (pathway, source) go as they are drawn: synapse k's input index, delay (steps) and weight (pA), k = 0, 1, ... */
export interface SynapseSink {
  put(k: number, word: number, delaySteps: number, weight_pA: number): void;
}

/** Synapses of one (pathway, source) as drawn: input index (target | inhibitory offset), delay steps, weight. */
export class SynapseScratch implements SynapseSink {
  words = new Uint32Array(1024);
  delays = new Int32Array(1024);
  weights = new Float32Array(1024);

  put(k: number, word: number, delaySteps: number, weight_pA: number): void {
    this.words[k] = word;
    this.delays[k] = delaySteps;
    this.weights[k] = weight_pA;
  }

  ensure(n: number): void {
    if (n <= this.words.length) return;
    const size = Math.max(n, 2 * this.words.length);
    this.words = new Uint32Array(size);
    this.delays = new Int32Array(size);
    this.weights = new Float32Array(size);
  }
}

export class Connectivity {
  readonly groups: SourceGroup[];
  /** Per plan population: index of its group in `groups`, or -1 (no pathway of this worker starts there). */
  readonly groupOf: Int32Array;
  /** Largest delay (steps) any synapse of these pathways can have. */
  readonly maxDelaySteps: number;
  private readonly seed: number;
  private readonly dt_ms: number;
  private readonly stepsPerMs: number;
  private readonly edges: GivenEdges | null;

  /** `inputs`: where the input of each local neuron arrives (the worker's NeuronBlock). */
  constructor(plan: NetworkPlan, layout: WorkerLayout, inputs: InputLayout) {
    const inputStride = inputs.inputStride;
    const inhibitoryOffset = inputs.inputIndex(0, true) - inputs.inputIndex(0, false);
    this.seed = plan.seed;
    this.dt_ms = plan.dt_ms;
    this.stepsPerMs = Math.round(1 / plan.dt_ms);
    this.edges = plan.edges ?? null;
    this.groupOf = new Int32Array(plan.populations.length + (plan.virtualPopulations?.length ?? 0)).fill(-1);
    this.groups = [];
    let maxDelay = 1;
    for (const [index, pw] of plan.pathways.entries()) {
      const targetFirst = layout.localFirst[pw.target];
      if (targetFirst < 0) continue;
      const T = plan.populations[pw.target];
      const S = sourcePopulation(plan, pw.source);
      if (T.size === 0 || S.size === 0 || pw.count === 0) continue;
      const maxDelaySteps = pw.given ? this.givenMaxDelay(pw) : Math.round((pw.delayMean_ms + pw.delaySd_ms * NORMAL_MAX) * this.stepsPerMs);
      maxDelay = Math.max(maxDelay, maxDelaySteps);
      const stream: PathwayStream = {
        index,
        pathway: pw,
        label: `${T.label} <- ${S.label}`,
        targetSize: T.size,
        targetReject: rejectThreshold(T.size),
        inputFirst: inputs.inputIndex(targetFirst, false),
        inputStride,
        inhibitoryOffset,
        maxDelaySteps,
        group: layout.inputGroupOf[pw.target],
        targetFirst: T.first,
        givenStart: null,
      };
      let g = this.groupOf[pw.source];
      if (g < 0) {
        g = this.groupOf[pw.source] = this.groups.length;
        this.groups.push({ pop: pw.source, first: S.first, size: S.size, pathways: [], counts: new Uint16Array(0) });
      }
      this.groups[g].pathways.push(stream);
    }
    this.maxDelaySteps = maxDelay;
  }

  private givenEdges(pw: PathwayPlan): GivenEdges {
    if (!this.edges) throw new Error(`pathway ${pw.target} <- ${pw.source}: given synapses, but the plan has no edges`);
    if (pw.given!.edgeStart + pw.count > this.edges.source.length) throw new Error(`pathway ${pw.target} <- ${pw.source}: edges ${pw.given!.edgeStart} + ${pw.count} beyond the plan's ${this.edges.source.length}`);
    return this.edges;
  }

  private givenMaxDelay(pw: PathwayPlan): number {
    const { delaySteps } = this.givenEdges(pw);
    let max = 1;
    for (let e = pw.given!.edgeStart, end = e + pw.count; e < end; e++) {
      if (!(delaySteps[e] >= 1)) throw new Error(`given edge ${e}: delay of ${delaySteps[e]} steps; expected at least one step`);
      if (delaySteps[e] > max) max = delaySteps[e];
    }
    return max;
  }

  /** Per-source counts of a given pathway (its edges must be ordered by source). */
  private givenCounts(pw: PathwayStream, g: SourceGroup, j: number): void {
    const { source, target } = this.givenEdges(pw.pathway);
    const targetEnd = pw.targetFirst + pw.targetSize;
    const cols = g.pathways.length;
    const start = pw.pathway.given!.edgeStart;
    const end = start + pw.pathway.count;
    const offsets = new Uint32Array(g.size + 1);
    let previous = -1;
    for (let e = start; e < end; e++) {
      const i = source[e] - g.first;
      if (!(i >= 0 && i < g.size) || i < previous) throw new Error(`pathway ${pw.label}: given edge ${e} has source ${source[e]}; expected sources ${g.first} .. ${g.first + g.size - 1} in ascending order`);
      if (!(target[e] >= pw.targetFirst && target[e] < targetEnd)) throw new Error(`pathway ${pw.label}: given edge ${e} has target ${target[e]}; expected ${pw.targetFirst} .. ${targetEnd - 1}`);
      previous = i;
      offsets[i + 1]++;
    }
    for (let i = 0; i < g.size; i++) {
      const c = offsets[i + 1];
      if (c > 0xffff && g.counts instanceof Uint16Array) g.counts = Uint32Array.from(g.counts);
      g.counts[i * cols + j] = c;
      offsets[i + 1] += offsets[i];
    }
    for (let i = 0; i <= g.size; i++) offsets[i] += start;
    pw.givenStart = offsets;
  }

  /** Copies the given synapses of source `source` of pathway `pw` into `out` (as drawSynapses). */
  private copyGiven(pw: PathwayStream, source: number, count: number, out: SynapseSink): void {
    const { target, weight_pA, delaySteps } = this.edges!;
    const { inputFirst, inputStride, inhibitoryOffset, targetFirst } = pw;
    const from = pw.givenStart![source];
    for (let k = 0; k < count; k++) {
      const e = from + k;
      const w = weight_pA[e];
      out.put(k, inputFirst + inputStride * (target[e] - targetFirst) + (w < 0 ? inhibitoryOffset : 0), delaySteps[e], w);
    }
  }

  /** Work units of the count stage (one per pathway and source neuron). */
  get countUnits(): number {
    return this.groups.reduce((s, g) => s + g.size * g.pathways.length, 0);
  }

  /** Synapses of all pathways. */
  get synapseCount(): number {
    return this.groups.reduce((s, g) => s + g.pathways.reduce((a, p) => a + p.pathway.count, 0), 0);
  }

  /** Bytes of the stored counts. */
  get countBytes(): number {
    return this.groups.reduce((s, g) => s + g.counts.byteLength, 0);
  }

  /** Draws the per-source counts of every pathway; yields the units done after each pathway. */
  *drawCounts(): Generator<number> {
    const rng = new StreamRng();
    let done = 0;
    for (const g of this.groups) {
      const cols = g.pathways.length;
      g.counts = new Uint16Array(g.size * cols);
      for (let j = 0; j < cols; j++) {
        const pw = g.pathways[j];
        if (pw.pathway.given) {
          this.givenCounts(pw, g, j);
          done += g.size;
          yield done;
          continue;
        }
        rng.seed(STREAM_COUNTS, this.seed, pw.pathway.key, 0);
        let remaining = pw.pathway.count;
        for (let i = 0; i < g.size; i++) {
          const c = i === g.size - 1 ? remaining : binomial(rng, remaining, 1 / (g.size - i));
          remaining -= c;
          if (c > 0xffff && g.counts instanceof Uint16Array) g.counts = Uint32Array.from(g.counts);
          g.counts[i * cols + j] = c;
        }
        done += g.size;
        yield done;
      }
    }
  }

  /**
   * Draws the `count` synapses of source `source` (index within its population) in pathway `pw` into
   * `out`, in order. The hot loop of procedural mode: StreamRng's generator (xoshiro128**), uniform integer and
   * ziggurat are written out here on local state (the same draws, a third faster than calling them).
   */
  drawSynapses(rng: StreamRng, pw: PathwayStream, source: number, count: number, out: SynapseSink): void {
    if (pw.givenStart !== null) return this.copyGiven(pw, source, count, out);
    rng.seed(STREAM_SYNAPSES, this.seed, pw.pathway.key, source);
    let s0 = rng.s0;
    let s1 = rng.s1;
    let s2 = rng.s2;
    let s3 = rng.s3;
    const { inputFirst, inputStride, inhibitoryOffset, targetSize, targetReject } = pw;
    const { weightMean_pA: wMean, weightSd_pA: wSd, weightMin_pA: wMin, weightMax_pA: wMax, delayMean_ms: dMean, delaySd_ms: dSd } = pw.pathway;
    const dt = this.dt_ms;
    const stepsPerMs = this.stepsPerMs;
    for (let k = 0; k < count; k++) {
      // The target: uniform in [0, targetSize) by Lemire's rejection (StreamRng.below).
      let target = -1;
      do {
        const m = Math.imul(s1, 5);
        const u = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const scaled = u * targetSize;
        const high = Math.floor(scaled * INV_2_32);
        if (scaled - high * 4294967296 >= targetReject) target = high;
      } while (target < 0);
      // Then the weight (stage 1) and the delay (stage 2): normal deviates (StreamRng.normal: rectangle
      // test here, the rest in normalSlow), each drawn again until within its bounds.
      let w = 0;
      let d = 0;
      let redraws = 0;
      for (let stage = 1; stage < 3; ) {
        const m = Math.imul(s1, 5);
        const u = Math.imul((m << 7) | (m >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const layer = u & (ZIG_LAYERS - 1);
        const x = ((u >> 7) + 0.5) * INV_2_24;
        let z: number;
        if (Math.abs(x) < ZIG_RATIO[layer]) {
          z = x * ZIG_X[layer];
        } else {
          rng.s0 = s0;
          rng.s1 = s1;
          rng.s2 = s2;
          rng.s3 = s3;
          z = rng.normalSlow(layer, x);
          ({ s0, s1, s2, s3 } = rng);
        }
        if (stage === 1) {
          w = wMean + wSd * z;
          if (w >= wMin && w <= wMax) stage = 2;
          else if (++redraws === MAX_REDRAWS) throw new Error(`pathway ${pw.label}: weights normal(${wMean}, ${wSd}) pA never satisfy ${wMin} <= w <= ${wMax}`);
        } else {
          d = dMean + dSd * z;
          if (d >= dt) stage = 3;
          else if (++redraws === MAX_REDRAWS) throw new Error(`pathway ${pw.label}: delays normal(${dMean}, ${dSd}) ms never reach dt = ${dt} ms`);
        }
      }
      // The delay: the nearest step, halves up (d > 0; as Math.round, at a quarter of its cost here).
      out.put(k, inputFirst + inputStride * target + (w < 0 ? inhibitoryOffset : 0), (d * stepsPerMs + 0.5) | 0, w);
    }
  }
}

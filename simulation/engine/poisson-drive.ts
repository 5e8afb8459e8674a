/**
 * Independent Poisson input to every neuron (external drive and replaced cortico-cortical input), as
 * NEST's poisson_generator gives it: in every step (once the connection delay has passed) each neuron
 * receives Poisson(lambda) events of each channel, lambda = rate x dt. Channels of equal weight merge
 * (superposition of Poisson processes). Two exact schemes, chosen per population and channel by lambda:
 * - lambda < TABLE_FROM: the population's events of each step, Poisson(n lambda) in number, each on a
 *   neuron drawn uniformly (splitting a Poisson process gives every neuron an independent
 *   Poisson(lambda) count), so the cost follows the events, not the neurons; the events of a block of
 *   steps (BLOCK_MS) are drawn at once, from one stream, step after step;
 * - lambda >= TABLE_FROM: every neuron's count from a table of the Poisson distribution (one 32-bit
 *   draw per neuron and step), so the cost does not grow with the events (up to ~8 per neuron and
 *   step at full scale).
 * The draws of a population's table channel in step t come from the stream (Poisson, seed, population
 * and channel, t), those of a split channel in a block from the stream of the block's first step (or of
 * the first step of a phase that starts within it): the input of a step depends on nothing but the
 * step, and a resumed run continues exactly.
 * One excitatory table channel per population is drawn inside the neuron step (neuron-block.ts, the
 * same draws and sums in one pass over the neurons): `fusedChannel` names it, `apply` does the others
 * (all channels of iaf_psc_alpha populations, whose step draws none).
 */
import { PoissonTable, poisson } from './discrete-samplers.ts';
import type { Segment } from './layout.ts';
import type { NeuronBlock } from './neuron-block.ts';
import { populationModel, type NetworkPlan, type PoissonChannel } from './plan.ts';
import { rejectThreshold, STREAM_POISSON, StreamRng } from './rng.ts';

/**
 * Expected events per neuron and step from which a population's channel is drawn per neuron from a
 * table (measured: below, the events are fewer than the neurons by so much that drawing them is cheaper).
 */
export const TABLE_FROM = 0.1;

/**
 * Biological time whose split-channel events are drawn at once (the cost of a draw, a stream seeded
 * and a Poisson count per population and channel, is then shared by this many steps' events).
 */
export const BLOCK_MS = 5;

interface MergedChannel {
  weight_pA: number;
  /** Expected events per neuron and step. */
  lambda: number;
  /** Per-neuron table (lambda >= TABLE_FROM), else null; and its index in `tables`. */
  table: PoissonTable | null;
  tableIndex: number;
}

/** The channels active from `startStep` on, merged by weight. */
interface PoissonPhase {
  startStep: number;
  channels: MergedChannel[];
  /** The channel drawn inside the neuron step (the first excitatory one with a table), or -1. */
  fused: number;
}

export class PoissonDrive {
  private readonly phases: PoissonPhase[][];
  private readonly rng = new StreamRng();
  /** Every table of the populations of `segments` (a neuron block holds them for the fused draws). */
  readonly tables: PoissonTable[] = [];
  /** Stream and weight (pA) of the fused channel of the last `fusedChannel` call. */
  readonly fusedRng = new StreamRng();
  fusedWeight_pA = 0;
  /** Steps per block of the split channels, and the block whose events are drawn. */
  private readonly blockSteps: number;
  /**
   * Blocks start half a ms after a ms: the step before a block, which draws it (shard.ts adds the input
   * of t + 1 while it waits at the barrier of step t), then never ends a ms, where nothing is added there.
   */
  private readonly blockOffset: number;
  private block = -1;
  /**
   * The block's events of the split channels, channel by channel (in the order apply() adds them) and
   * step by step: input indices; channel j's events of block step k are
   * blockInput[blockStart[j (B + 1) + k] .. blockStart[j (B + 1) + k + 1]), all of weight channelWeight[j].
   */
  private blockInput = new Int32Array(1024);
  private blockStart = new Int32Array(0);
  private channelWeight = new Float64Array(0);
  private blockChannels = 0;
  private readonly perStep: Int32Array;

  constructor(
    private readonly plan: NetworkPlan,
    private readonly segments: Segment[],
  ) {
    this.blockSteps = Math.max(1, Math.round(BLOCK_MS / plan.dt_ms));
    this.perStep = new Int32Array(this.blockSteps);
    this.blockOffset = Math.floor(Math.round(1 / plan.dt_ms) / 2) % this.blockSteps;
    this.phases = plan.poisson.map((c, pop) => poissonPhases(c, plan.dt_ms, plan.populations[pop].label, populationModel(plan, pop) === 'iaf_psc_exp'));
    for (const seg of segments) {
      for (const phase of this.phases[seg.pop]) {
        for (const ch of phase.channels) {
          if (ch.table === null) continue;
          ch.tableIndex = this.tables.length;
          this.tables.push(ch.table);
        }
      }
    }
  }

  /** The phase of population `pop` in step t, or -1 before its first input arrives. */
  private phaseAt(pop: number, t: number): number {
    const phases = this.phases[pop];
    let ph = -1;
    while (ph + 1 < phases.length && phases[ph + 1].startStep <= t) ph++;
    return ph;
  }

  /**
   * The channel of population `pop` drawn inside the neuron step of step t: its table's index in
   * `tables` (-1 if none), with `fusedRng` positioned at its stream and `fusedWeight_pA` its weight.
   */
  fusedChannel(pop: number, t: number): number {
    const ph = this.phaseAt(pop, t);
    if (ph < 0) return -1;
    const phase = this.phases[pop][ph];
    if (phase.fused < 0) return -1;
    const ch = phase.channels[phase.fused];
    this.fusedRng.seed(STREAM_POISSON, this.plan.seed, channelKey(this.plan.populations[pop].matrixIndex, ph, phase.fused), t);
    this.fusedWeight_pA = ch.weight_pA;
    return ch.tableIndex;
  }

  /** Adds the Poisson input of step t to the neurons' input (neuron-block.ts records). */
  apply(t: number, neurons: NeuronBlock): void {
    const block = Math.floor((t - this.blockOffset) / this.blockSteps);
    if (block !== this.block) this.drawBlock(block, neurons);
    const input = neurons.records;
    const { blockInput, blockStart, channelWeight } = this;
    const row = this.blockSteps + 1;
    const k = t - block * this.blockSteps - this.blockOffset;
    for (let j = 0, at = k; j < this.blockChannels; j++, at += row) {
      const w = channelWeight[j];
      for (let e = blockStart[at], end = blockStart[at + 1]; e < end; e++) input[blockInput[e]] += w;
    }
    this.applyTables(t, neurons);
  }

  /** The per-neuron table channels of step t but the fused ones. */
  private applyTables(t: number, neurons: NeuronBlock): void {
    const input = neurons.records;
    const rng = this.rng;
    for (const seg of this.segments) {
      const ph = this.phaseAt(seg.pop, t);
      if (ph < 0) continue;
      const { channels, fused } = this.phases[seg.pop][ph];
      for (let c = 0; c < channels.length; c++) {
        const table = channels[c].table;
        if (c === fused || table === null) continue;
        const w = channels[c].weight_pA;
        rng.seed(STREAM_POISSON, this.plan.seed, channelKey(this.plan.populations[seg.pop].matrixIndex, ph, c), t);
        table.addTo(rng, input, neurons.inputIndex(seg.from, w < 0), neurons.inputStride, seg.to - seg.from, w);
      }
    }
  }

  /** Draws the events of the split channels (lambda < TABLE_FROM) of every population in block `block`. */
  private drawBlock(block: number, neurons: NeuronBlock): void {
    this.block = block;
    const B = this.blockSteps;
    const first = block * B + this.blockOffset;
    const rng = this.rng;
    const stride = neurons.inputStride;
    let j = 0;
    let count = 0;
    for (const seg of this.segments) {
      const phases = this.phases[seg.pop];
      const n = seg.to - seg.from;
      const reject = rejectThreshold(Math.max(1, n));
      const row = this.plan.populations[seg.pop].matrixIndex;
      // The block in runs of one phase each.
      for (let s = first; s < first + B; ) {
        const ph = this.phaseAt(seg.pop, s);
        const next = ph + 1 < phases.length ? Math.min(first + B, phases[ph + 1].startStep) : first + B;
        const channels = ph >= 0 ? phases[ph].channels : NO_CHANNELS;
        for (let c = 0; c < channels.length; c++) {
          const ch = channels[c];
          if (ch.table !== null) continue;
          const at = this.channelRow(j, ch.weight_pA);
          const firstInput = neurons.inputIndex(seg.from, ch.weight_pA < 0);
          rng.seed(STREAM_POISSON, this.plan.seed, channelKey(row, ph, c), s);
          // The run's events, Poisson(n lambda steps), spread uniformly over its steps (a multinomial:
          // independent Poisson(n lambda) counts per step), then their neurons, step after step.
          const steps = next - s;
          const events = poisson(rng, n * steps * ch.lambda);
          if (count + 2 * events > this.blockInput.length) this.growBlock(count + 2 * events);
          const blockInput = this.blockInput;
          const perStep = this.perStep;
          perStep.fill(0);
          rng.fillBelow(steps, rejectThreshold(steps), blockInput, count + events, events);
          for (let e = count + events, end = count + 2 * events; e < end; e++) perStep[blockInput[e]]++;
          // The neurons of all steps in one go (the same draws, in the same order, as step by step).
          rng.fillBelow(n, reject, blockInput, count, events);
          for (let e = count, end = count + events; e < end; e++) blockInput[e] = firstInput + stride * blockInput[e];
          const start = this.blockStart;
          for (let k = 0; k <= B; k++) {
            start[at + k] = count;
            if (first + k >= s && first + k < next) count += perStep[first + k - s];
          }
          j++;
        }
        s = next;
      }
    }
    this.blockChannels = j;
  }

  /** Makes room for split channel j of the block; returns where its step offsets start. */
  private channelRow(j: number, weight_pA: number): number {
    const row = this.blockSteps + 1;
    if ((j + 1) * row > this.blockStart.length) {
      const start = new Int32Array(2 * (j + 1) * row);
      start.set(this.blockStart);
      this.blockStart = start;
      const weight = new Float64Array(2 * (j + 1));
      weight.set(this.channelWeight);
      this.channelWeight = weight;
    }
    this.channelWeight[j] = weight_pA;
    return j * row;
  }

  private growBlock(needed: number): void {
    const grown = new Int32Array(Math.max(needed, 2 * this.blockInput.length));
    grown.set(this.blockInput);
    this.blockInput = grown;
  }
}

const NO_CHANNELS: MergedChannel[] = [];

/** Channels and phases of one population that the stream keys can tell apart. */
const MAX_KEYED = 256;

/** Stream key of channel c of phase ph of the population in row `row` of the model's matrices. */
function channelKey(row: number, ph: number, c: number): number {
  return ((row << 16) | (ph << 8) | c) >>> 0;
}

/** `fusable`: a channel may be drawn inside the neuron step (iaf_psc_exp populations). */
function poissonPhases(channels: PoissonChannel[], dt_ms: number, label: string, fusable: boolean): PoissonPhase[] {
  const starts = [...new Set(channels.map((c) => c.delaySteps))].sort((a, b) => a - b);
  if (starts.length > MAX_KEYED) throw new Error(`population ${label}: Poisson inputs with ${starts.length} different delays; at most ${MAX_KEYED} are supported`);
  return starts.map((startStep) => {
    const byWeight = new Map<number, number>();
    for (const c of channels) if (c.delaySteps <= startStep) byWeight.set(c.weight_pA, (byWeight.get(c.weight_pA) ?? 0) + c.rate_Hz);
    const merged = [...byWeight.entries()].map(([weight_pA, rate]) => {
      const lambda = rate * dt_ms * 1e-3;
      return { weight_pA, lambda, table: lambda >= TABLE_FROM ? new PoissonTable(lambda) : null, tableIndex: -1 };
    });
    if (merged.length > MAX_KEYED) throw new Error(`population ${label}: Poisson inputs with ${merged.length} different weights; at most ${MAX_KEYED} are supported`);
    return { startStep, channels: merged, fused: fusable ? merged.findIndex((c) => c.table !== null && c.weight_pA >= 0) : -1 };
  });
}

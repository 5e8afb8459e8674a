/**
 * Independent Poisson input to every neuron (external drive and replaced cortico-cortical input), as
 * NEST's poisson_generator gives it: in every step (once the connection delay has passed) each neuron
 * receives Poisson(lambda) events of each channel, lambda = rate x dt. Channels of equal weight merge
 * (superposition of Poisson processes). Two exact schemes, chosen per population and channel by lambda:
 * - lambda < TABLE_FROM: the population's events of the step, Poisson(n lambda) in number, each on a
 *   neuron drawn uniformly (splitting a Poisson process gives every neuron an independent
 *   Poisson(lambda) count), so the cost follows the events, not the neurons;
 * - lambda >= TABLE_FROM: every neuron's count from a table of the Poisson distribution (one 32-bit
 *   draw per neuron and step), so the cost does not grow with the events (up to ~8 per neuron and
 *   step at full scale).
 * The draws of a population's channel in step t come from the stream (Poisson, seed, population and
 * channel, t): nothing is carried from step to step, and a resumed run continues exactly.
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

  constructor(
    private readonly plan: NetworkPlan,
    private readonly segments: Segment[],
  ) {
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
    const input = neurons.records;
    const stride = neurons.stride;
    const rng = this.rng;
    const seed = this.plan.seed;
    for (const seg of this.segments) {
      const ph = this.phaseAt(seg.pop, t);
      if (ph < 0) continue;
      const row = this.plan.populations[seg.pop].matrixIndex;
      const { channels, fused } = this.phases[seg.pop][ph];
      const n = seg.to - seg.from;
      for (let c = 0; c < channels.length; c++) {
        if (c === fused) continue;
        const ch = channels[c];
        const w = ch.weight_pA;
        const first = neurons.inputIndex(seg.from, w < 0);
        rng.seed(STREAM_POISSON, seed, channelKey(row, ph, c), t);
        const table = ch.table;
        if (table !== null) {
          table.addTo(rng, input, first, stride, n, w);
        } else {
          const events = poisson(rng, n * ch.lambda);
          const reject = rejectThreshold(n);
          for (let e = 0; e < events; e++) input[first + stride * rng.below(n, reject)] += w;
        }
      }
    }
  }
}

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

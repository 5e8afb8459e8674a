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
 */
import { PoissonTable, poisson } from './discrete-samplers.ts';
import type { Segment } from './layout.ts';
import type { NeuronBlock } from './neuron-block.ts';
import type { NetworkPlan, PoissonChannel } from './plan.ts';
import { rejectThreshold, STREAM_POISSON, StreamRng } from './rng.ts';

/** Expected events per neuron and step from which a population's channel is drawn per neuron from a table. */
export const TABLE_FROM = 1;

interface MergedChannel {
  weight_pA: number;
  /** Expected events per neuron and step. */
  lambda: number;
  /** Per-neuron table (lambda >= TABLE_FROM), else null. */
  table: PoissonTable | null;
}

/** The channels active from `startStep` on, merged by weight. */
interface PoissonPhase {
  startStep: number;
  channels: MergedChannel[];
}

export class PoissonDrive {
  private readonly phases: PoissonPhase[][];
  private readonly rng = new StreamRng();

  constructor(
    private readonly plan: NetworkPlan,
    private readonly segments: Segment[],
  ) {
    this.phases = plan.poisson.map((c) => poissonPhases(c, plan.dt_ms));
  }

  /** Adds the Poisson input of step t to the neurons' input (neuron-block.ts records). */
  apply(t: number, neurons: NeuronBlock): void {
    const input = neurons.records;
    const stride = neurons.stride;
    const rng = this.rng;
    const seed = this.plan.seed;
    for (const seg of this.segments) {
      const phases = this.phases[seg.pop];
      let ph = -1;
      while (ph + 1 < phases.length && phases[ph + 1].startStep <= t) ph++;
      if (ph < 0) continue;
      const row = this.plan.populations[seg.pop].matrixIndex;
      const channels = phases[ph].channels;
      const n = seg.to - seg.from;
      for (let c = 0; c < channels.length; c++) {
        const ch = channels[c];
        const w = ch.weight_pA;
        const first = neurons.inputIndex(seg.from, w < 0);
        rng.seed(STREAM_POISSON, seed, (row << 12) | (ph << 6) | c, t);
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

function poissonPhases(channels: PoissonChannel[], dt_ms: number): PoissonPhase[] {
  if (channels.length > 64) throw new Error(`${channels.length} Poisson inputs to one population; expected at most 64`);
  const starts = [...new Set(channels.map((c) => c.delaySteps))].sort((a, b) => a - b);
  return starts.map((startStep) => {
    const byWeight = new Map<number, number>();
    for (const c of channels) if (c.delaySteps <= startStep) byWeight.set(c.weight_pA, (byWeight.get(c.weight_pA) ?? 0) + c.rate_Hz);
    const merged = [...byWeight.entries()].map(([weight_pA, rate]) => {
      const lambda = rate * dt_ms * 1e-3;
      return { weight_pA, lambda, table: lambda >= TABLE_FROM ? new PoissonTable(lambda) : null };
    });
    return { startStep, channels: merged };
  });
}

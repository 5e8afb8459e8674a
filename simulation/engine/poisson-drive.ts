/**
 * Independent Poisson input to every neuron of a worker (external drive and replaced cortico-cortical
 * input), drawn in continuous time per neuron: exponential inter-event times from the neuron's own
 * random stream, events binned to steps. This is distributed exactly as NEST's per-step Poisson
 * counts. Channels of a population start when their delay has passed; channels of equal weight
 * merge (superposition of Poisson processes).
 */
import type { PoissonChannel } from './plan.ts';
import { hashKey, STREAM_POISSON, uniformAt } from './rng.ts';
import type { Segment } from './segments.ts';

/** The channels active from `startStep` on, merged by weight. */
interface PoissonPhase {
  startStep: number;
  /** Expected events per step (all channels). */
  lambda: number;
  /** Cumulative channel probabilities and channel weights (pA). */
  cumulative: Float64Array;
  weights: Float64Array;
}

export class PoissonDrive {
  // Per-neuron stream state and next event time (in steps).
  private readonly state: Int32Array;
  private readonly next: Float64Array;
  private readonly phases: PoissonPhase[][];
  private readonly phaseIndex: Int32Array;

  constructor(
    channels: PoissonChannel[][],
    dt_ms: number,
    private readonly segments: Segment[],
    size: number,
  ) {
    this.state = new Int32Array(size);
    this.next = new Float64Array(size).fill(Infinity);
    this.phases = channels.map((c) => poissonPhases(c, dt_ms));
    this.phaseIndex = new Int32Array(channels.length).fill(-1);
  }

  /** Seeds the stream of local neuron i (global id gid). */
  seed(i: number, seed: number, gid: number): void {
    this.state[i] = hashKey(seed, STREAM_POISSON, gid) | 0;
  }

  /** Adds the Poisson events of step t (events in [t, t+1) in units of steps) to the inputs. */
  apply(t: number, inEx: Float64Array, inIn: Float64Array): void {
    const { next: poissonNext, state: poissonState } = this;
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
}

function poissonPhases(channels: PoissonChannel[], dt_ms: number): PoissonPhase[] {
  const starts = [...new Set(channels.map((c) => c.delaySteps))].sort((a, b) => a - b);
  return starts.map((startStep) => {
    const byWeight = new Map<number, number>();
    for (const c of channels) if (c.delaySteps <= startStep) byWeight.set(c.weight_pA, (byWeight.get(c.weight_pA) ?? 0) + c.rate_Hz);
    const entries = [...byWeight.entries()];
    const lambdas = entries.map(([, r]) => r * dt_ms * 1e-3);
    const lambda = lambdas.reduce((s, x) => s + x, 0);
    const cumulative = new Float64Array(entries.length);
    let acc = 0;
    lambdas.forEach((l, i) => (cumulative[i] = acc += l / lambda));
    return { startStep, lambda, cumulative, weights: Float64Array.from(entries.map(([w]) => w)) };
  });
}

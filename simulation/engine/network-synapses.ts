/**
 * The engine's network as explicit lists, for exports (SONATA edges) and tests: every synapse the
 * engine simulates (the same counts, targets, weights and delays, drawn from the same keyed streams
 * as connectivity.ts, whatever the thread count) and every neuron's initial membrane potential.
 */
import { Connectivity, SynapseScratch } from './connectivity.ts';
import { workerLayout } from './layout.ts';
import type { NetworkPlan } from './plan.ts';
import { STREAM_V0, StreamRng } from './rng.ts';

export interface NetworkSynapses {
  count: number;
  /** Global ids of source and target neurons. */
  source: Uint32Array;
  target: Uint32Array;
  /** Weight (pA, float32 as the engine stores it) and delay (whole steps of dt). */
  weight_pA: Float32Array;
  delaySteps: Int32Array;
}

/** Any input layout works for decoding: here a neuron's excitatory input at 2 i, its inhibitory one at 2 i + 1. */
const INPUTS = { inputStride: 2, inputIndex: (local: number, inhibitory: boolean) => 2 * local + (inhibitory ? 1 : 0) };

/**
 * All synapses of the plan, source population by source population, source neuron by source neuron,
 * pathway by pathway (the order of the engine's explicit table of one worker holding every population).
 */
export function drawNetworkSynapses(plan: NetworkPlan): NetworkSynapses {
  const everything = [plan.populations.map((_, p) => p)];
  const layout = workerLayout(plan, everything, 0);
  for (const seg of layout.segments) {
    if (seg.gidOffset !== 0) throw new Error(`plan population ${plan.populations[seg.pop].label}: first id ${plan.populations[seg.pop].first} is not where the populations before it end`);
  }
  const connectivity = new Connectivity(plan, layout, INPUTS);
  for (const _ of connectivity.drawCounts());
  const count = connectivity.synapseCount;
  const out: NetworkSynapses = { count, source: new Uint32Array(count), target: new Uint32Array(count), weight_pA: new Float32Array(count), delaySteps: new Int32Array(count) };
  const rng = new StreamRng();
  const scratch = new SynapseScratch();
  let at = 0;
  for (const g of connectivity.groups) {
    const cols = g.pathways.length;
    for (let i = 0; i < g.size; i++) {
      for (let j = 0; j < cols; j++) {
        const c = g.counts[i * cols + j];
        if (c === 0) continue;
        scratch.ensure(c);
        connectivity.drawSynapses(rng, g.pathways[j], i, c, scratch);
        out.source.fill(g.first + i, at, at + c);
        for (let k = 0; k < c; k++) {
          out.target[at + k] = scratch.words[k] >>> 1;
          out.weight_pA[at + k] = scratch.weights[k];
          out.delaySteps[at + k] = scratch.delays[k];
        }
        at += c;
      }
    }
  }
  return out;
}

/** Initial membrane potential (mV) of neuron `gid`, as the engine draws it. */
export function initialMembranePotential(plan: NetworkPlan, rng: StreamRng, gid: number): number {
  rng.seed(STREAM_V0, plan.seed, gid, 0);
  return plan.V0_mean_mV + plan.V0_sd_mV * rng.normal();
}

export function initialMembranePotentials(plan: NetworkPlan): Float64Array {
  const rng = new StreamRng();
  return Float64Array.from({ length: plan.totalNeurons }, (_, gid) => initialMembranePotential(plan, rng, gid));
}

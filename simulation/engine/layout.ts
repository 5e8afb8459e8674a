/**
 * How the network is split between workers: by whole target populations, so that every pathway (all
 * synapses onto one population from one other) belongs to exactly one worker, which alone draws its
 * synapse counts and, in procedural mode, regenerates its synapses when a source fires. Results do
 * not depend on the split (every random quantity has its own key, and each neuron's input is summed in
 * the same order), so the split only balances the work.
 *
 * A worker's neurons are its populations one after the other (ascending population index, hence
 * ascending global id), indexed locally from 0.
 */
import type { NetworkPlan } from './plan.ts';

/** One population as held by a worker. */
export interface Segment {
  /** Index of the population in the plan. */
  pop: number;
  /** Local index range [from, to). */
  from: number;
  to: number;
  /** Global id of local neuron i is i + gidOffset. */
  gidOffset: number;
}

export interface WorkerLayout {
  worker: number;
  workers: number;
  /** Populations of this worker (plan indices, ascending). */
  populations: number[];
  segments: Segment[];
  /** Local neurons. */
  size: number;
  /** Per plan population: its first local index in this worker, or -1. */
  localFirst: Int32Array;
  /**
   * Input groups: runs of consecutive populations of this worker whose input (excitatory and
   * inhibitory, 16 bytes per neuron) fits in INPUT_GROUP_BYTES, so that delivering a group's events
   * stays within a core's cache. Per plan population its group, or -1.
   */
  inputGroupOf: Int32Array;
  inputGroups: number;
}

/** Input bytes of one input group (a core's L2 cache on the reference machine; a larger population is a group of its own). */
export const INPUT_GROUP_BYTES = 2 ** 20;

/**
 * Assigns populations to workers, largest estimated cost first, each to the least loaded worker
 * (`cost[p]`: any positive measure of a population's work, e.g. from the cost model).
 */
export function assignPopulations(cost: ArrayLike<number>, workers: number): number[][] {
  const order = Array.from({ length: cost.length }, (_, p) => p).sort((a, b) => cost[b] - cost[a] || a - b);
  const load = new Float64Array(workers);
  const out: number[][] = Array.from({ length: workers }, () => []);
  for (const p of order) {
    let best = 0;
    for (let w = 1; w < workers; w++) if (load[w] < load[best]) best = w;
    out[best].push(p);
    load[best] += cost[p];
  }
  for (const list of out) list.sort((a, b) => a - b);
  return out;
}

export function workerLayout(plan: NetworkPlan, assignment: number[][], worker: number, inputGroupBytes = INPUT_GROUP_BYTES): WorkerLayout {
  const populations = assignment[worker];
  const localFirst = new Int32Array(plan.populations.length).fill(-1);
  const inputGroupOf = new Int32Array(plan.populations.length).fill(-1);
  const segments: Segment[] = [];
  let size = 0;
  let group = -1;
  let groupBytes = Infinity;
  for (const p of populations) {
    const pop = plan.populations[p];
    localFirst[p] = size;
    if (pop.size > 0) segments.push({ pop: p, from: size, to: size + pop.size, gidOffset: pop.first - size });
    size += pop.size;
    const bytes = 16 * pop.size;
    if (groupBytes + bytes > inputGroupBytes) {
      group++;
      groupBytes = 0;
    }
    inputGroupOf[p] = group;
    groupBytes += bytes;
  }
  return { worker, workers: assignment.length, populations, segments, size, localFirst, inputGroupOf, inputGroups: Math.max(1, group + 1) };
}

/**
 * Turning the spikes of a step into synaptic events: each spike of the whole network (in global id
 * order, from every worker) is expanded into this worker's synapses from its source — read from the
 * explicit table or redrawn from the pathway streams (procedural mode) — and every synapse becomes an
 * event in the bucket of its arrival step. Both modes add the same events in the same order.
 */
import type { Connectivity } from './connectivity.ts';
import { SynapseScratch } from './connectivity.ts';
import type { EventBuckets } from './event-buckets.ts';
import type { ExplicitTable } from './explicit-table.ts';
import { StreamRng } from './rng.ts';

export interface SpikeExpansion {
  /** Adds the events of the spike of global neuron `gid` of population `pop`, emitted in step t. */
  expand(gid: number, pop: number, t: number): void;
}

export class ExplicitExpansion implements SpikeExpansion {
  constructor(
    private readonly connectivity: Connectivity,
    private readonly table: ExplicitTable,
    private readonly buckets: EventBuckets,
  ) {}

  expand(gid: number, pop: number, t: number): void {
    const g = this.connectivity.groupOf[pop];
    if (g < 0) return;
    const table = this.table;
    const source = gid - this.connectivity.groups[g].first;
    const { packed, weights, inputBits, inputMask, runEnd } = table;
    const runGroup = table.runGroup[g];
    const runs = runGroup.length;
    const first = table.runBase[g] + source * runs;
    let q = table.rowStart[table.rowBase[g] + source];
    for (let r = 0; r < runs; r++) {
      const end = runEnd[first + r];
      if (end !== q) this.buckets.addPacked(t, runGroup[r], packed, weights, q, end, inputBits, inputMask);
      q = end;
    }
  }
}

export class ProceduralExpansion implements SpikeExpansion {
  private readonly rng = new StreamRng();
  private readonly scratch = new SynapseScratch();

  constructor(
    private readonly connectivity: Connectivity,
    private readonly buckets: EventBuckets,
  ) {}

  expand(gid: number, pop: number, t: number): void {
    const g = this.connectivity.groupOf[pop];
    if (g < 0) return;
    const group = this.connectivity.groups[g];
    const source = gid - group.first;
    const cols = group.pathways.length;
    const counts = group.counts;
    const base = source * cols;
    const { rng, scratch, buckets } = this;
    for (let j = 0; j < cols; j++) {
      const c = counts[base + j];
      if (c === 0) continue;
      scratch.ensure(c);
      this.connectivity.drawSynapses(rng, group.pathways[j], source, c, scratch);
      const { words, delays, weights } = scratch;
      const inputGroup = group.pathways[j].group;
      for (let k = 0; k < c; k++) buckets.add(t + delays[k], inputGroup, words[k], weights[k]);
    }
  }
}

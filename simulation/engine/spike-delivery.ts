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
    const group = this.connectivity.groups[g];
    const row = this.table.rowBase[g] + gid - group.first;
    const { rowStart, packed, weights, inputBits, inputMask } = this.table;
    const from = rowStart[row];
    const to = rowStart[row + 1];
    const buckets = this.buckets;
    for (let q = from; q < to; q++) {
      const p = packed[q];
      buckets.add(t + (p >>> inputBits), p & inputMask, weights[q]);
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
      for (let k = 0; k < c; k++) buckets.add(t + delays[k], words[k], weights[k]);
    }
  }
}

/**
 * Turning the spikes of a step into synaptic events: each spike of the whole network (in global id
 * order, from every worker) is expanded into this worker's synapses from its source — read from the
 * explicit table or redrawn from the pathway streams (procedural mode) — and every synapse becomes an
 * event in the bucket of its arrival step. Both modes add the same events in the same order.
 */
import type { Connectivity, SynapseSink } from './connectivity.ts';
import type { EventBuckets } from './event-buckets.ts';
import type { ExplicitTable } from './explicit-table.ts';
import { StreamRng } from './rng.ts';

export interface SpikeExpansion {
  /** Adds the events of the spike of global neuron `gid` of population `pop`, emitted in step t. */
  expand(gid: number, pop: number, t: number): void;
  /**
   * Reads a word of every cache line the expansion of this spike will read (called for all spikes of
   * a step before any is expanded, so that their memory is fetched in parallel rather than one miss
   * after another); returns a value of no meaning, which the caller keeps.
   */
  touch?(gid: number, pop: number): number;
}

export class ExplicitExpansion implements SpikeExpansion {
  constructor(
    private readonly connectivity: Connectivity,
    private readonly table: ExplicitTable,
    private readonly buckets: EventBuckets,
  ) {}

  touch(gid: number, pop: number): number {
    const g = this.connectivity.groupOf[pop];
    if (g < 0) return 0;
    const table = this.table;
    const source = gid - this.connectivity.groups[g].first;
    const row = table.rowBase[g] + source;
    const { synapses, rowStart } = table;
    let sum = table.runEnd[table.runBase[g] + source * table.runGroup[g].length];
    // 8 synapses (two four-byte words each) per 64-byte line.
    for (let q = 2 * rowStart[row], end = 2 * rowStart[row + 1]; q < end; q += 16) sum += synapses[q];
    return sum;
  }

  expand(gid: number, pop: number, t: number): void {
    const g = this.connectivity.groupOf[pop];
    if (g < 0) return;
    const table = this.table;
    const source = gid - this.connectivity.groups[g].first;
    const { synapses, inputBits, inputMask, runEnd } = table;
    const runGroup = table.runGroup[g];
    const runs = runGroup.length;
    const first = table.runBase[g] + source * runs;
    let q = table.rowStart[table.rowBase[g] + source];
    for (let r = 0; r < runs; r++) {
      const end = runEnd[first + r];
      if (end !== q) this.buckets.addSynapses(t, runGroup[r], synapses, q, end, inputBits, inputMask);
      q = end;
    }
  }
}

/** Puts each synapse drawn straight into the buckets, as the event of a spike of step `t`. */
class BucketSink implements SynapseSink {
  t = 0;
  group = 0;

  constructor(private readonly buckets: EventBuckets) {}

  put(_k: number, word: number, delaySteps: number, weight_pA: number): void {
    this.buckets.add(this.t + delaySteps, this.group, word, weight_pA);
  }
}

export class ProceduralExpansion implements SpikeExpansion {
  private readonly rng = new StreamRng();
  private readonly sink: BucketSink;

  constructor(
    private readonly connectivity: Connectivity,
    buckets: EventBuckets,
  ) {
    this.sink = new BucketSink(buckets);
  }

  expand(gid: number, pop: number, t: number): void {
    const g = this.connectivity.groupOf[pop];
    if (g < 0) return;
    const group = this.connectivity.groups[g];
    const source = gid - group.first;
    const cols = group.pathways.length;
    const counts = group.counts;
    const base = source * cols;
    const { rng, sink } = this;
    sink.t = t;
    for (let j = 0; j < cols; j++) {
      const c = counts[base + j];
      if (c === 0) continue;
      sink.group = group.pathways[j].group;
      this.connectivity.drawSynapses(rng, group.pathways[j], source, c, sink);
    }
  }
}

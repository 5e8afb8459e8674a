/**
 * Delivery of spikes through a worker's synapse table (synapse-build.ts): a spike is queued once
 * with its emission step, and its row (sorted by delay) is walked as its delays come due. Pending
 * spikes stay in (emission step, source id) order, so the order in which inputs are summed into a
 * neuron does not depend on the number of threads.
 */
import type { SynapseTable } from './synapse-build.ts';

export class SpikeQueue {
  // Pending spikes: row pointer, row end and emission step, kept in arrival order.
  private activePtr = new Uint32Array(1024);
  private activeEnd = new Uint32Array(1024);
  private activeStep = new Int32Array(1024);
  private activeCount = 0;
  /** Synaptic events delivered (spike x synapse). */
  events = 0;

  constructor(private readonly table: SynapseTable) {}

  /** Queues the spike of global neuron `source` emitted in step `step`. */
  add(source: number, step: number): void {
    const offsets = this.table.offsets;
    const start = offsets[source];
    const end = offsets[source + 1];
    if (start === end) return;
    if (this.activeCount === this.activePtr.length) this.grow();
    const a = this.activeCount++;
    this.activePtr[a] = start;
    this.activeEnd[a] = end;
    this.activeStep[a] = step;
  }

  /** Adds every pending synaptic input due in step t to the excitatory / inhibitory input of this step. */
  deliver(t: number, inEx: Float64Array, inIn: Float64Array): void {
    const { packed, weights, targetMask, targetBits: shift } = this.table;
    const ptrs = this.activePtr;
    const ends = this.activeEnd;
    const steps = this.activeStep;
    let kept = 0;
    let events = 0;
    for (let a = 0; a < this.activeCount; a++) {
      let p = ptrs[a];
      const end = ends[a];
      const due = t - steps[a];
      while (p < end) {
        const word = packed[p];
        if (word >>> shift !== due) break;
        const w = weights[p];
        if (w >= 0) inEx[word & targetMask] += w;
        else inIn[word & targetMask] += w;
        p++;
      }
      events += p - ptrs[a];
      if (p < end) {
        ptrs[kept] = p;
        ends[kept] = end;
        steps[kept] = steps[a];
        kept++;
      }
    }
    this.activeCount = kept;
    this.events += events;
  }

  private grow(): void {
    const n = this.activePtr.length * 2;
    const p = new Uint32Array(n);
    p.set(this.activePtr);
    const e = new Uint32Array(n);
    e.set(this.activeEnd);
    const s = new Int32Array(n);
    s.set(this.activeStep);
    this.activePtr = p;
    this.activeEnd = e;
    this.activeStep = s;
  }
}

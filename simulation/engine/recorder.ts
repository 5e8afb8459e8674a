/**
 * Recording of one worker: spikes of the recorded populations and V_m samples of the first neurons of
 * each population, encoded into record buffers whose bytes go to sinks the caller supplies (files in
 * Node, anything in a browser).
 */
import { RecordBuffer, SPIKE_MAGIC, VM_MAGIC, type RecordSinkFactory } from '../recording/record-format.ts';
import type { NetworkPlan } from './plan.ts';
import type { Segment } from './segments.ts';

export class Recorder {
  private spikeBuffer: RecordBuffer | null = null;
  private vmBuffer: RecordBuffer | null = null;

  constructor(
    private readonly plan: NetworkPlan,
    private readonly segments: Segment[],
    private readonly worker: number,
    private readonly lo: number,
    private readonly sinks: RecordSinkFactory | null,
  ) {}

  /** Opens the record files (only those with something to record). */
  open(): void {
    if (this.sinks === null) return;
    const { plan } = this;
    if (plan.populations.some((p) => p.recordSpikes)) {
      this.spikeBuffer = new RecordBuffer(this.sinks('spikes', this.worker), SPIKE_MAGIC, this.worker, plan.dt_ms, 8);
    }
    if (plan.populations.some((p) => p.nVm > 0)) {
      this.vmBuffer = new RecordBuffer(this.sinks('vm', this.worker), VM_MAGIC, this.worker, plan.dt_ms, 16);
    }
  }

  /** Whether spikes of step t are recorded (NEST's recorder 'start' is exclusive). */
  recordsSpikesAt(t: number): boolean {
    return this.spikeBuffer !== null && t + 1 > this.plan.spikeStartStep;
  }

  /** Records the spikes local[from..to) of step t of population `pop` (local indices). */
  spikes(t: number, pop: number, local: Int32Array, from: number, to: number): void {
    const buffer = this.spikeBuffer;
    if (buffer === null || !this.plan.populations[pop].recordSpikes) return;
    const stamp = t + 1;
    for (let j = from; j < to; j++) buffer.spike(stamp, local[j] + this.lo);
  }

  /** Samples V_m (relative to E_L in `v`) at the end of step t when the voltmeter's interval says so. */
  vm(t: number, v: Float64Array): void {
    const buffer = this.vmBuffer;
    if (buffer === null) return;
    const stamp = t + 1;
    const { vm, populations, neuron } = this.plan;
    if (!(stamp > vm.startStep && stamp <= vm.stopStep && (stamp - vm.startStep) % vm.intervalSteps === 0)) return;
    const E_L = neuron.E_L;
    for (const seg of this.segments) {
      const pop = populations[seg.pop];
      const end = Math.min(seg.to, pop.first + pop.nVm - this.lo);
      for (let i = seg.from; i < end; i++) buffer.vm(stamp, i + this.lo, v[i] + E_L);
    }
  }

  flush(): void {
    this.spikeBuffer?.flush();
    this.vmBuffer?.flush();
  }

  close(): void {
    this.spikeBuffer?.close();
    this.vmBuffer?.close();
    this.spikeBuffer = null;
    this.vmBuffer = null;
  }
}

/**
 * Recording of one worker: spikes of the recorded populations and V_m samples of the first neurons of
 * each population, encoded into record buffers whose bytes go to sinks the caller supplies (files in
 * Node, anything in a browser).
 */
import { RecordBuffer, recordFileBytes, SPIKE_MAGIC, VM_MAGIC, type RecordSinkFactory } from '../recording/record-format.ts';
import type { Segment } from './layout.ts';
import { FIELD, type NeuronBlock } from './neuron-block.ts';
import type { NetworkPlan } from './plan.ts';

/** Records in a worker's files, as a checkpoint names them (null = no such file). */
export interface RecordCounts {
  spikes: number | null;
  vm: number | null;
}

export class Recorder {
  private spikeBuffer: RecordBuffer | null = null;
  private vmBuffer: RecordBuffer | null = null;

  /** `fileIndex`: the number in the file names (`spikes-<fileIndex>.bin`). */
  constructor(
    private readonly plan: NetworkPlan,
    private readonly segments: Segment[],
    private readonly fileIndex: number,
    private readonly sinks: RecordSinkFactory | null,
  ) {}

  /** Opens the record files (only those with something to record); `resume` continues files of a checkpoint. */
  open(resume: RecordCounts | null = null): void {
    if (this.sinks === null) return;
    const { plan, fileIndex } = this;
    const sink = (kind: 'spikes' | 'vm', records: number | null | undefined, size: number) =>
      records ? this.sinks!(kind, fileIndex, recordFileBytes(records, size)) : this.sinks!(kind, fileIndex);
    if (plan.populations.some((p) => p.recordSpikes)) {
      this.spikeBuffer = new RecordBuffer(sink('spikes', resume?.spikes, 8), SPIKE_MAGIC, fileIndex, plan.dt_ms, 8, resume?.spikes ?? 0);
    }
    if (plan.populations.some((p) => p.nVm > 0)) {
      this.vmBuffer = new RecordBuffer(sink('vm', resume?.vm, 16), VM_MAGIC, fileIndex, plan.dt_ms, 16, resume?.vm ?? 0);
    }
  }

  /** Whether spikes of step t are recorded (NEST's recorder 'start' is exclusive). */
  recordsSpikesAt(t: number): boolean {
    return this.spikeBuffer !== null && t + 1 > this.plan.spikeStartStep;
  }

  /** Records the spikes gids[from..to) of step t of population `pop`. */
  spikes(t: number, pop: number, gids: Int32Array, from: number, to: number): void {
    const buffer = this.spikeBuffer;
    if (buffer === null || !this.plan.populations[pop].recordSpikes) return;
    const stamp = t + 1;
    for (let j = from; j < to; j++) buffer.spike(stamp, gids[j]);
  }

  /** Samples V_m (relative to E_L) at the end of step t when the voltmeter's interval says so. */
  vm(t: number, neurons: NeuronBlock): void {
    const buffer = this.vmBuffer;
    if (buffer === null) return;
    const stamp = t + 1;
    const { vm, populations, neuron } = this.plan;
    if (!(stamp > vm.startStep && stamp <= vm.stopStep && (stamp - vm.startStep) % vm.intervalSteps === 0)) return;
    const E_L = neuron.E_L;
    for (const seg of this.segments) {
      const end = Math.min(seg.to, seg.from + populations[seg.pop].nVm);
      for (let i = seg.from; i < end; i++) buffer.vm(stamp, i + seg.gidOffset, neurons.get(FIELD.V, i) + E_L);
    }
  }

  flush(): void {
    this.spikeBuffer?.flush();
    this.vmBuffer?.flush();
  }

  /** Writes and syncs everything recorded so far; returns the records in each file (for a checkpoint). */
  sync(): RecordCounts {
    return { spikes: this.spikeBuffer?.sync() ?? null, vm: this.vmBuffer?.sync() ?? null };
  }

  close(): void {
    this.spikeBuffer?.close();
    this.vmBuffer?.close();
    this.spikeBuffer = null;
    this.vmBuffer = null;
  }
}

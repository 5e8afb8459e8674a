/**
 * Recording of one worker: spikes of the recorded populations and V_m samples of the first neurons of
 * each population, encoded into record buffers whose bytes go to sinks the caller supplies (files in
 * Node, anything in a browser).
 */
import { delayToSteps, NEST_DEFAULT_DELAY_MS } from '../network/delay-rule.ts';
import { RecordBuffer, recordFileBytes, SPIKE_MAGIC, VM_MAGIC, type RecordSinkFactory } from '../recording/record-format.ts';
import type { Segment } from './layout.ts';
import { FIELD, type NeuronBlock } from './neuron-block.ts';
import { populationNeuron } from './plan.ts';
import type { NetworkPlan } from './plan.ts';

/** Records in a worker's files, as a checkpoint names them (null = no such file). */
export interface RecordCounts {
  spikes: number | null;
  vm: number | null;
}

/**
 * NEST's min_delay (steps) for the plan: the smallest connection delay, and at most NEST's default
 * delay, with which run_nest.py connects the recorders. A pathway with delay_sd > 0 counts with the
 * smallest delay it can draw (one step: delays are redrawn to >= dt); with thousands of synapses
 * some draw it; given edges count with their own. (Replaced current inputs are not in the plan; their inter-area delays exceed 1 ms.)
 */
export function nestMinDelaySteps(plan: NetworkPlan): number {
  let min = delayToSteps('NEST default delay', NEST_DEFAULT_DELAY_MS, plan.dt_ms);
  for (const pw of plan.pathways) {
    if (pw.count === 0) continue;
    if (pw.given) {
      const d = plan.edges!.delaySteps;
      for (let e = pw.given.edgeStart, end = e + pw.count; e < end; e++) min = Math.min(min, d[e]);
    } else {
      min = Math.min(min, pw.delaySd_ms > 0 ? 1 : delayToSteps('pathway delay', pw.delayMean_ms, plan.dt_ms));
    }
  }
  for (const channels of plan.poisson) for (const c of channels) min = Math.min(min, c.delaySteps);
  return min;
}

/**
 * The V_m time stamps (steps) NEST's voltmeter records in a run of the plan, as a rule: multiples of
 * the interval (counted from 0, not from start) with start < stamp <= stop. A neuron's samples reach
 * the voltmeter at the start of the next min-delay slice, so those of the run's last slice never do:
 * stamps end at the start of that slice (4,999 samples of 0.1 ms in 500 ms for min_delay = dt;
 * nestkernel universal_data_logger_impl.h and multimeter.cpp).
 */
export function vmStampRule(plan: NetworkPlan): { afterStep: number; lastStep: number; intervalSteps: number } {
  const minDelay = nestMinDelaySteps(plan);
  const lastSliceStart = Math.floor((plan.nSteps - 1) / minDelay) * minDelay;
  return { afterStep: plan.vm.startStep, lastStep: Math.min(plan.vm.stopStep, lastSliceStart), intervalSteps: plan.vm.intervalSteps };
}

export class Recorder {
  private spikeBuffer: RecordBuffer | null = null;
  private vmBuffer: RecordBuffer | null = null;
  private readonly vmStamps: ReturnType<typeof vmStampRule>;

  /** `fileIndex`: the number in the file names (`spikes-<fileIndex>.bin`). */
  constructor(
    private readonly plan: NetworkPlan,
    private readonly segments: Segment[],
    private readonly fileIndex: number,
    private readonly sinks: RecordSinkFactory | null,
  ) {
    this.vmStamps = vmStampRule(plan);
  }

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

  /** Samples V_m (stored relative to E_L) at the end of step t when NEST's voltmeter would (vmStampRule). */
  vm(t: number, neurons: NeuronBlock): void {
    const buffer = this.vmBuffer;
    if (buffer === null) return;
    const stamp = t + 1;
    const rule = this.vmStamps;
    if (!(stamp > rule.afterStep && stamp <= rule.lastStep && stamp % rule.intervalSteps === 0)) return;
    const { populations } = this.plan;
    for (const seg of this.segments) {
      const E_L = populationNeuron(this.plan, seg.pop).E_L;
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

/**
 * Recording of one worker: spikes of the recorded populations and V_m samples of the first neurons of
 * each population, encoded into record buffers whose bytes go to sinks the caller supplies (files in
 * Node, anything in a browser).
 */
import { delayToSteps, NEST_DEFAULT_DELAY_MS } from '../network/delay-rule.ts';
import { RecordBuffer, SPIKE_MAGIC, VM_MAGIC, type RecordSinkFactory } from '../recording/record-format.ts';
import type { NetworkPlan } from './plan.ts';
import type { Segment } from './segments.ts';

/**
 * NEST's min_delay (steps) for the plan: the smallest connection delay, and at most NEST's default
 * delay, with which run_nest.py connects the recorders. A pathway with delay_sd > 0 counts with the
 * smallest delay it can draw (one step: delays are redrawn to >= dt); with thousands of synapses
 * some draw it. (Replaced current inputs are not in the plan; their inter-area delays exceed 1 ms.)
 */
export function nestMinDelaySteps(plan: NetworkPlan): number {
  let min = delayToSteps('NEST default delay', NEST_DEFAULT_DELAY_MS, plan.dt_ms);
  for (const pw of plan.pathways) {
    if (pw.count > 0) min = Math.min(min, pw.delaySd_ms > 0 ? 1 : delayToSteps('pathway delay', pw.delayMean_ms, plan.dt_ms));
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

  constructor(
    private readonly plan: NetworkPlan,
    private readonly segments: Segment[],
    private readonly worker: number,
    private readonly lo: number,
    private readonly sinks: RecordSinkFactory | null,
  ) {
    this.vmStamps = vmStampRule(plan);
  }

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

  /** Samples V_m (relative to E_L in `v`) at the end of step t when NEST's voltmeter would (vmStampRule). */
  vm(t: number, v: Float64Array): void {
    const buffer = this.vmBuffer;
    if (buffer === null) return;
    const stamp = t + 1;
    const rule = this.vmStamps;
    if (!(stamp > rule.afterStep && stamp <= rule.lastStep && stamp % rule.intervalSteps === 0)) return;
    const { populations, neuron } = this.plan;
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

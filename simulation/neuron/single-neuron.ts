/**
 * One iaf_psc_exp neuron driven by a constant current and spike trains, as a NEST script with a
 * spike_generator per input, a voltmeter at resolution dt and a spike recorder would run it. Used to
 * check the neuron against NEST traces and to explore single-cell responses.
 */
import type { SingleNeuronParams } from '../../multiarea/index.ts';
import { computePropagators, IafPscExpState, stepIafPscExp } from './iaf-psc-exp.ts';

export interface SpikeInput {
  /** Spike times (ms), on the dt grid. */
  timesMs: readonly number[];
  /** Synaptic weight (pA); >= 0 enters the excitatory, < 0 the inhibitory current (as NEST). */
  weightPa: number;
  /** Connection delay (ms), on the dt grid, >= dt. */
  delayMs: number;
}

export interface SingleNeuronRun {
  params: SingleNeuronParams;
  /** Constant input current (pA). */
  I_e: number;
  /** Initial membrane potential (mV). */
  V_m_initial: number;
  dtMs: number;
  tSimMs: number;
  inputs?: readonly SpikeInput[];
}

export interface SingleNeuronResult {
  /** Times of the V_m samples (ms): the end of every step, dt .. t_sim - 1 ms, as NEST's voltmeter. */
  vmTimesMs: number[];
  /** Absolute membrane potential (mV) at vmTimesMs. */
  vmMv: number[];
  /** Spike times (ms), on the grid. */
  spikeTimesMs: number[];
}

function toSteps(name: string, ms: number, dtMs: number): number {
  const steps = Math.round(ms / dtMs);
  if (!Number.isFinite(ms) || Math.abs(steps * dtMs - ms) > 1e-9 * Math.max(1, Math.abs(ms))) {
    throw new Error(`${name} = ${ms} ms: expected a multiple of dt = ${dtMs} ms`);
  }
  return steps;
}

export function simulateSingleIafPscExp(run: SingleNeuronRun): SingleNeuronResult {
  const { dtMs } = run;
  const P = computePropagators(run.params, dtMs);
  const nSteps = toSteps('t_sim', run.tSimMs, dtMs);
  // Input arriving in step s (the step from s dt to (s+1) dt) is added to the synaptic currents at its end.
  const inEx = new Float64Array(nSteps + 1);
  const inIn = new Float64Array(nSteps + 1);
  for (const [n, input] of (run.inputs ?? []).entries()) {
    const delaySteps = toSteps(`inputs[${n}].delayMs`, input.delayMs, dtMs);
    if (delaySteps < 1) throw new Error(`inputs[${n}].delayMs = ${input.delayMs}: expected >= dt = ${dtMs} ms`);
    const target = input.weightPa >= 0 ? inEx : inIn;
    for (const t of input.timesMs) {
      // A generator spike at time t carries the stamp t; NEST reads it delay - 1 steps later.
      const step = toSteps(`inputs[${n}] spike time`, t, dtMs) + delaySteps - 1;
      if (step >= 0 && step < nSteps) target[step] += input.weightPa;
    }
  }
  const state = new IafPscExpState(1);
  state.setVm(0, run.V_m_initial, run.params.E_L);
  const spikes = new Int32Array(1);
  const scratchEx = new Float64Array(1);
  const scratchIn = new Float64Array(1);
  const result: SingleNeuronResult = { vmTimesMs: [], vmMv: [], spikeTimesMs: [] };
  for (let s = 0; s < nSteps; s++) {
    scratchEx[0] = inEx[s];
    scratchIn[0] = inIn[s];
    if (stepIafPscExp(state, P, run.I_e, 0, 1, scratchEx, scratchIn, 0, null, spikes, 0) > 0) {
      result.spikeTimesMs.push((s + 1) * dtMs);
    }
    result.vmTimesMs.push((s + 1) * dtMs);
    result.vmMv.push(state.v[0] + run.params.E_L);
  }
  return result;
}

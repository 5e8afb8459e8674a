/**
 * One iaf_psc_exp or iaf_psc_alpha neuron driven by a constant current and spike trains, as a NEST
 * script with a spike_generator per input, a voltmeter at resolution dt and a spike recorder would run
 * it. Used to check the neurons against NEST traces, as the reference of network tests, and to explore
 * single-cell responses.
 */
import type { SingleNeuronParams } from '../../multiarea/index.ts';
import { computeAlphaPropagators, IafPscAlphaState, stepIafPscAlpha } from './iaf-psc-alpha.ts';
import { computePropagators, IafPscExpState, stepIafPscExp } from './iaf-psc-exp.ts';

export interface SpikeInput {
  /** Spike times (ms), on the dt grid. */
  times_ms: readonly number[];
  /** Synaptic weight (pA); > 0 enters the excitatory, <= 0 the inhibitory current (as NEST). */
  weight_pA: number;
  /** Connection delay (ms), on the dt grid, >= dt. */
  delay_ms: number;
}

export interface SingleNeuronRun {
  /** Default iaf_psc_exp. */
  model?: 'iaf_psc_exp' | 'iaf_psc_alpha';
  params: SingleNeuronParams;
  /** iaf_psc_alpha only: lower bound of V_m (mV), NEST's V_min (default -inf). */
  V_min?: number;
  /** Constant input current (pA). */
  I_e: number;
  /** Initial membrane potential (mV). */
  V_m_initial: number;
  dt_ms: number;
  tSim_ms: number;
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

/** The neuron's update of one step, as stepIafPscExp; V_m (relative to E_L) in state.v. */
function singleNeuronStepper(run: SingleNeuronRun) {
  const dtMs = run.dt_ms;
  if (run.model === 'iaf_psc_alpha') {
    const P = computeAlphaPropagators(run.params, dtMs, run.V_min);
    const state = new IafPscAlphaState(1);
    return { state, step: (ex: Float64Array, inh: Float64Array, out: Int32Array) => stepIafPscAlpha(state, P, run.I_e, 0, 1, ex, inh, 0, null, out, 0) };
  }
  if (run.V_min !== undefined) throw new Error(`V_min = ${run.V_min}: iaf_psc_exp has no V_min (iaf_psc_alpha has)`);
  const P = computePropagators(run.params, dtMs);
  const state = new IafPscExpState(1);
  return { state, step: (ex: Float64Array, inh: Float64Array, out: Int32Array) => stepIafPscExp(state, P, run.I_e, 0, 1, ex, inh, 0, null, out, 0) };
}

export function simulateSingleNeuron(run: SingleNeuronRun): SingleNeuronResult {
  const dtMs = run.dt_ms;
  const { state, step } = singleNeuronStepper(run);
  const nSteps = toSteps('t_sim', run.tSim_ms, dtMs);
  // Input arriving in step s (the step from s dt to (s+1) dt) is added to the synaptic currents at its end.
  const inEx = new Float64Array(nSteps + 1);
  const inIn = new Float64Array(nSteps + 1);
  for (const [n, input] of (run.inputs ?? []).entries()) {
    const delaySteps = toSteps(`inputs[${n}].delay_ms`, input.delay_ms, dtMs);
    if (delaySteps < 1) throw new Error(`inputs[${n}].delay_ms = ${input.delay_ms}: expected >= dt = ${dtMs} ms`);
    const target = input.weight_pA > 0 ? inEx : inIn;
    for (const t of input.times_ms) {
      // A generator spike at time t carries the stamp t; NEST reads it delay - 1 steps later.
      const step = toSteps(`inputs[${n}] spike time`, t, dtMs) + delaySteps - 1;
      if (step >= 0 && step < nSteps) target[step] += input.weight_pA;
    }
  }
  state.setVm(0, run.V_m_initial, run.params.E_L);
  const spikes = new Int32Array(1);
  const scratchEx = new Float64Array(1);
  const scratchIn = new Float64Array(1);
  const result: SingleNeuronResult = { vmTimesMs: [], vmMv: [], spikeTimesMs: [] };
  for (let s = 0; s < nSteps; s++) {
    scratchEx[0] = inEx[s];
    scratchIn[0] = inIn[s];
    if (step(scratchEx, scratchIn, spikes) > 0) {
      result.spikeTimesMs.push((s + 1) * dtMs);
    }
    result.vmTimesMs.push((s + 1) * dtMs);
    result.vmMv.push(state.v[0] + run.params.E_L);
  }
  return result;
}

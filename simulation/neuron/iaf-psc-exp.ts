/**
 * NEST's `iaf_psc_exp`: leaky integrate-and-fire neuron with exponentially decaying excitatory and
 * inhibitory synaptic currents, integrated exactly (propagator matrix) on the dt grid.
 *
 * State is held per population in typed arrays. V_m is stored relative to E_L, as NEST does, so that
 * the arithmetic (and hence the rounding) follows NEST's update step for step.
 *
 * Order of one step (NEST 3.x `iaf_psc_exp::update`):
 *   1. if not refractory: V <- P22 V + P21ex I_ex + P21in I_in + P20 (I_e + I_0), else count down
 *   2. I_ex <- P11ex I_ex, I_in <- P11in I_in
 *   3. add the synaptic input that arrives in this step (ring-buffer slot) to I_ex / I_in
 *   4. if V >= theta: spike (time stamp = end of the step), V <- V_reset, refractory for t_ref
 *   5. I_0 <- current input of this step (used by step 1 of the next step)
 */
import type { SingleNeuronParams } from '../../multiarea/index.ts';

/** Constants of the exact update for one parameter set and resolution. */
export interface IafPscExpPropagators {
  P11ex: number;
  P11in: number;
  P21ex: number;
  P21in: number;
  P20: number;
  P22: number;
  /** Threshold relative to E_L (mV). */
  theta: number;
  /** Reset potential relative to E_L (mV). */
  vReset: number;
  /** Refractory period in steps. */
  refractorySteps: number;
}

/**
 * Propagator from synaptic current to membrane potential over one step h (ms), pA -> mV.
 * Uses the expm1 form, which stays accurate when tau_syn is close to tau_m; where that form
 * degenerates (tau_syn == tau_m) the limit h/C_m exp(-h/tau_m) is used, as NEST does.
 */
export function propagatorCurrentToVoltage(tauSyn: number, tauM: number, cM: number, h: number): number {
  const beta = (tauSyn * tauM) / (tauM - tauSyn);
  const gamma = beta / cM;
  const invBeta = (tauM - tauSyn) / (tauSyn * tauM);
  const p = gamma * Math.exp(-h / tauSyn) * Math.expm1(h * invBeta);
  // NEST accepts the regular form only when it is a normal, positive double.
  if (Number.isFinite(p) && p >= 2.2250738585072014e-308) return p;
  return (h / cM) * Math.exp(-h / tauM);
}

/** Steps of the refractory period: t_ref rounded to the grid as NEST's Time does (nearest step). */
export function refractorySteps(tRefMs: number, dtMs: number): number {
  return Math.round(tRefMs / dtMs);
}

export function computePropagators(p: SingleNeuronParams, dtMs: number): IafPscExpPropagators {
  validateNeuronParams(p, dtMs);
  const P22 = Math.exp(-dtMs / p.tau_m);
  return {
    P11ex: Math.exp(-dtMs / p.tau_syn_ex),
    P11in: Math.exp(-dtMs / p.tau_syn_in),
    P21ex: propagatorCurrentToVoltage(p.tau_syn_ex, p.tau_m, p.C_m, dtMs),
    P21in: propagatorCurrentToVoltage(p.tau_syn_in, p.tau_m, p.C_m, dtMs),
    P20: (p.tau_m / p.C_m) * (1.0 - P22),
    P22,
    theta: p.V_th - p.E_L,
    vReset: p.V_reset - p.E_L,
    refractorySteps: refractorySteps(p.t_ref, dtMs),
  };
}

export function validateNeuronParams(p: SingleNeuronParams, dtMs: number): void {
  const positive: (keyof SingleNeuronParams)[] = ['C_m', 'tau_m', 'tau_syn_ex', 'tau_syn_in'];
  for (const key of positive) {
    const v = p[key];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new Error(`neuron parameter ${key} = ${String(v)}: expected a finite number > 0`);
    }
  }
  for (const key of ['E_L', 'V_th', 'V_reset', 't_ref'] as const) {
    if (!(typeof p[key] === 'number' && Number.isFinite(p[key]))) {
      throw new Error(`neuron parameter ${key} = ${String(p[key])}: expected a finite number`);
    }
  }
  if (p.t_ref < 0) throw new Error(`neuron parameter t_ref = ${p.t_ref}: expected >= 0 ms`);
  if (!(p.V_reset < p.V_th)) {
    throw new Error(`neuron parameter V_reset = ${p.V_reset}: expected below V_th = ${p.V_th} mV`);
  }
  if (!(dtMs > 0 && Number.isFinite(dtMs))) throw new Error(`dt = ${dtMs}: expected a finite number > 0 ms`);
}

/** State of a group of neurons sharing one parameter set. */
export class IafPscExpState {
  /** Membrane potential relative to E_L (mV). */
  readonly v: Float64Array;
  /** Excitatory / inhibitory synaptic currents (pA). */
  readonly iEx: Float64Array;
  readonly iIn: Float64Array;
  /** Remaining refractory steps. */
  readonly refractory: Int32Array;
  /** Current input (pA) of the previous step (NEST's i_0), applied in the voltage update. */
  readonly i0: Float64Array;

  constructor(readonly size: number) {
    this.v = new Float64Array(size);
    this.iEx = new Float64Array(size);
    this.iIn = new Float64Array(size);
    this.refractory = new Int32Array(size);
    this.i0 = new Float64Array(size);
  }

  /** Sets V_m (absolute, mV) of neuron i. */
  setVm(i: number, vmMv: number, eL: number): void {
    this.v[i] = vmMv - eL;
  }
}

/**
 * Advances neurons [from, to) by one step. `inEx`/`inIn` hold the summed synaptic input (pA) arriving
 * in this step at index `inOffset + i` (a ring-buffer slot); they are cleared after reading.
 * `currentIn`, if given, is the current (pA) arriving this step at `inOffset + i` (becomes I_0 for the
 * next step). Indices of neurons that spike are written to `spikesOut` from `spikeCount`; returns the
 * new count.
 */
export function stepIafPscExp(
  s: IafPscExpState,
  P: IafPscExpPropagators,
  iE: number,
  from: number,
  to: number,
  inEx: Float64Array,
  inIn: Float64Array,
  inOffset: number,
  currentIn: Float64Array | null,
  spikesOut: Int32Array,
  spikeCount: number,
): number {
  const { v, iEx, iIn, refractory, i0 } = s;
  const { P11ex, P11in, P21ex, P21in, P20, P22, theta, vReset, refractorySteps: refr } = P;
  for (let i = from; i < to; i++) {
    const k = inOffset + i;
    let vi = v[i];
    const ex = iEx[i];
    const inh = iIn[i];
    const r = refractory[i];
    const inputEx = inEx[k];
    const inputIn = inIn[k];
    if (r === 0) vi = vi * P22 + ex * P21ex + inh * P21in + (iE + i0[i]) * P20;
    iEx[i] = ex * P11ex + inputEx;
    iIn[i] = inh * P11in + inputIn;
    inEx[k] = 0;
    inIn[k] = 0;
    // A refractory neuron sits at V_reset < theta, so it cannot spike while counting down.
    if (vi >= theta) {
      refractory[i] = refr;
      vi = vReset;
      spikesOut[spikeCount++] = i;
    } else if (r !== 0) {
      refractory[i] = r - 1;
    }
    v[i] = vi;
    if (currentIn !== null) {
      i0[i] = currentIn[k];
      currentIn[k] = 0;
    }
  }
  return spikeCount;
}

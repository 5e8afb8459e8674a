/**
 * NEST's `iaf_psc_alpha`: leaky integrate-and-fire neuron with alpha-shaped excitatory and inhibitory
 * synaptic currents, integrated exactly (propagator matrix) on the dt grid. A spike of weight w (pA)
 * produces a current w t/tau e^(1 - t/tau): w is the peak amplitude, reached after tau_syn.
 *
 * State per neuron in typed arrays; V_m is stored relative to E_L, as NEST does, and every update
 * follows NEST's operation order, so that the rounding is NEST's too.
 *
 * Order of one step (NEST 3.10 `iaf_psc_alpha::update`):
 *   1. if not refractory: V <- P30 (I_0 + I_e) + P31 dI + P32 I (both synapse types) + expm1(-h/tau_m) V + V,
 *      then V <- max(V, V_min); else count down
 *   2. excitatory: I <- P21 dI + P22 I, dI <- P11 dI, dI += (e / tau_syn) * (input arriving this step)
 *   3. the same for the inhibitory current
 *   4. if V >= theta: spike (time stamp = end of the step), V <- V_reset, refractory for t_ref
 *   5. I_0 <- current input of this step (used by step 1 of the next step)
 * Input of weight > 0 enters the excitatory current, weight <= 0 the inhibitory one (NEST's rule).
 */
import type { SingleNeuronParams } from '../../multiarea/index.ts';
import { IafPscExpState, propagatorCurrentToVoltage, refractorySteps, validateNeuronParams } from './iaf-psc-exp.ts';

/** NEST's bound between the regular and the singular form of P31 (IAFPropagator: h > factor tau_m^2 / |tau_m - tau_syn|). */
const NUMERICAL_STABILITY_FACTOR = 1e-7;

/** Propagators of one synapse type (excitatory or inhibitory). */
export interface AlphaSynapsePropagators {
  /** dI -> dI and I -> I: exp(-h/tau_syn). */
  P11: number;
  /** dI -> I: h exp(-h/tau_syn). */
  P21: number;
  /** dI -> V and I -> V (mV per pA). */
  P31: number;
  P32: number;
  /** Jump of dI per pA of weight: e / tau_syn, so that the current peaks at the weight. */
  initialValue: number;
}

export interface IafPscAlphaPropagators {
  ex: AlphaSynapsePropagators;
  in: AlphaSynapsePropagators;
  /** Constant and input current -> V (mV per pA). */
  P30: number;
  /** expm1(-h/tau_m): V <- V + expm1 V, NEST's form of V exp(-h/tau_m). */
  expm1TauM: number;
  /** Threshold, reset and lower bound relative to E_L (mV). */
  theta: number;
  vReset: number;
  vMin: number;
  refractorySteps: number;
}

/**
 * P31 and P32 of an alpha synapse with time constant tauSyn (ms) onto a membrane tauM (ms), cM (pF),
 * step h (ms), as NEST's IAFPropagatorAlpha computes them: P32 is the exponential-synapse propagator
 * (its singular limit h/C exp(-h/tau_m) included); P31 = gamma exp(-h/tau_syn) (beta expm1(h/beta) - h)
 * while h exceeds 1e-7 tau_m^2 / |tau_m - tau_syn|, else its limit h^2/(2C) exp(-h/tau_m).
 */
export function alphaPropagators(tauSyn: number, tauM: number, cM: number, h: number): { P31: number; P32: number } {
  const P32 = propagatorCurrentToVoltage(tauSyn, tauM, cM, h);
  const hMinRegular = (NUMERICAL_STABILITY_FACTOR * tauM * tauM) / Math.abs(tauM - tauSyn);
  if (h > hMinRegular) {
    const beta = (tauSyn * tauM) / (tauM - tauSyn);
    const gamma = beta / cM;
    const invBeta = (tauM - tauSyn) / (tauSyn * tauM);
    const P31 = gamma * Math.exp(-h * (1 / tauSyn)) * (beta * Math.expm1(h * invBeta) - h);
    return { P31, P32 };
  }
  return { P31: 0.5 * h * h * (1 / cM) * Math.exp(-h * (1 / tauM)), P32 };
}

function synapsePropagators(tauSyn: number, p: SingleNeuronParams, h: number): AlphaSynapsePropagators {
  const P11 = Math.exp(-h / tauSyn);
  return { P11, P21: h * P11, ...alphaPropagators(tauSyn, p.tau_m, p.C_m, h), initialValue: (1.0 * Math.E) / tauSyn };
}

/** Propagators of `p` at resolution dtMs; `V_min` (mV, default -infinity) is NEST's lower bound of V_m. */
export function computeAlphaPropagators(p: SingleNeuronParams, dtMs: number, V_min = -Infinity): IafPscAlphaPropagators {
  validateNeuronParams(p, dtMs);
  if (Number.isNaN(V_min)) throw new Error(`neuron parameter V_min = NaN: expected a number (mV) or -Infinity`);
  return {
    ex: synapsePropagators(p.tau_syn_ex, p, dtMs),
    in: synapsePropagators(p.tau_syn_in, p, dtMs),
    P30: (-p.tau_m / p.C_m) * Math.expm1(-dtMs / p.tau_m),
    expm1TauM: Math.expm1(-dtMs / p.tau_m),
    theta: p.V_th - p.E_L,
    vReset: p.V_reset - p.E_L,
    vMin: V_min - p.E_L,
    refractorySteps: refractorySteps(p.t_ref, dtMs),
  };
}

/**
 * State of a group of iaf_psc_alpha neurons sharing one parameter set: iaf_psc_exp's (V_m relative to
 * E_L in mV, synaptic currents iEx / iIn in pA, refractory steps, I_0) plus the currents' derivatives (pA/ms).
 */
export class IafPscAlphaState extends IafPscExpState {
  readonly dIEx: Float64Array;
  readonly dIIn: Float64Array;

  constructor(size: number) {
    super(size);
    this.dIEx = new Float64Array(size);
    this.dIIn = new Float64Array(size);
  }
}

/**
 * Advances neurons [from, to) by one step, with the same arguments as stepIafPscExp: `inEx`/`inIn`
 * hold the summed spike weights (pA) arriving in this step at `inOffset + i` and are cleared after
 * reading; `currentIn`, if given, the current (pA) arriving this step (I_0 of the next step).
 * Indices of neurons that spike go to `spikesOut` from `spikeCount`; returns the new count.
 */
export function stepIafPscAlpha(
  s: IafPscAlphaState,
  P: IafPscAlphaPropagators,
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
  const { v, iEx, dIEx, iIn, dIIn, refractory, i0 } = s;
  const { P30, expm1TauM, theta, vReset, vMin, refractorySteps: refr } = P;
  const { P11: P11ex, P21: P21ex, P31: P31ex, P32: P32ex, initialValue: jumpEx } = P.ex;
  const { P11: P11in, P21: P21in, P31: P31in, P32: P32in, initialValue: jumpIn } = P.in;
  for (let i = from; i < to; i++) {
    if (refractory[i] === 0) {
      let y3 = P30 * (i0[i] + iE) + P31ex * dIEx[i] + P32ex * iEx[i] + P31in * dIIn[i] + P32in * iIn[i] + expm1TauM * v[i] + v[i];
      if (y3 < vMin) y3 = vMin;
      v[i] = y3;
    } else {
      refractory[i]--;
    }
    const k = inOffset + i;
    iEx[i] = P21ex * dIEx[i] + P11ex * iEx[i];
    dIEx[i] = dIEx[i] * P11ex + jumpEx * inEx[k];
    iIn[i] = P21in * dIIn[i] + P11in * iIn[i];
    dIIn[i] = dIIn[i] * P11in + jumpIn * inIn[k];
    inEx[k] = 0;
    inIn[k] = 0;
    if (v[i] >= theta) {
      refractory[i] = refr;
      v[i] = vReset;
      spikesOut[spikeCount++] = i;
    }
    if (currentIn !== null) {
      i0[i] = currentIn[k];
      currentIn[k] = 0;
    }
  }
  return spikeCount;
}

/**
 * The step of iaf_psc_alpha neurons over a neuron block's records (neuron-block.ts): NEST 3.10's
 * update as neuron/iaf-psc-alpha.ts gives it (the reference; the same operations in the same order,
 * hence the same doubles), on records with the fields of record-fields.ts, a plane of `plane`
 * doubles per field.
 *
 * A plain JavaScript loop rather than a WebAssembly kernel: alpha neurons come from SONATA circuits
 * (BMTK's PointNet examples), where the neuron update is a small part of the run; their Poisson drive
 * is added before the step (poisson-drive.ts) instead of being drawn inside it.
 */
import type { IafPscAlphaPropagators } from '../neuron/iaf-psc-alpha.ts';
import { FIELD } from './record-fields.ts';

/**
 * Advances neurons [from, to) of `records` by one step with constant current iE_pA; I_0 (used in
 * this step) then becomes `current_pA`, the current input arriving in this step. Local indices of
 * neurons that spike go to `spikes` from index `count`; returns the new count.
 */
export function stepAlphaRecords(records: Float64Array, plane: number, spikes: Int32Array, from: number, to: number, iE_pA: number, current_pA: number, count: number, P: IafPscAlphaPropagators): number {
  const [V, I_EX, I_IN, IN_EX, IN_IN, REFRACTORY, I_0, DI_EX, DI_IN] = [FIELD.V, FIELD.I_EX, FIELD.I_IN, FIELD.IN_EX, FIELD.IN_IN, FIELD.REFRACTORY, FIELD.I_0, FIELD.DI_EX, FIELD.DI_IN].map((f) => f * plane);
  const { P30, expm1TauM, theta, vReset, vMin, refractorySteps } = P;
  const { P11: P11ex, P21: P21ex, P31: P31ex, P32: P32ex, initialValue: jumpEx } = P.ex;
  const { P11: P11in, P21: P21in, P31: P31in, P32: P32in, initialValue: jumpIn } = P.in;
  for (let i = from, at = from; i < to; i++, at++) {
    const v = records[at + V];
    const dIEx = records[at + DI_EX];
    const iEx = records[at + I_EX];
    const dIIn = records[at + DI_IN];
    const iIn = records[at + I_IN];
    if (records[at + REFRACTORY] === 0) {
      let y3 = P30 * (records[at + I_0] + iE_pA) + P31ex * dIEx + P32ex * iEx + P31in * dIIn + P32in * iIn + expm1TauM * v + v;
      if (y3 < vMin) y3 = vMin;
      records[at + V] = y3;
    } else {
      records[at + REFRACTORY]--;
    }
    records[at + I_EX] = P21ex * dIEx + P11ex * iEx;
    records[at + DI_EX] = dIEx * P11ex + jumpEx * records[at + IN_EX];
    records[at + I_IN] = P21in * dIIn + P11in * iIn;
    records[at + DI_IN] = dIIn * P11in + jumpIn * records[at + IN_IN];
    records[at + IN_EX] = 0;
    records[at + IN_IN] = 0;
    if (records[at + V] >= theta) {
      records[at + REFRACTORY] = refractorySteps;
      records[at + V] = vReset;
      spikes[count++] = i;
    }
    records[at + I_0] = current_pA;
  }
  return count;
}

/**
 * The fields of a neuron in a neuron block (neuron-block.ts, a plane per field): V_m (relative to E_L, mV),
 * synaptic currents I_ex, I_in (pA), the excitatory and inhibitory input arriving in this step (pA,
 * summed, then used and cleared by the step), refractory steps left; then I_0 (the current input of
 * the previous step, pA) where the block has current input or alpha neurons; then the currents'
 * derivatives dI_ex, dI_in (pA/ms) where it has iaf_psc_alpha neurons.
 */
export const FIELD = { V: 0, I_EX: 1, I_IN: 2, IN_EX: 3, IN_IN: 4, REFRACTORY: 5, I_0: 6, DI_EX: 7, DI_IN: 8 } as const;

/** Fields per neuron: iaf_psc_exp neurons only, with current input, with iaf_psc_alpha neurons. */
export function fieldsPerNeuron(withCurrent: boolean, withAlpha: boolean): number {
  return withAlpha ? 9 : withCurrent ? 7 : 6;
}

/**
 * Down-scaling of the network (N_scaling, K_scaling) with the weight and DC compensation of upstream,
 * and the PSC -> PSP conversion the scaling works in.
 */
import type { NetworkParams } from '../params/defaults.ts';

/** Factor from PSC amplitude (pA) to the J used by theory/simulation (mV): tau_syn_ex / C_m. */
export function pscToPsp(neuron: { tau_syn_ex: number; C_m: number }): number {
  return neuron.tau_syn_ex / neuron.C_m;
}

/**
 * Down-scaling: N x N_scaling, K x K_scaling, weights / sqrt(K_scaling) (means and standard
 * deviations), and a DC drive that restores the mean input the full-scale network receives at the
 * full-scale rates (spikes/s).
 */
export function scaleNetwork(
  params: NetworkParams,
  N: number[],
  K: number[][],
  synapses: number[][],
  J: number[][],
  W_sd: number[][],
  fullscaleRates: number[],
): { N: number[]; K: number[][]; synapses: number[][]; J: number[][]; W: number[][]; W_sd: number[][]; addDC: number[] } {
  const neuron = params.neuron_params.single_neuron_dict;
  const { tau_m, C_m } = neuron;
  const n = N.length;
  const rateExt = params.input_params.rate_ext;
  const sqrtK = Math.sqrt(params.K_scaling);
  const addDC = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const Ji = J[i];
    const Ki = K[i];
    // Mean input (mV) from the network and from the external drive at full scale.
    const meanExt = 1e-3 * tau_m * Ji[n] * Ki[n] * rateExt;
    let meanNet = 0;
    for (let j = 0; j < n; j++) meanNet += Ji[j] * Ki[j] * fullscaleRates[j];
    meanNet *= 1e-3 * tau_m;
    addDC[i] = (C_m / tau_m) * ((1 - sqrtK) * (meanNet + meanExt));
  }
  const toJ = pscToPsp(neuron);
  const Jscaled = J.map((row) => row.map((j) => j / sqrtK));
  const synFactor = params.K_scaling * params.N_scaling;
  return {
    N: N.map((x) => x * params.N_scaling),
    K: K.map((row) => row.map((k) => k * params.K_scaling)),
    synapses: synapses.map((row) => row.map((s) => s * synFactor)),
    J: Jscaled,
    W: Jscaled.map((row) => row.map((j) => (1 / toJ) * j)),
    W_sd: W_sd.map((row) => row.map((s) => s / sqrtK)),
    addDC,
  };
}

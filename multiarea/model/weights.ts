/**
 * Synaptic weights: PSP amplitudes (mV) of the parameters converted into PSC amplitudes (pA) of
 * the current-based LIF neuron with exponential synaptic currents (NEST iaf_psc_exp).
 */
import type { Grid } from './grid.ts';
import type { ModelBuildParams, WeightNeuronParams } from './model-types.ts';

/**
 * PSC amplitude (pA) that produces a PSP peak of 1 mV for a synaptic time constant tauSyn (ms),
 * membrane time constant tau_m (ms) and capacitance C_m (pF).
 */
export function pscOverPsp(neuron: WeightNeuronParams, tauSyn: number): number {
  const { C_m, tau_m } = neuron;
  if (tauSyn === tau_m) {
    throw new Error(
      `neuron_params.single_neuron_dict: tau_syn (${tauSyn} ms) equal to tau_m (${tau_m} ms) is not supported (the PSP peak formula is singular); expected different values`,
    );
  }
  const ratio = tau_m / tauSyn;
  const peak =
    ((1 / C_m) * tau_m * tauSyn) / (tauSyn - tau_m) *
    (ratio ** (-tau_m / (tau_m - tauSyn)) - ratio ** (-tauSyn / (tau_m - tauSyn)));
  return 1 / peak;
}

/**
 * Mean (size x stride, last column external) and standard deviation (size x size) of the PSC
 * amplitude (pA) of every connection on the flat grid, also for absent populations (as upstream).
 */
export function fillSynapseWeights(
  grid: Grid,
  params: ModelBuildParams,
  mean: Float64Array,
  sd: Float64Array,
): void {
  const cp = params.connection_params;
  const neuron = params.neuron_params.single_neuron_dict;
  const pscE = pscOverPsp(neuron, neuron.tau_syn_ex);
  const pscI = pscOverPsp(neuron, neuron.tau_syn_in);
  const wE = pscE * cp.PSP_e;
  const wI = pscI * cp.g * cp.PSP_e;
  const w23from4 = cp.PSP_e_23_4 * pscE;
  const sd23from4 = cp.PSC_rel_sd_normal * cp.PSP_e_23_4 * pscE;
  const wExt = pscE * cp.PSP_ext;
  const { areas, pops, size, stride } = grid;
  const P = pops.length;
  const isE = pops.map((p) => p.includes('E'));
  const isI = pops.map((p) => p.includes('I'));
  const relSd = (t: number, s: number): number => {
    const lognormal = cp.lognormal_weights && (!cp.lognormal_EE_only || (isE[t] && isE[s]));
    return lognormal ? cp.PSC_rel_sd_lognormal : cp.PSC_rel_sd_normal;
  };
  const i23E = pops.indexOf('23E');
  const i4E = pops.indexOf('4E');

  for (let a = 0; a < areas.length; a++) {
    for (let t = 0; t < P; t++) {
      const i = a * P + t;
      for (let b = 0; b < areas.length; b++) {
        for (let s = 0; s < P; s++) {
          const j = b * P + s;
          let w = isE[s] ? wE : wI;
          let dev = relSd(t, s) * Math.abs(w);
          if (a === b) {
            if (t === i23E && s === i4E) {
              w = w23from4;
              dev = sd23from4;
            }
          } else {
            // Cortico-cortical weights scale with chi (and chi_I onto inhibitory targets).
            w *= cp.cc_weights_factor;
            dev *= cp.cc_weights_factor;
            if (isI[t]) {
              w *= cp.cc_weights_I_factor;
              dev *= cp.cc_weights_I_factor;
            }
          }
          mean[i * stride + j] = w;
          sd[i * size + j] = dev;
        }
      }
      mean[i * stride + size] = wExt;
    }
  }
}

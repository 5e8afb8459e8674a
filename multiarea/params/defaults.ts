/**
 * The default network parameter tree of the multi-area model, with the same nesting, names and
 * values as upstream's `network_params` (INM-6/multi-area-model, default_params.py), so that a
 * custom-parameter file written for upstream works here unchanged.
 *
 * Differences from upstream, all additive:
 * - `connection_params.K_stable` defaults to the sentinel {@link BUNDLED_K_PRIME} (the stabilized
 *   indegree matrix K' of Schuecker, Schmidt et al. 2017 shipped in `data/`) instead of an absolute
 *   path into upstream's checkout.
 * - `connection_params.SLN_fit` (new) chooses the SLN-vs-log-density-ratio coefficients: the
 *   published ones (default; equals the published model) or our own beta-binomial fit of the data.
 * - `fullscale_rates` may also be given inline as `{area: {pop: rate}}` (spikes/s) instead of a path.
 * Units follow NEST: mV, pF, ms, pA, spikes/s, mm, mm^2, mm/ms.
 */
import type { SingleNeuronParams } from '../network-arrays.ts';

/** Sentinel value of `K_stable`: use the bundled stabilized indegree matrix K' (data/). */
export const BUNDLED_K_PRIME = 'bundled:K_prime_original' as const;

/** Options of `connection_params.replace_cc` (false = keep cortico-cortical connections). */
export const REPLACE_CC_OPTIONS = [false, 'hom_poisson_stat', 'het_poisson_stat', 'het_current_nonstat'] as const;
/** Options of `connection_params.replace_non_simulated_areas` (null = just drop their input). */
export const REPLACE_NON_SIMULATED_OPTIONS = [
  null,
  'hom_poisson_stat',
  'het_poisson_stat',
  'het_current_nonstat',
] as const;
/** Options of `connection_params.rho_syn`: constant synapse volume density, or area-specific
 * density that conserves the average indegree of V1 in every area. */
export const RHO_SYN_OPTIONS = ['constant', 'area-specific'] as const;
export const SLN_FIT_OPTIONS = ['published', 'fitted'] as const;
export const NEURON_MODEL_OPTIONS = ['iaf_psc_exp'] as const;
export const SYN_TYPE_EXT_OPTIONS = ['static_synapse_hpc', 'static_synapse'] as const;

/** Full-scale rates inline: area -> population -> rate (spikes/s); extra keys such as 'total' are allowed. */
export type { RatesByPopulation } from '../../core/index.ts';
import type { RatesByPopulation } from '../../core/index.ts';

export interface NeuronParams {
  neuron_model: (typeof NEURON_MODEL_OPTIONS)[number];
  single_neuron_dict: SingleNeuronParams;
  /** Mean of the initial membrane potentials (mV); hyperpolarized to avoid synchronous onset. */
  V0_mean: number;
  /** Standard deviation of the initial membrane potentials (mV). */
  V0_sd: number;
}

export interface ConnectionParams {
  /**
   * Indegree matrix replacing the data-derived one (cortico-cortical and local, not external):
   * {@link BUNDLED_K_PRIME} (default), `null` for no stabilization, or a path to a .npy file
   * (254 x 254, model population order), relative paths resolved against the params file's folder.
   */
  K_stable: typeof BUNDLED_K_PRIME | string | null;
  replace_cc: (typeof REPLACE_CC_OPTIONS)[number];
  replace_non_simulated_areas: (typeof REPLACE_NON_SIMULATED_OPTIONS)[number];
  /** JSON file of rates (area -> pop -> spikes/s) or base name of per-population .npy time series. */
  replace_cc_input_source: string | null;
  /** Redistribute cortico-cortical synapses to meet the literature E-specificity. */
  E_specificity: boolean;
  /** Relative inhibitory synaptic strength (negative). */
  g: number;
  /** Average indegree in V1 (synapses per neuron): mean of Cragg (1967) and O'Kusky & Colonnier (1982). */
  av_indegree_V1: number;
  rho_syn: (typeof RHO_SYN_OPTIONS)[number];
  /** Factors on the external Poisson indegree of 5E, 6E and of 23E/5E in TH. */
  fac_nu_ext_5E: number;
  fac_nu_ext_6E: number;
  fac_nu_ext_TH: number;
  /** Excitatory local PSP amplitude (mV), its value for 4E -> 23E, and for external input (mV). */
  PSP_e: number;
  PSP_e_23_4: number;
  PSP_ext: number;
  /** Relative standard deviation of normally / lognormally distributed weights. */
  PSC_rel_sd_normal: number;
  PSC_rel_sd_lognormal: number;
  /** Cortico-cortical weight factor chi (1.9: metastable state; 1.0: ground state). */
  cc_weights_factor: number;
  /** Extra factor chi_I on cortico-cortical weights onto inhibitory neurons. */
  cc_weights_I_factor: number;
  lognormal_weights: boolean;
  lognormal_EE_only: boolean;
  /** SLN coefficients: 'published' (-0.1516142, -1.5343200; default) or 'fitted' from the data. */
  SLN_fit: (typeof SLN_FIT_OPTIONS)[number];
}

export interface DelayParams {
  /** Local excitatory / inhibitory mean delays (ms). */
  delay_e: number;
  delay_i: number;
  /** Relative standard deviation of all delays. */
  delay_rel: number;
  /** Axonal conduction speed for inter-area delays (mm/ms). */
  interarea_speed: number;
}

export interface InputParams {
  /** Poisson external drive (true) or an equivalent DC current (false). */
  poisson_input: boolean;
  syn_type_ext: (typeof SYN_TYPE_EXT_OPTIONS)[number];
  /** Rate of each external Poisson source (spikes/s). */
  rate_ext: number;
  /** Time-dependent DC stimulus switch (kept for upstream compatibility; upstream never reads it). */
  dc_stimulus: boolean;
}

export interface NetworkParams {
  /** Surface area of each simulated area (mm^2). */
  surface: number;
  /** Scaling of population sizes (0 < N_scaling). */
  N_scaling: number;
  /** Scaling of indegrees (0 < K_scaling). */
  K_scaling: number;
  /** Full-scale rates used when down-scaling: path to a JSON (area -> pop -> spikes/s), the object itself, or null. */
  fullscale_rates: string | RatesByPopulation | null;
  /** Upstream's NEST-version switch; accepted for compatibility, without effect here. */
  USING_NEST_3: boolean;
  neuron_params: NeuronParams;
  connection_params: ConnectionParams;
  delay_params: DelayParams;
  input_params: InputParams;
}

/** Custom parameters: any subset of the tree, in the same nesting. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};
export type CustomNetworkParams = DeepPartial<NetworkParams>;

const SINGLE_NEURON_DEFAULTS: SingleNeuronParams = {
  E_L: -65.0,
  V_th: -50.0,
  V_reset: -65.0,
  C_m: 250.0,
  tau_m: 10.0,
  tau_syn_ex: 0.5,
  tau_syn_in: 0.5,
  t_ref: 2.0,
};

const NETWORK_DEFAULTS: NetworkParams = {
  surface: 1.0,
  N_scaling: 1.0,
  K_scaling: 1.0,
  fullscale_rates: null,
  USING_NEST_3: true,
  neuron_params: {
    neuron_model: 'iaf_psc_exp',
    single_neuron_dict: SINGLE_NEURON_DEFAULTS,
    V0_mean: -150.0,
    V0_sd: 50.0,
  },
  connection_params: {
    K_stable: BUNDLED_K_PRIME,
    replace_cc: false,
    replace_non_simulated_areas: null,
    replace_cc_input_source: null,
    E_specificity: true,
    g: -11.0,
    // (5600 + 2300) / 2 from the raw data's av_indegree_Cragg and av_indegree_OKusky, as upstream
    // computes it; a test checks it against the bundled raw data.
    av_indegree_V1: 3950.0,
    rho_syn: 'constant',
    fac_nu_ext_5E: 1.125,
    fac_nu_ext_6E: 1.41666667,
    fac_nu_ext_TH: 1.2,
    PSP_e: 0.15,
    PSP_e_23_4: 0.3,
    PSP_ext: 0.15,
    PSC_rel_sd_normal: 0.1,
    PSC_rel_sd_lognormal: 3.0,
    cc_weights_factor: 1.9,
    cc_weights_I_factor: 2.0,
    lognormal_weights: false,
    lognormal_EE_only: false,
    SLN_fit: 'published',
  },
  delay_params: {
    delay_e: 1.5,
    delay_i: 0.75,
    delay_rel: 0.5,
    interarea_speed: 3.5,
  },
  input_params: {
    poisson_input: true,
    syn_type_ext: 'static_synapse_hpc',
    rate_ext: 10.0,
    dc_stimulus: false,
  },
};

function deepFreezeCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map(deepFreezeCopy)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepFreezeCopy(v);
    return Object.freeze(out) as T;
  }
  return value;
}

/** The default tree, deeply frozen (read-only); use {@link defaultNetworkParams} for a mutable copy. */
export const DEFAULT_NETWORK_PARAMS: Readonly<NetworkParams> = deepFreezeCopy(NETWORK_DEFAULTS);

/** A fresh, mutable deep copy of the default network parameters. */
export function defaultNetworkParams(): NetworkParams {
  return structuredClone(NETWORK_DEFAULTS);
}

/** The 32 areas of the model in upstream's order (rows/columns of every matrix). */
export const COMPLETE_AREA_LIST = [
  'V1', 'V2', 'VP', 'V3', 'V3A', 'MT', 'V4t', 'V4', 'VOT', 'MSTd',
  'PIP', 'PO', 'DP', 'MIP', 'MDP', 'VIP', 'LIP', 'PITv', 'PITd',
  'MSTl', 'CITv', 'CITd', 'FEF', 'TF', 'AITv', 'FST', '7a', 'STPp',
  'STPa', '46', 'AITd', 'TH',
] as const;

/** The 8 populations per area in upstream's order (TH lacks 4E and 4I). */
export const POPULATION_LIST = ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'] as const;

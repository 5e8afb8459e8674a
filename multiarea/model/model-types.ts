/**
 * Types of the model-construction step: the anatomical inputs it reads and the `ModelData` it
 * produces (the same fields, names and nesting as upstream's model-data JSON, so that stage-by-stage
 * comparison with upstream is a plain deep comparison).
 */
import type { ConnectionParams } from '../params/defaults.ts';
import type { SingleNeuronParams } from '../network-arrays.ts';

/** A population label inside an area ('23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'). */
export type PopName = string;

/** CoCoMac laminar patterns: 6 entries for layers 1..6 (0 = absent, -1 = '?', else log strength). */
export interface CocomacEntry {
  source_pattern: Array<number | string> | null;
  target_pattern: Array<number | string> | null;
}

/** One Binzegger et al. (2004) cell type: relative occurrence (%) and per-layer synapse statistics. */
export interface BinzeggerCellType {
  occurrence: number;
  syn_dict: Record<string, Record<string, number | string>>;
}

/** The parts of the raw dataset (upstream's viscortex_raw_data.json) that model construction reads. */
export interface ModelRawInput {
  median_distance_data: Record<string, Record<string, number>>;
  surface_data: Record<string, number>;
  Intrinsic_Connectivity: Record<string, Record<string, number>>;
  Intrinsic_FLN_Data: Record<string, { mean: number; error: number }>;
  num_V1: Record<string, { neurons: number; ext_inputs?: number }>;
  Binzegger_Data: Record<string, BinzeggerCellType>;
}

/** The parts of the processed dataset (upstream's viscortex_processed_data.json) that model construction reads. */
export interface ModelProcessedInput {
  FLN_completed: Record<string, Record<string, number>>;
  SLN_completed: Record<string, Record<string, number>>;
  cocomac_completed: Record<string, Record<string, CocomacEntry>>;
  total_thicknesses: Record<string, number>;
  laminar_thicknesses: Record<string, Record<string, number>>;
  realistic_neuronal_numbers: Record<string, Record<string, number>>;
}

/** Single-neuron parameters needed to convert PSP amplitudes (mV) into PSC amplitudes (pA). */
export type WeightNeuronParams = Pick<SingleNeuronParams, 'C_m' | 'tau_m' | 'tau_syn_ex' | 'tau_syn_in'>;

/** The parameters that model construction reads (a structural subset of NetworkParams). */
export interface ModelBuildParams {
  /** Surface of every modelled area (mm^2). */
  surface: number;
  neuron_params: { single_neuron_dict: WeightNeuronParams };
  /** See ConnectionParams for the meaning and units of each entry. */
  connection_params: Pick<
    ConnectionParams,
    | 'E_specificity'
    | 'g'
    | 'av_indegree_V1'
    | 'rho_syn'
    | 'fac_nu_ext_5E'
    | 'fac_nu_ext_6E'
    | 'fac_nu_ext_TH'
    | 'PSP_e'
    | 'PSP_e_23_4'
    | 'PSP_ext'
    | 'PSC_rel_sd_normal'
    | 'PSC_rel_sd_lognormal'
    | 'cc_weights_factor'
    | 'cc_weights_I_factor'
    | 'lognormal_weights'
    | 'lognormal_EE_only'
  >;
}

/** target area -> target pop -> source area -> source pop -> value ('external' -> 'external' for Poisson input). */
export type ConnectivityDict = Record<string, Record<string, Record<string, Record<string, number>>>>;
/** area -> pop -> value (neuron numbers carry an extra 'total'). */
export type PopulationDict = Record<string, Record<string, number>>;

/** Output of {@link buildModelData}: upstream's model-data fields. */
export interface ModelData {
  area_list: string[];
  population_list: string[];
  av_indegree_V1: number;
  /** Area -> populations that contain neurons. */
  structure: Record<string, string[]>;
  /** Neuron numbers per population for the modelled surface (plus 'total'). */
  neuron_numbers: PopulationDict;
  /** Neuron numbers for the areas' real surfaces (plus 'total'). */
  realistic_neuron_numbers: PopulationDict;
  /** Total synapse numbers per connection, with 'external' -> 'external' for the Poisson input. */
  synapses: ConnectivityDict;
  /** Aliases kept for compatibility with upstream's file (same object as `synapses`). */
  synapses_orig: ConnectivityDict;
  realistic_synapses: ConnectivityDict;
  /** Total number of intrinsic (type I) synapses per area. */
  synapses_type_I: Record<string, number>;
  /** Number of type II synapses per area (intrinsic synapses of the full area lost by the 1 mm^2 cut-out). */
  synapses_type_II: Record<string, number>;
  /** Inter-area distances (mm). */
  distances: Record<string, Record<string, number>>;
  /** Layer of a cortico-cortical synapse -> target population -> probability of the cell body (per area). */
  binzegger_processed: Record<string, Record<string, Record<string, number>>>;
  /** Intrinsic FLN per area, corrected for the modelled surface. */
  Intrinsic_FLN_completed: Record<string, { mean: number; error: number }>;
  /** Mean PSC amplitudes (pA), with 'external' -> 'external'. */
  synapse_weights_mean: ConnectivityDict;
  /** Standard deviations of the PSC amplitudes (pA), no external entry. */
  synapse_weights_sd: ConnectivityDict;
}

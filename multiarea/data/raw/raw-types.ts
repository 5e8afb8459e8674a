/**
 * The raw anatomical data of the multi-area model: every published table of the dataset, compiled into
 * one object with the same keys and values as upstream's `viscortex_raw_data.json`
 * (INM-6/multi-area-model, `process_raw_data`, raw-data step).
 *
 * Missing measurements are NaN (upstream's np.nan). Keys keep upstream's names (including their mixed
 * case) so that code and data can be compared with the published pipeline. Note: JavaScript objects list
 * integer-like keys ("1", "46") first, in ascending order, whatever the insertion order; code whose result
 * depends on iteration order must iterate an explicit list (e.g. `area_list`) rather than object keys.
 */

/** A measured value and its error. */
export interface ValueWithError {
  value: number;
  error: number;
}

/** Overall and layer-resolved neuron densities (neurons/mm^3) of one area (NeuN staining). */
export interface NeuronalDensityEntry {
  overall: ValueWithError;
  '23': ValueWithError;
  '4': ValueWithError;
  '56': ValueWithError;
}

/** Hierarchical level in the Markov et al. (2014) scale. */
export interface MarkovHierarchyEntry {
  level: number;
  'rescaled level': number;
}

/** A distance table (mm): table[area][otherArea]. */
export type DistanceTable = Record<string, Record<string, number>>;

/**
 * Laminar pattern of a CoCoMac connection: one character per layer (layers 1-6), each '0', '1', '2',
 * '3', 'X' or '?', or null where the pattern is unknown.
 */
export type LaminarPattern = string[] | null;

export interface CocomacConnection {
  source_pattern: LaminarPattern;
  target_pattern: LaminarPattern;
}

/** Status of a source area in the Markov et al. (2014) retrograde tracing data. */
export type FlnStatus = string; // 'Known' or 'NFP' (newly found projection)

export interface FlnInjection {
  target_area: string;
  source_areas: Record<string, { FLN: number; status: FlnStatus }>;
}

export interface NlnInjection {
  target_area: string;
  source_areas: Record<string, { NLN: number; status: FlnStatus }>;
}

/** Supragranular (S) and infragranular (I) labelled neurons, their total, SLN = S / TOT, and FLN. */
export interface SlnSourceEntry {
  FLN: number;
  S: number;
  I: number;
  TOT: number;
  SLN: number;
}

export interface SlnInjection {
  target_area: string;
  source_areas: Record<string, SlnSourceEntry>;
}

/** Neurons and external inputs of one population of cat V1 (Potjans & Diesmann 2014). */
export interface NumV1Entry {
  neurons: number;
  ext_inputs: number;
}

/** Thickness (mm) and its error of one lamina of cat area 17. */
export interface CatLaminaThickness {
  thickness: number;
  error: number;
}

/**
 * Laminar thicknesses (um) of one area keyed by layer name ('1', '2', '3', '23', '4A', ..., '56',
 * 'total_without_1', 'total'). A single study gives a number; several studies give one number per study.
 */
export type LaminarThicknessEntry = Record<string, number | number[]>;

/**
 * Binzegger et al. (2004) data of one cell type: its share of cells (percent) and, per layer of the
 * synapse location, the number of synapses per neuron and the percentage contributed by each presynaptic
 * cell type (a number, or the raw text of a cell that is not a number, e.g. '').
 */
export interface BinzeggerCellType {
  occurrence: number;
  syn_dict: Record<string, Record<string, number | string>>;
}

/** Percentage overlap between areas of two parcellations: overlap[group][sourceArea][fv91Area]. */
export type OverlapData = Record<string, Record<string, Record<string, number>>>;

export interface RawData {
  /** The 32 areas of the model, in model order. */
  area_list: string[];
  /** Continuous hierarchy of Reid et al. (2009); MIP and MDP set to 0.5. */
  hierarchy: Record<string, number>;
  /** NeuN neuron densities of the Barbas lab, keyed by area (Barbas scheme). */
  neuronal_density_data: Record<string, NeuronalDensityEntry>;
  /** Architectural type (2 = agranular ... 8 = V1), or '?' where unknown. */
  architecture: Record<string, number | '?'>;
  euclidean_distance_data: DistanceTable;
  thom_distance_data: DistanceTable;
  thom_distance_data_markov: DistanceTable;
  median_distance_data: DistanceTable;
  /** Surface areas (mm^2). */
  surface_data: Record<string, number>;
  /** CoCoMac connections: cocomac_data[target][source]. */
  cocomac_data: Record<string, Record<string, CocomacConnection>>;
  /** Markov et al. (2014) FLN per injection (keyed by monkey/hemisphere). */
  FLN_Data: Record<string, FlnInjection>;
  /** Intrinsic FLN (fraction of labelled neurons within the injected area): mean and error. */
  Intrinsic_FLN_Data: Record<string, { mean: number; error: number }>;
  SLN_Data: Record<string, SlnInjection>;
  NLN_Data: Record<string, NlnInjection>;
  /** Connection probabilities of the microcircuit model: Intrinsic_Connectivity[target][source]. */
  Intrinsic_Connectivity: Record<string, Record<string, number>>;
  num_V1: Record<string, NumV1Entry>;
  Laminar_Thickness_cat: Record<string, CatLaminaThickness>;
  laminar_thicknesses: Record<string, LaminarThicknessEntry>;
  Binzegger_Data: Record<string, BinzeggerCellType>;
  /** Synapses per neuron (Cragg 1967). */
  av_indegree_Cragg: number;
  /** Synapses per neuron (O'Kusky & Colonnier 1982). */
  av_indegree_OKusky: number;
  hierarchy_markov: Record<string, MarkovHierarchyEntry>;
  /** Area of the Barbas scheme -> areas of the FV91 scheme (sorted). */
  Translation: Record<string, string[]>;
  overlap: OverlapData;
  /** Total cortical thickness (um); NaN where unknown. */
  total_thickness_data: Record<string, number>;
}

/** The top-level keys of RawData in upstream's order. */
export const RAW_DATA_KEYS = [
  'area_list', 'hierarchy', 'neuronal_density_data', 'architecture', 'euclidean_distance_data',
  'thom_distance_data', 'thom_distance_data_markov', 'median_distance_data', 'surface_data', 'cocomac_data',
  'FLN_Data', 'Intrinsic_FLN_Data', 'SLN_Data', 'NLN_Data', 'Intrinsic_Connectivity', 'num_V1',
  'Laminar_Thickness_cat', 'laminar_thicknesses', 'Binzegger_Data', 'av_indegree_Cragg', 'av_indegree_OKusky',
  'hierarchy_markov', 'Translation', 'overlap', 'total_thickness_data',
] as const satisfies readonly (keyof RawData)[];

/** One row of the prepared SLN-fit table (RData_prepared_logdensities.txt), with the file's column names. */
export interface SlnFitRow {
  /** R row name (the index of the row in the original SLN table). */
  rowName: string;
  /** Target (injected) area, Markov et al. (2014) scheme. */
  TO: string;
  /** Source area. */
  FROM: string;
  /** Supragranular labelled neurons. */
  S: number;
  /** Infragranular labelled neurons. */
  I: number;
  /** S + I. */
  TOT: number;
  /** Distance (mm). */
  DIST: number;
  /** ln(rho_target / rho_source) of the overall neuron densities (the fit's regressor). */
  DENS: number;
  Monkey: string;
  /** log10 FLN. */
  lFLN: number;
  /** S / TOT. */
  SLN: number;
  /** Injection label "<target>.<monkey>". */
  INJ: string;
  FLN: number;
  /** SLN - 0.5. */
  cSLN: number;
}

/** One row of the Markov et al. (2014) injection-site table (Markov2014_InjectionSites.csv). */
export interface InjectionSite {
  injectedArea: string;
  case: number;
  monkey: string;
  sectionPlane: string;
  nodeNumber: number;
  /** Fiducial coordinates (mm) of the F99 atlas. */
  x: number;
  y: number;
  z: number;
  /** Corresponding area of the FV91 scheme (free text, e.g. "Area 10"). */
  fv91Area: string;
  comment: string;
}

/** Overall neuron densities (neurons/mm^3) of the Nissl-stained sections (NeuronalDensities_Nissl.csv). */
export interface NisslDensityRow {
  area: string;
  architecturalType: number;
  /** NaN where the table has no value. */
  density: number;
  /** Cortical thickness (mm); NaN where the table has no value. */
  thicknessMm: number;
}

/**
 * Types of the data-processing step: its input (the raw data, keys as in upstream's
 * viscortex_raw_data.json, plus the supplementary tables that upstream reads straight from CSV files
 * without storing them in its raw JSON) and the processed result (keys as in upstream's
 * viscortex_processed_data.json).
 */

import type { RawData } from '../raw/raw-types.ts';

export type { RawData };

/** Markov et al. 2014 injection site, mapped to the FV91 area containing it. */
export interface InjectionTarget {
  injected_area: string;
  FV91_area: string;
}

/** One row of SLN_Data.csv (Markov et al. 2014): labelled neurons of one source area for one injection. */
export interface SlnObservation {
  /** Injected (target) area, M132 name. */
  target: string;
  /** Source area, M132 name. */
  source: string;
  monkey: string;
  /** Supragranular labelled neurons. */
  S: number;
  /** Infragranular labelled neurons. */
  I: number;
  TOT: number;
  /** Distance (mm). */
  DIST: number;
  /** log10 FLN. */
  lFLN: number;
  /** S / TOT. */
  SLN: number;
  FLN: number;
}

/**
 * Tables that upstream's processing reads from raw_data/ but that its raw JSON does not hold.
 * Keys follow upstream's variable names.
 */
export interface SupplementaryRawData {
  /** Nissl-stained overall densities (neurons/mm^3), with upstream's renamings applied; insertion order matters. */
  neuronal_density_data_updated: Record<string, number>;
  /** monkey -> injection site. */
  injection_sites: Record<string, InjectionTarget>;
  /** All rows of SLN_Data.csv in file order (the input of the SLN fit). */
  sln_data_rows: SlnObservation[];
}

export type ProcessingInput = RawData & SupplementaryRawData;

/** Laminar pattern after completion: 'X' -> 2, '?' -> 0 or -1 (see cocomac.ts); digits stay strings as upstream. */
export type CompletedLaminarPattern = (string | number)[];

export interface CompletedCocomacEntry {
  source_pattern: CompletedLaminarPattern | null;
  target_pattern: CompletedLaminarPattern | null;
}

/** Densities (neurons/mm^3) per layer group of the model. */
export interface LayerDensities {
  overall: number;
  '23': number;
  '4': number;
  '5': number;
  '6': number;
}

export type ModelLayer = '1' | '23' | '4' | '5' | '6';

export type PopulationName = '23E' | '23I' | '4E' | '4I' | '5E' | '5I' | '6E' | '6I';

/** The processed anatomical quantities; keys and values as upstream's processed-data file. */
export interface ProcessedData {
  /** target -> source -> patterns (incl. sources outside the model and self-connections). */
  cocomac_completed: Record<string, Record<string, CompletedCocomacEntry>>;
  architecture_completed: Record<string, number>;
  hierarchy_completed: Record<string, number>;
  /** target -> source -> fraction of supragranular labelled neurons. */
  SLN_completed: Record<string, Record<string, number>>;
  /** SLN data mapped to FV91 (targets with injections only). */
  SLN_Data_FV91: Record<string, Record<string, number>>;
  /** FLN data mapped to FV91 ({} for targets without injections). */
  FLN_Data_FV91: Record<string, Record<string, number>>;
  /** target -> source -> FLN, plus 'external' (summed FLN from areas outside the model). */
  FLN_completed: Record<string, Record<string, number>>;
  neuronal_densities: Record<string, LayerDensities>;
  neuronal_density_data_FV91_4layers: Record<string, LayerDensities>;
  /** area -> population -> neuron count, plus 'total'. */
  realistic_neuronal_numbers: Record<string, Record<PopulationName | 'total', number>>;
  /** Total cortical thickness (micrometre). */
  total_thicknesses: Record<string, number>;
  /** Absolute laminar thicknesses (mm). */
  laminar_thicknesses: Record<string, Record<ModelLayer, number>>;
  /** Architectural type ('1'..'8') -> mean densities; NaN for types without data. */
  category_density: Record<string, LayerDensities>;
}

/** Coefficients [intercept, slope] of SLN = Phi(intercept + slope * ln(rho_target / rho_source)). */
export type SlnFitCoefficients = readonly [intercept: number, slope: number];

export interface ProcessingOptions {
  slnFitCoefficients: SlnFitCoefficients;
}

/**
 * The processing step: raw anatomical tables -> the complete anatomical quantities the model needs
 * (Schmidt et al. 2018, Brain Struct Funct, Methods). A pure function; the result has the keys and
 * values of upstream's viscortex_processed_data.json.
 */
import { completeCocomac } from './cocomac-completion.ts';
import { computeNeuronDensities } from './density-processing.ts';
import { averageFlnByTarget, completeFln, fitExponentialDistanceRule, mapFlnToFV91 } from './fln.ts';
import { computeNeuronNumbers } from './neuron-numbers.ts';
import { buildSlnFitTable, completeSln, mapSlnToFV91, type SlnFitTableRow } from './sln.ts';
import { completeLaminarThicknesses, completeTotalThicknesses } from './thicknesses.ts';
import type { LayerDensities, ProcessedData, ProcessingInput, ProcessingOptions, SlnFitCoefficients } from './processed-types.ts';

/** Published SLN fit (intercept, slope) of Schmidt et al. 2018; upstream's default without R. */
export const PUBLISHED_SLN_FIT_COEFFICIENTS: SlnFitCoefficients = Object.freeze([-0.1516142, -1.53432]) as SlnFitCoefficients;

/**
 * MIP and MDP lack hierarchy and architecture data; like their neighbours PO, MT and V4t they are
 * placed at hierarchy level 0.5 and architectural type 5.
 */
const ASSUMED_MISSING_AREAS = { MIP: { hierarchy: 0.5, architecture: 5 }, MDP: { hierarchy: 0.5, architecture: 5 } };

function completeAreaTables(raw: ProcessingInput): {
  hierarchy: Record<string, number>;
  architecture: Record<string, number>;
} {
  const hierarchy: Record<string, number> = { ...raw.hierarchy };
  const mixedArchitecture: Record<string, number | string> = { ...raw.architecture };
  for (const [area, assumed] of Object.entries(ASSUMED_MISSING_AREAS)) {
    hierarchy[area] = assumed.hierarchy;
    mixedArchitecture[area] = assumed.architecture;
  }
  for (const [area, level] of Object.entries(hierarchy)) {
    if (typeof level !== 'number') throw new Error(`hierarchy: level of area "${area}" is ${JSON.stringify(level)}; expected a number`);
  }
  const architecture: Record<string, number> = {};
  for (const [area, type] of Object.entries(mixedArchitecture)) {
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 8) {
      throw new Error(`architecture: type of area "${area}" is ${JSON.stringify(type)}; expected an integer 1..8`);
    }
    architecture[area] = type;
  }
  return { hierarchy, architecture };
}

function checkCoefficients(c: SlnFitCoefficients): void {
  if (!Array.isArray(c) || c.length !== 2 || !c.every((v) => Number.isFinite(v))) {
    throw new Error(`options.slnFitCoefficients is ${JSON.stringify(c)}; expected [intercept, slope], two finite numbers`);
  }
}

function checkInput(raw: ProcessingInput): void {
  const required: (keyof ProcessingInput)[] = [
    'area_list', 'hierarchy', 'neuronal_density_data', 'architecture', 'median_distance_data', 'thom_distance_data',
    'surface_data', 'cocomac_data', 'FLN_Data', 'SLN_Data', 'num_V1', 'laminar_thicknesses', 'Translation', 'overlap',
    'total_thickness_data', 'neuronal_density_data_updated', 'injection_sites', 'sln_data_rows',
  ];
  for (const key of required) {
    if (raw[key] === undefined || raw[key] === null) {
      throw new Error(`raw data: key "${key}" is missing; expected the raw tables of the dataset (see multiarea/data/processing/types.ts)`);
    }
  }
}

/** Neuron densities only (needed also to build the SLN-fit table without a full processing run). */
function densitiesOf(raw: ProcessingInput, architecture: Record<string, number>) {
  return computeNeuronDensities(
    raw.neuronal_density_data,
    raw.neuronal_density_data_updated,
    architecture,
    raw.area_list,
    raw.Translation,
  );
}

export function processRawData(raw: ProcessingInput, options: ProcessingOptions): ProcessedData {
  checkInput(raw);
  checkCoefficients(options.slnFitCoefficients);
  const areaList = raw.area_list;
  const { hierarchy, architecture } = completeAreaTables(raw);

  // Neuron numbers: densities x thicknesses x surfaces.
  const densities = densitiesOf(raw, architecture);
  const neuronalDensities = densities.neuronalDensities;
  const totalThicknesses = completeTotalThicknesses(raw.total_thickness_data, neuronalDensities, areaList);
  const laminarThicknesses = completeLaminarThicknesses(raw.laminar_thicknesses, totalThicknesses, neuronalDensities, areaList);
  const neuronNumbers = computeNeuronNumbers(neuronalDensities, raw.surface_data, laminarThicknesses, raw.num_V1);

  // Connectivity: FLN data, CoCoMac, exponential distance rule, SLN.
  const overlapAll = raw.overlap.all;
  if (overlapAll === undefined) throw new Error(`overlap: no "all" table; expected overlap.all[M132 area][FV91 area]`);
  const flnByTarget = averageFlnByTarget(raw.FLN_Data, raw.injection_sites, areaList);
  const flnMapped = mapFlnToFV91(flnByTarget, overlapAll, areaList);
  const cocomacCompleted = completeCocomac(raw.cocomac_data, flnMapped, areaList);
  const edr = fitExponentialDistanceRule(flnMapped, raw.median_distance_data, raw.thom_distance_data);
  const flnCompleted = completeFln(flnMapped, cocomacCompleted, raw.median_distance_data, edr, areaList);
  const slnMapped = mapSlnToFV91(raw.SLN_Data, flnByTarget, raw.injection_sites, overlapAll, areaList);
  const slnCompleted = completeSln(slnMapped, cocomacCompleted, neuronalDensities, options.slnFitCoefficients, areaList);

  return {
    cocomac_completed: cocomacCompleted,
    architecture_completed: architecture,
    hierarchy_completed: hierarchy,
    SLN_completed: slnCompleted,
    SLN_Data_FV91: slnMapped,
    FLN_Data_FV91: flnMapped,
    FLN_completed: flnCompleted,
    neuronal_densities: neuronalDensities,
    neuronal_density_data_FV91_4layers: densities.fv91FourLayers,
    realistic_neuronal_numbers: neuronNumbers,
    total_thicknesses: totalThicknesses,
    laminar_thicknesses: laminarThicknesses,
    category_density: densities.categoryDensity,
  };
}

/**
 * The SLN-fit input table (log density ratio vs supra-/infragranular counts) built from the raw data,
 * equal to upstream's RData_prepared_logdensities.txt. Feed `slnFitInput(table)` to the probit fit.
 */
export function buildSlnFitTableFromRaw(raw: ProcessingInput): SlnFitTableRow[] {
  checkInput(raw);
  const { architecture } = completeAreaTables(raw);
  const densities: Record<string, LayerDensities> = densitiesOf(raw, architecture).neuronalDensities;
  return buildSlnFitTable(raw.sln_data_rows, densities, raw.overlap.all, raw.area_list);
}

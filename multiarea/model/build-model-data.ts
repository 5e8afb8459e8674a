/**
 * Model construction from the processed anatomical data (Schmidt et al. 2018, Methods): population
 * sizes, intrinsic, cortico-cortical and external synapse numbers, and synaptic weights, for areas
 * of `surface` mm^2. Pure: data and parameters in, model data out.
 *
 * {@link buildFlatModelData} computes everything on typed arrays (see grid.ts);
 * {@link buildModelData} returns the same as upstream's nested model-data dicts.
 *
 * Differences from upstream (multiarea_model/data_multiarea/Model.py), both at parameters where
 * upstream's values are inert:
 * - `connection_params.E_specificity` is honoured: `false` keeps the feedback synapses as
 *   distributed by the laminar patterns (upstream always redistributes).
 * - `connection_params.rho_syn` is honoured: 'constant' (upstream's and the paper's choice: the
 *   synapse volume density of V1 in every area) or 'area-specific' (each area's density chosen so
 *   that its average indegree equals `av_indegree_V1`); upstream never reads it.
 */
import { synapseToCellBody } from './binzegger.ts';
import {
  CC_SOURCE_POPS,
  E_SPECIFIC_FACTOR,
  normalizeFLN,
  projectionFactors,
  type CorticoCorticalInputs,
} from './corticocortical.ts';
import { makeGrid, type Grid } from './grid.ts';
import { COMPLETE_AREA_LIST, POPULATION_LIST } from '../params/defaults.ts';
import { computeIntrinsic, intrinsicSynapses } from './intrinsic.ts';
import type {
  ConnectivityDict,
  ModelBuildParams,
  ModelData,
  ModelProcessedInput,
  ModelRawInput,
  PopulationDict,
} from './model-types.ts';
import { fillSynapseWeights } from './weights.ts';

/** Model areas, ordered by architectural type (the order of all vectors and matrices). */
export const MODEL_AREA_LIST: readonly string[] = COMPLETE_AREA_LIST;
export const MODEL_POPULATION_LIST: readonly string[] = POPULATION_LIST;
/** Areas without a granular layer 4. */
const AGRANULAR_AREAS = ['TH'];

/** Model data on the flat grid (see grid.ts), plus the small per-area results. */
export interface FlatModelData {
  grid: Grid;
  structure: Record<string, string[]>;
  avIndegreeV1: number;
  /** Neurons per slot for the modelled surface. */
  neurons: Float64Array;
  /** Area -> pop -> neurons (modelled surface), with upstream's 'total'. */
  neuronNumbers: PopulationDict;
  realisticNeuronNumbers: PopulationDict;
  /** Synapse numbers, size x stride (last column external). */
  synapses: Float64Array;
  /** Mean PSC amplitudes (pA), size x stride. */
  weightsMean: Float64Array;
  /** PSC standard deviations (pA), size x size. */
  weightsSd: Float64Array;
  synapsesTypeI: Record<string, number>;
  synapsesTypeII: Record<string, number>;
  intrinsicFLN: Record<string, { mean: number; error: number }>;
  cellBody: Record<string, Record<string, Record<string, number>>>;
  distances: Record<string, Record<string, number>>;
}

/** Synapse volume density (synapses/mm^3) per area. */
export function synapseVolumeDensity(
  mode: ModelBuildParams['connection_params']['rho_syn'],
  avIndegreeV1: number,
  areas: readonly string[],
  neuronNumbersFullscale: PopulationDict,
  areaSurfaces: Record<string, number>,
  totalThicknesses: Record<string, number>,
): Record<string, number> {
  const density = (area: string): number =>
    (avIndegreeV1 * neuronNumbersFullscale[area].total) / (areaSurfaces[area] * totalThicknesses[area]);
  const out: Record<string, number> = {};
  if (mode === 'constant') {
    const v1 = density('V1');
    for (const area of areas) out[area] = v1;
  } else if (mode === 'area-specific') {
    for (const area of areas) out[area] = density(area);
  } else {
    throw new Error(`connection_params.rho_syn: got ${JSON.stringify(mode)}, expected 'constant' or 'area-specific'`);
  }
  return out;
}

function checkInputs(raw: ModelRawInput, processed: ModelProcessedInput, params: ModelBuildParams): void {
  if (!(params.surface > 0) || !Number.isFinite(params.surface)) {
    throw new Error(`surface: got ${params.surface}, expected a finite number > 0 (mm^2)`);
  }
  for (const area of MODEL_AREA_LIST) {
    if (!(area in processed.realistic_neuronal_numbers)) {
      throw new Error(`processed data: realistic_neuronal_numbers lacks area '${area}'`);
    }
    if (!(area in raw.surface_data)) throw new Error(`raw data: surface_data lacks area '${area}'`);
  }
}

export function buildFlatModelData(
  raw: ModelRawInput,
  processed: ModelProcessedInput,
  params: ModelBuildParams,
): FlatModelData {
  checkInputs(raw, processed, params);
  const areas = MODEL_AREA_LIST;
  const pops = MODEL_POPULATION_LIST;
  const grid = makeGrid(areas, pops);
  const P = pops.length;
  const { size, stride } = grid;
  const surface = params.surface;
  const cp = params.connection_params;
  const areaSurfaces = raw.surface_data;

  // Population sizes: real-size numbers, and those scaled to the modelled surface.
  const fullscale: PopulationDict = {};
  const neuronDict: PopulationDict = {};
  for (const [area, byPop] of Object.entries(processed.realistic_neuronal_numbers)) {
    fullscale[area] = { ...byPop };
    neuronDict[area] = {};
    for (const [pop, n] of Object.entries(byPop)) neuronDict[area][pop] = (n / areaSurfaces[area]) * surface;
  }
  const structure: Record<string, string[]> = {};
  for (const area of areas) structure[area] = pops.filter((pop) => fullscale[area][pop] > 0);

  const rhoSyn = synapseVolumeDensity(
    cp.rho_syn, cp.av_indegree_V1, areas, fullscale, areaSurfaces, processed.total_thicknesses,
  );

  // Intrinsic (type I) synapses, and type II (those a cut-out neuron would receive from the rest
  // of its real-size area).
  const intrinsic = computeIntrinsic({
    areas, populations: pops, surface, areaSurfaces,
    totalThicknesses: processed.total_thicknesses,
    intrinsicConnectivity: raw.Intrinsic_Connectivity,
    numV1: raw.num_V1,
    intrinsicFLNData: raw.Intrinsic_FLN_Data,
    rhoSyn, neuronNumbers: neuronDict, neuronNumbersFullscale: fullscale,
  });
  const synapses = new Float64Array(size * stride);
  const typeI: Record<string, number> = {};
  const typeII: Record<string, number> = {};
  areas.forEach((area, a) => {
    const c = intrinsic.conversionFactor[area];
    const cFull = intrinsic.conversionFactorFullscale[area];
    const kMicro = intrinsic.indegreePrime[area];
    const kFull = intrinsic.indegreePrimeFullscale[area];
    const n = neuronDict[area];
    const nFull = fullscale[area];
    let totalI = 0;
    let totalII = 0;
    for (let t = 0; t < P; t++) {
      const tp = pops[t];
      const row = (a * P + t) * stride + a * P;
      let syn = 0;
      for (let s = 0; s < P; s++) {
        const sp = pops[s];
        const micro = intrinsicSynapses(c, kMicro[tp][sp], n[tp], n[sp]);
        synapses[row + s] = micro;
        totalI += micro;
        if (n[tp] !== 0) {
          const real = intrinsicSynapses(cFull, kFull[tp][sp], nFull[tp], nFull[sp]);
          syn += (real / nFull[tp] - micro / n[tp]) * n[tp];
        }
      }
      totalII += syn;
    }
    typeI[area] = totalI;
    typeII[area] = totalII;
  });

  // Cortico-cortical (type III) synapses.
  const cellBody = synapseToCellBody(raw.Binzegger_Data, neuronDict.V1, areas, processed.laminar_thicknesses, AGRANULAR_AREAS);
  for (const area of AGRANULAR_AREAS) {
    for (const pop of ['4E', '4I']) {
      fullscale[area][pop] = 0;
      neuronDict[area][pop] = 0;
    }
  }
  const neurons = new Float64Array(size);
  areas.forEach((area, a) => pops.forEach((pop, p) => (neurons[a * P + p] = neuronDict[area][pop])));
  const ccInputs: CorticoCorticalInputs = {
    cocomac: processed.cocomac_completed,
    sln: processed.SLN_completed,
    fln: normalizeFLN(processed.FLN_completed, intrinsic.intrinsicFLNFullscale),
    rhoSyn, areaSurfaces,
    totalThicknesses: processed.total_thicknesses,
    laminarThicknesses: processed.laminar_thicknesses,
    neuronNumbersFullscale: fullscale,
    synapseToCellBody: cellBody,
  };
  const ccSourceIndex = CC_SOURCE_POPS.map((pop) => pops.indexOf(pop));
  for (let ta = 0; ta < areas.length; ta++) {
    for (let sa = 0; sa < areas.length; sa++) {
      if (sa === ta) continue;
      const f = projectionFactors(ccInputs, areas[ta], areas[sa], pops);
      if (f === null) continue;
      for (let t = 0; t < P; t++) {
        const N = neurons[ta * P + t];
        if (N === 0) continue;
        // Synapse numbers per target neuron are those of the real-size area.
        const perNeuron = (f.targetShare[pops[t]] / fullscale[areas[ta]][pops[t]]) * N;
        const row = (ta * P + t) * stride + sa * P;
        CC_SOURCE_POPS.forEach((sp, k) => (synapses[row + ccSourceIndex[k]] = f.sourceShare[sp] * perNeuron));
      }
      if (cp.E_specificity && processed.SLN_completed[areas[ta]][areas[sa]] < 0.35) {
        redistributeToExcitatory(synapses, grid, ta, sa);
      }
    }
  }

  // External input: the synapses not accounted for by intrinsic and cortico-cortical ones, shared so
  // that every population of the area has the same external indegree.
  areas.forEach((area, a) => {
    const total = surface * processed.total_thicknesses[area] * rhoSyn[area];
    let cc = 0;
    for (let t = 0; t < P; t++) {
      const row = (a * P + t) * stride;
      for (let j = 0; j < size; j++) if (j < a * P || j >= (a + 1) * P) cc += synapses[row + j];
    }
    const external = total * (1 - intrinsic.intrinsicFLN[area].mean) - cc;
    let nPresent = 0;
    for (const pop of structure[area]) nPresent += neuronDict[area][pop];
    const indegree = external / nPresent;
    pops.forEach((pop, t) => {
      let factor = 1;
      if (pop === '5E') factor *= cp.fac_nu_ext_5E;
      if (pop === '6E') factor *= cp.fac_nu_ext_6E;
      if (area === 'TH' && (pop === '23E' || pop === '5E')) factor *= cp.fac_nu_ext_TH;
      synapses[(a * P + t) * stride + size] = structure[area].includes(pop)
        ? indegree * neuronDict[area][pop] * factor
        : 0;
    });
  });

  const weightsMean = new Float64Array(size * stride);
  const weightsSd = new Float64Array(size * size);
  fillSynapseWeights(grid, params, weightsMean, weightsSd);

  return {
    grid, structure, avIndegreeV1: cp.av_indegree_V1,
    neurons, neuronNumbers: neuronDict, realisticNeuronNumbers: fullscale,
    synapses, weightsMean, weightsSd,
    synapsesTypeI: typeI, synapsesTypeII: typeII,
    intrinsicFLN: intrinsic.intrinsicFLN, cellBody,
    distances: raw.median_distance_data,
  };
}

/**
 * Redistributes the synapses of the projection sa -> ta between excitatory and inhibitory target
 * populations so that a fraction {@link E_SPECIFIC_FACTOR} targets excitatory neurons, keeping the
 * projection's total (in place).
 */
function redistributeToExcitatory(synapses: Float64Array, grid: Grid, ta: number, sa: number): void {
  const P = grid.pops.length;
  const isE = grid.pops.map((pop) => pop.includes('E'));
  let synE = 0;
  let synI = 0;
  for (let t = 0; t < P; t++) {
    const row = (ta * P + t) * grid.stride + sa * P;
    for (let s = 0; s < P; s++) {
      if (isE[t]) synE += synapses[row + s];
      else synI += synapses[row + s];
    }
  }
  if (!(synE > 0 || synI > 0)) return;
  const alphaE = synE / (synE + synI);
  const alphaI = synI / (synE + synI);
  if (alphaE === 0 || alphaI === 0) return;
  for (let t = 0; t < P; t++) {
    const factor = isE[t] ? E_SPECIFIC_FACTOR / alphaE : (1 - E_SPECIFIC_FACTOR) / alphaI;
    const row = (ta * P + t) * grid.stride + sa * P;
    for (let s = 0; s < P; s++) synapses[row + s] = factor * synapses[row + s];
  }
}

/** Flat connectivity (size x width, width = size or size + 1) -> upstream's nested dict. */
export function flatToConnectivityDict(flat: Float64Array, grid: Grid, withExternal: boolean): ConnectivityDict {
  const { areas, pops, size } = grid;
  const width = withExternal ? size + 1 : size;
  const P = pops.length;
  const out: ConnectivityDict = {};
  areas.forEach((ta, a) => {
    out[ta] = {};
    pops.forEach((tp, t) => {
      const rowStart = (a * P + t) * width;
      const byArea: Record<string, Record<string, number>> = {};
      areas.forEach((sa, b) => {
        const row: Record<string, number> = {};
        pops.forEach((sp, s) => (row[sp] = flat[rowStart + b * P + s]));
        byArea[sa] = row;
      });
      if (withExternal) byArea.external = { external: flat[rowStart + size] };
      out[ta][tp] = byArea;
    });
  });
  return out;
}

/** The nested-dict form of flat model data, field for field as upstream's model-data file. */
export function toModelData(flat: FlatModelData): ModelData {
  const synapses = flatToConnectivityDict(flat.synapses, flat.grid, true);
  return {
    area_list: [...flat.grid.areas],
    av_indegree_V1: flat.avIndegreeV1,
    population_list: [...flat.grid.pops],
    structure: flat.structure,
    synapses_orig: synapses,
    synapses,
    realistic_neuron_numbers: flat.realisticNeuronNumbers,
    realistic_synapses: synapses,
    neuron_numbers: flat.neuronNumbers,
    synapses_type_I: flat.synapsesTypeI,
    synapses_type_II: flat.synapsesTypeII,
    distances: flat.distances,
    binzegger_processed: flat.cellBody,
    Intrinsic_FLN_completed: flat.intrinsicFLN,
    synapse_weights_mean: flatToConnectivityDict(flat.weightsMean, flat.grid, true),
    synapse_weights_sd: flatToConnectivityDict(flat.weightsSd, flat.grid, false),
  };
}

/** Upstream's model-data dicts (see {@link buildFlatModelData} for the typed-array form). */
export function buildModelData(
  raw: ModelRawInput,
  processed: ModelProcessedInput,
  params: ModelBuildParams,
): ModelData {
  return toModelData(buildFlatModelData(raw, processed, params));
}

/**
 * The multi-area model of macaque visual cortex (Schmidt et al. 2018): parameters -> network.
 *
 * `new MultiAreaModel(custom)` merges `custom` (upstream nesting) into the defaults, builds the
 * network from the bundled anatomical data (population sizes, synapse numbers, indegrees, weights),
 * replaces the indegrees by the stabilized K' (`connection_params.K_stable`), down-scales if asked
 * and exposes the result as dicts, vectors/matrices (`arrays()`, NetworkArrays) and masks.
 *
 * Differences from upstream's MultiAreaModel (all documented in docs/model.md):
 * - Down-scaling also divides the weight standard deviations by sqrt(K_scaling), like the means
 *   (upstream leaves them at full scale, so its relative weight spread grows as K shrinks).
 * - `E_specificity` and `rho_syn` are honoured (upstream ignores both; see model/buildModelData.ts).
 * - `fullscale_rates` may also be an object (area -> pop -> spikes/s).
 * - J (mV) is converted from W (pA) with tau_syn_ex for every source, as upstream does (the two
 *   synaptic time constants are equal by default).
 */
import { rateOf, readRatesFile, type NpyArray, type RatesByPopulation } from '../core/index.ts';
import { modelLabel } from './label.ts';
import { loadModelSpec, saveModelSpec } from './model-store.ts';
import { delayMatrices, type DelayMatrices } from './model/delays.ts';
import { loadUserConfig } from '../core/index.ts';
import {
  buildFlatModelData,
  MODEL_AREA_LIST,
  MODEL_POPULATION_LIST,
  toModelData,
  type FlatModelData,
} from './model/build-model-data.ts';
import { loadModelInputs } from './model/bundled-inputs.ts';
import { loadKStable, replaceIndegrees } from './model/k-stable.ts';
import { pscToPsp, scaleNetwork } from './model/scaling.ts';
import type { ConnectivityDict, ModelData, ModelProcessedInput, ModelRawInput, PopulationDict } from './model/model-types.ts';
import {
  connectionMask,
  dictToMatrix,
  dictToVector,
  matrixToDict,
  structureVector,
  vectorMask,
  vectorToDict,
  type ConnectionMaskSpec,
  type VectorMaskSpec,
} from './model/views.ts';
import type { CustomNetworkParams, NetworkParams } from './params/defaults.ts';
import { resolveNetworkParams } from './params/resolve.ts';
import type { NetworkArrays } from './network-arrays.ts';
import { areaOfLabel } from './population-label.ts';

export interface MultiAreaModelOptions {
  /** Folder against which relative data-file paths in the parameters are resolved (default: cwd). */
  baseDir?: string;
  /**
   * Anatomical inputs to use instead of the bundled dataset (for tests and experiments with other
   * data): raw tables, processed data, and the K_stable matrix used for the 'bundled' sentinel.
   */
  data?: { raw?: ModelRawInput; processed?: ModelProcessedInput; kPrime?: NpyArray };
}

export class MultiAreaModel {
  /** Effective parameters (defaults merged with the custom ones, file paths absolute). */
  readonly params: NetworkParams;
  /** The custom parameters as given. */
  readonly customParams: CustomNetworkParams;
  readonly areaList: string[];
  readonly populationList: string[];
  readonly structure: Record<string, string[]>;
  /** "area-pop" labels in row/column order of all vectors and matrices. */
  readonly structureVec: string[];
  /** Distances (mm) between the model's areas, distances[target][source] (areaList x areaList). */
  readonly distances: Record<string, Record<string, number>>;
  /**
   * Median distances (mm) between all 81 areas of the FV91 parcellation, as in the raw table (NaN where
   * unknown), target -> source: what upstream's MultiAreaModel calls `distances`.
   */
  readonly rawMedianDistances: Record<string, Record<string, number>>;

  /** Neurons per population (after N_scaling). */
  readonly N_vec: number[];
  /** Indegrees, populations x (populations + 1); last column: external Poisson indegree. */
  readonly K_matrix: number[][];
  /** Synapse numbers, populations x (populations + 1). */
  readonly syn_matrix: number[][];
  /** PSC amplitudes (pA), populations x (populations + 1). */
  readonly W_matrix: number[][];
  /** Standard deviations of the PSC amplitudes (pA), populations x populations. */
  readonly W_sd_matrix: number[][];
  /** PSP-equivalent weights W x tau_syn_ex / C_m (mV), populations x (populations + 1). */
  readonly J_matrix: number[][];
  /** Extra DC input per population (pA) that compensates the down-scaling (0 at full scale). */
  readonly add_DC_drive: number[];
  /** Content hash of parameters, data files, anatomical data, N, K and structure (see label.ts). */
  readonly label: string;

  private readonly flat: FlatModelData;
  private readonly views = new Map<string, unknown>();

  constructor(customParams: CustomNetworkParams = {}, options: MultiAreaModelOptions = {}) {
    this.customParams = customParams;
    this.params = resolveNetworkParams(customParams, { baseDir: options.baseDir });
    const params = this.params;
    const cp = params.connection_params;

    const inputs = loadModelInputs(cp.SLN_fit, options.data);
    this.flat = buildFlatModelData(inputs.raw, inputs.processed, params);
    const { grid, neurons, synapses, weightsMean, weightsSd } = this.flat;
    this.areaList = [...MODEL_AREA_LIST];
    this.populationList = [...MODEL_POPULATION_LIST];
    this.structure = this.flat.structure;
    this.structureVec = structureVector(this.areaList, this.structure);
    this.rawMedianDistances = this.flat.distances;
    this.distances = distancesBetween(this.areaList, this.rawMedianDistances);

    // Rows/columns of the model: the grid slots of populations that exist.
    const slots: number[] = [];
    this.areaList.forEach((area, a) => {
      this.populationList.forEach((pop, p) => {
        if (this.structure[area].includes(pop)) slots.push(a * this.populationList.length + p);
      });
    });
    const n = slots.length;
    const { size, stride } = grid;

    this.N_vec = slots.map((k) => neurons[k]);
    // Indegrees: synapses per target neuron (the external one included).
    const K: number[][] = slots.map((ti) => {
      const row = new Array<number>(n + 1);
      for (let j = 0; j < n; j++) row[j] = synapses[ti * stride + slots[j]] / neurons[ti];
      row[n] = synapses[ti * stride + size] / neurons[ti];
      return row;
    });
    let syn: number[][];
    if (cp.K_stable !== null) {
      replaceIndegrees(K, loadKStable(cp.K_stable, options.data?.kPrime), cp.K_stable, this.structureVec);
      syn = K.map((row, i) => row.map((k) => k * this.N_vec[i]));
    } else {
      syn = slots.map((ti) => {
        const row = new Array<number>(n + 1);
        for (let j = 0; j < n; j++) row[j] = synapses[ti * stride + slots[j]];
        row[n] = synapses[ti * stride + size];
        return row;
      });
    }
    const W = slots.map((ti) => {
      const row = new Array<number>(n + 1);
      for (let j = 0; j < n; j++) row[j] = weightsMean[ti * stride + slots[j]];
      row[n] = weightsMean[ti * stride + size];
      return row;
    });
    const W_sd = slots.map((ti) => slots.map((sj) => weightsSd[ti * size + sj]));
    const toJ = pscToPsp(params.neuron_params.single_neuron_dict);
    const J = W.map((row) => row.map((w) => toJ * w));

    if (params.N_scaling !== 1 || params.K_scaling !== 1) {
      const scaled = scaleNetwork(params, this.N_vec, K, syn, J, W_sd, dictToVector(
        this.readFullscaleRates(), this.areaList, this.structure,
      ));
      this.N_vec = scaled.N;
      this.K_matrix = scaled.K;
      this.syn_matrix = scaled.synapses;
      this.J_matrix = scaled.J;
      this.W_matrix = scaled.W;
      this.W_sd_matrix = scaled.W_sd;
      this.add_DC_drive = scaled.addDC;
    } else {
      this.K_matrix = K;
      this.syn_matrix = syn;
      this.W_matrix = W;
      this.W_sd_matrix = W_sd;
      this.J_matrix = J;
      this.add_DC_drive = new Array<number>(n).fill(0);
    }
    this.label = modelLabel({ params, N: this.N_vec, K: this.K_matrix, structure: this.structure, data: options.data });
  }

  private view<T>(key: string, make: () => T): T {
    if (!this.views.has(key)) this.views.set(key, make());
    return this.views.get(key) as T;
  }

  /** Output of the construction step before K_stable and scaling (upstream's model-data fields). */
  get modelData(): ModelData {
    return this.view('modelData', () => toModelData(this.flat));
  }

  /** Neurons, area -> pop (absent pops 0) plus 'total'. */
  get N(): PopulationDict {
    return this.view('N', () => {
      const d = this.vectorToDict(this.N_vec);
      // Unscaled, keep the data's area totals, as upstream (after scaling they are the sums).
      if (this.params.N_scaling === 1 && this.params.K_scaling === 1) for (const area of this.areaList) d[area].total = this.flat.neuronNumbers[area].total;
      return d;
    });
  }

  /** Indegrees, target area -> target pop -> source area -> source pop, plus 'external' -> 'external'. */
  get K(): ConnectivityDict {
    return this.view('K', () => this.matrixToDict(this.K_matrix));
  }

  /** Synapse numbers, nested as K. */
  get synapses(): ConnectivityDict {
    return this.view('synapses', () => this.matrixToDict(this.syn_matrix));
  }

  /** Mean PSC amplitudes (pA), nested as K. */
  get W(): ConnectivityDict {
    return this.view('W', () => this.matrixToDict(this.W_matrix));
  }

  /** Standard deviations of the PSC amplitudes (pA), nested as K without 'external'. */
  get W_sd(): ConnectivityDict {
    return this.view('W_sd', () => this.matrixToDict(this.W_sd_matrix));
  }

  /** Area-level indegrees: target area -> source area (and 'external') -> synapses per neuron of the target area. */
  get K_areas(): Record<string, Record<string, number>> {
    return this.view('K_areas', () => {
      const N = this.N;
      const n = this.N_vec.length;
      const areaIndex = this.structureVec.map((s) => this.areaList.indexOf(areaOfLabel(s)));
      const sums = this.areaList.map(() => new Float64Array(this.areaList.length + 1));
      for (let i = 0; i < n; i++) {
        const acc = sums[areaIndex[i]];
        const row = this.K_matrix[i];
        for (let j = 0; j < n; j++) acc[areaIndex[j]] += row[j] * this.N_vec[i];
        acc[this.areaList.length] += row[n] * this.N_vec[i];
      }
      const out: Record<string, Record<string, number>> = {};
      this.areaList.forEach((ta, a) => {
        out[ta] = {};
        this.areaList.forEach((sa, b) => (out[ta][sa] = sums[a][b] / N[ta].total));
        out[ta].external = sums[a][this.areaList.length] / N[ta].total;
      });
      return out;
    });
  }

  /** Mean transmission delays (ms), populations x populations: delay_e / delay_i within an area by source type, distance / interarea_speed between areas. */
  get delayMean(): number[][] {
    return this.delays.mean;
  }

  /** Standard deviations of the delays (ms): delay_rel x mean. */
  get delaySd(): number[][] {
    return this.delays.sd;
  }

  private get delays(): DelayMatrices {
    return this.view('delays', () => delayMatrices(this.arrays(), this.params.delay_params));
  }

  private readFullscaleRates(): RatesByPopulation {
    // Not null here: resolveNetworkParams rejects down-scaling without full-scale rates.
    const spec = this.params.fullscale_rates!;
    const rates = typeof spec === 'string' ? readRatesFile(spec, 'fullscale_rates') : spec;
    const where = typeof spec === 'string' ? `fullscale_rates (${spec})` : 'fullscale_rates (the given object)';
    for (const area of this.areaList) for (const pop of this.structure[area]) rateOf(rates, area, pop, where);
    return rates;
  }

  /**
   * Saves this model's specification under `<dataPath>/<label>/network_spec.json` (dataPath defaults
   * to the user configuration's data_path) so that `MultiAreaModel.fromLabel` can rebuild it.
   * Returns the path of the file written. (save/fromLabel: helper E, see multiarea/modelStore.ts)
   */
  async save(dataPath?: string): Promise<string> {
    return saveModelSpec(dataPath ?? (await loadUserConfig()).data_path, this);
  }

  /**
   * Rebuilds a model saved with `save()` from its label (the saved effective parameters are used,
   * so later changes of the defaults do not alter it). Errors if the rebuilt model's label differs,
   * e.g. because a referenced data file changed since saving.
   */
  static async fromLabel(
    label: string,
    options: MultiAreaModelOptions & { dataPath?: string } = {},
  ): Promise<MultiAreaModel> {
    const spec = loadModelSpec(options.dataPath ?? (await loadUserConfig()).data_path, label);
    const model = new MultiAreaModel(spec.params as CustomNetworkParams, options);
    if (model.label !== label) {
      throw new Error(
        `label: rebuilding ${spec.path} gave label '${model.label}', not '${label}'; ` +
          `a data file (${Object.keys(spec.files).join(', ') || 'none referenced'}) or the bundled data changed since it was saved`,
      );
    }
    return model;
  }

  /** The vectorized network (no copies: treat as read-only). */
  arrays(): NetworkArrays {
    return {
      areaList: this.areaList,
      structure: this.structure,
      structureVec: this.structureVec,
      N: this.N_vec,
      K: this.K_matrix,
      synapses: this.syn_matrix,
      W: this.W_matrix,
      W_sd: this.W_sd_matrix,
      J: this.J_matrix,
      addDC: this.add_DC_drive,
      distances: this.distances,
    };
  }

  /** Total number of neurons. */
  totalNeurons(): number {
    return this.N_vec.reduce((a, b) => a + b, 0);
  }

  /** Total number of synapses between model neurons (external Poisson input excluded). */
  totalSynapses(): number {
    const n = this.N_vec.length;
    let sum = 0;
    for (const row of this.syn_matrix) for (let j = 0; j < n; j++) sum += row[j];
    return sum;
  }

  /** Mask over the population vector (default: all populations). */
  vectorMask(spec: VectorMaskSpec = {}): boolean[] {
    return vectorMask(this.areaList, this.structure, spec);
  }

  /** Mask over the connectivity matrix with its external column (default: everything). */
  connectionMask(spec: ConnectionMaskSpec = {}): boolean[][] {
    return connectionMask(this.areaList, this.structure, spec);
  }

  /** area -> pop dict as a vector in model order. */
  dictToVector(d: Record<string, Record<string, number>>): number[] {
    return dictToVector(d, this.areaList, this.structure);
  }

  /** Vector in model order -> area -> pop dict (absent pops 0) with 'total'. */
  vectorToDict(v: ArrayLike<number>): PopulationDict {
    return vectorToDict(v, this.areaList, this.structure, this.populationList);
  }

  /** Connectivity dict -> matrix in model order (with the external column if `external`). */
  dictToMatrix(d: ConnectivityDict, external = true): number[][] {
    return dictToMatrix(d, this.areaList, this.structure, external);
  }

  /** Matrix in model order (with or without external column) -> connectivity dict. */
  matrixToDict(m: ArrayLike<number>[], external?: ArrayLike<number>): ConnectivityDict {
    return matrixToDict(m, this.areaList, this.structure, this.populationList, external);
  }
}

/** The distances (mm) among `areas`, target -> source, from the raw table; every one must be known. */
function distancesBetween(areas: readonly string[], raw: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  return Object.fromEntries(
    areas.map((target) => [
      target,
      Object.fromEntries(
        areas.map((source) => {
          const d = raw[target]?.[source];
          if (typeof d !== 'number' || !Number.isFinite(d)) {
            throw new Error(`median distances: no distance from ${source} to ${target} (got ${String(d)}); expected a number in mm`);
          }
          return [source, d];
        }),
      ),
    ]),
  );
}

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
import { readFileSync } from 'node:fs';
import { readNpy, type NpyArray } from '../core/io/npy.ts';
import { parsePythonJson } from '../core/io/python-json.ts';
import { modelLabel } from './label.ts';
import { loadModelSpec, saveModelSpec } from './model-store.ts';
import { delayMatrices, type DelayMatrices } from './export/exportable.ts';
import { loadUserConfig } from '../core/config.ts';
import {
  buildFlatModelData,
  MODEL_AREA_LIST,
  MODEL_POPULATION_LIST,
  toModelData,
  type FlatModelData,
} from './model/build-model-data.ts';
import { loadModelInputs, loadBundledKPrime } from './model/bundled-inputs.ts';
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
import { BUNDLED_K_PRIME, type CustomNetworkParams, type NetworkParams, type RatesByPopulation } from './params/defaults.ts';
import { resolveNetworkParams } from './params/resolve.ts';
import type { NetworkArrays } from './network-arrays.ts';

export interface MultiAreaModelOptions {
  /** Folder against which relative data-file paths in the parameters are resolved (default: cwd). */
  baseDir?: string;
  /**
   * Anatomical inputs to use instead of the bundled dataset (for tests and experiments with other
   * data): raw tables, processed data, and the K_stable matrix used for the 'bundled' sentinel.
   */
  data?: { raw?: ModelRawInput; processed?: ModelProcessedInput; kPrime?: NpyArray };
}

/** Factor from PSC amplitude (pA) to the J used by theory/simulation (mV): tau_syn_ex / C_m. */
export function pscToPsp(neuron: { tau_syn_ex: number; C_m: number }): number {
  return neuron.tau_syn_ex / neuron.C_m;
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
  /** Inter-area distances (mm), target -> source. */
  readonly distances: Record<string, Record<string, number>>;

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
  /** Content hash of parameters, N, K and structure (see label.ts). */
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
    this.distances = this.flat.distances;

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
      const kStable =
        cp.K_stable === BUNDLED_K_PRIME ? options.data?.kPrime ?? loadBundledKPrime() : readNpy(cp.K_stable);
      replaceIndegrees(K, kStable, cp.K_stable, this.structureVec);
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
    this.label = modelLabel({ params, N: this.N_vec, K: this.K_matrix, structure: this.structure });
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
      const areaIndex = this.structureVec.map((s) => this.areaList.indexOf(s.slice(0, s.lastIndexOf('-'))));
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
    let rates: unknown = spec;
    if (typeof spec === 'string') {
      try {
        rates = parsePythonJson(readFileSync(spec, 'utf8'), spec);
      } catch (err) {
        throw new Error(`fullscale_rates: cannot read ${spec}: ${(err as Error).message}`);
      }
    }
    const where = typeof spec === 'string' ? spec : 'the given object';
    for (const area of this.areaList) {
      for (const pop of this.structure[area]) {
        const r = (rates as any)?.[area]?.[pop];
        if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) {
          throw new Error(
            `fullscale_rates: ${where} has ${JSON.stringify(r)} for ${area}/${pop}; expected a rate >= 0 (spikes/s) for every population`,
          );
        }
      }
    }
    return rates as RatesByPopulation;
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

/**
 * Replaces the local and cortico-cortical indegrees (all but the last column) by a stabilized
 * matrix (populations x populations), in place; entries within 1e-8 of 0 become 0, as upstream.
 */
function replaceIndegrees(
  K: number[][],
  kStable: NpyArray & { labels?: readonly string[] },
  source: string,
  structureVec: readonly string[],
): void {
  const n = K.length;
  if (kStable.labels !== undefined && kStable.labels.some((label, i) => label !== structureVec[i])) {
    throw new Error(`connection_params.K_stable: ${source} has populations in another order than the model; expected ${structureVec.slice(0, 3).join(', ')}, ...`);
  }
  if (kStable.shape.length !== 2 || kStable.shape[0] !== n || kStable.shape[1] !== n) {
    throw new Error(
      `connection_params.K_stable: ${source} has shape (${kStable.shape.join(', ')}); expected (${n}, ${n}) (populations x populations in model order)`,
    );
  }
  for (let i = 0; i < n; i++) {
    const row = K[i];
    for (let j = 0; j < n; j++) {
      const v = kStable.data[i * n + j];
      if (!Number.isFinite(v)) {
        throw new Error(`connection_params.K_stable: ${source} has ${v} at [${i}, ${j}]; expected finite indegrees`);
      }
      row[j] = Math.abs(v) <= 1e-8 + 1e-5 * Math.abs(v) ? 0 : v;
    }
  }
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

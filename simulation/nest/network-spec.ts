/**
 * The network of a simulation as data for NEST (network.json): what to create and connect, with
 * the same semantics as our engine (simulation/engine/plan.ts) and upstream's NEST 3 code:
 * populations of int(N) iaf_psc_exp neurons, fixed_total_number connections with int(synapses)
 * synapses, normal weights redrawn to the sign of the source, normal delays redrawn to >= dt,
 * Poisson (or DC) external drive, and Poisson / current replacements of cortico-cortical input.
 */
import { existsSync } from 'node:fs';
import { basename, isAbsolute, resolve as resolvePath } from 'node:path';
import { describeValue, readNpy } from '../../core/index.ts';
import { DEFAULT_DELAY_MS, readRatesJson } from '../engine/plan.ts';
import type { NetworkArrays, SingleNeuronParams } from '../../multiarea/index.ts';
import type { SimulationParams } from '../simulation-params.ts';

export const NEST_NETWORK_FORMAT = 'multiarea-nest-network';
export const NEST_FORMAT_VERSION = 1;

/** NEST's default delay (ms), used upstream for the external Poisson drive (connected without a delay). */
export const EXTERNAL_DELAY_MS = DEFAULT_DELAY_MS;

/** What the export needs of a model (a MultiAreaModel provides these fields). */
export interface NestExportNetwork {
  arrays: NetworkArrays | (() => NetworkArrays);
  /** Effective network parameters in upstream nesting. */
  params: any;
  label: string;
}

export interface NestPopulationSpec {
  /** "area-pop". */
  label: string;
  area: string;
  pop: string;
  /** Neurons created: int(N), as upstream. */
  size: number;
  /** The model's population size before truncation. */
  N: number;
  /** DC drive compensating the down-scaling (pA). */
  add_dc_pA: number;
  /** Constant input current of every neuron (pA): add_dc_pA, plus the DC equivalent of the external drive when input_params.poisson_input is false. */
  I_e_pA: number;
  record_spikes: boolean;
  /** Number of neurons (the first ones) whose V_m is recorded. */
  n_record_vm: number;
}

/** Independent Poisson drive of every neuron of a population (one poisson_generator). */
export interface NestExternalInputSpec {
  target: string;
  /** External indegree (synapses per neuron). */
  K_ext: number;
  /** Generator rate K_ext x rate_ext (spikes/s). */
  rate_hz: number;
  weight_pA: number;
  delay_ms: number;
}

/** One fixed_total_number projection between two simulated populations. */
export interface NestProjectionSpec {
  target: string;
  source: string;
  /** int(synapse number of the model). */
  synapses: number;
  weight_mean_pA: number;
  weight_sd_pA: number;
  /** Weights are redrawn until within [min, max]; null = unbounded. */
  weight_min_pA: number | null;
  weight_max_pA: number | null;
  delay_mean_ms: number;
  delay_sd_ms: number;
}

/** Input from a replaced (not simulated, or replace_cc) source population to a simulated target. */
export interface NestReplacedInputSpec {
  target: string;
  source: string;
  kind: 'poisson' | 'current';
  /** Synapses per target neuron: synapses / N of the target. */
  K: number;
  weight_pA: number;
  /** Mean inter-area delay distance / interarea_speed (ms), not distributed. */
  delay_ms: number;
  /** poisson: generator rate K x source rate (spikes/s). */
  rate_hz?: number;
  /** current: .npy time series of the source rate (spikes/s, one value per ms), relative to the run folder. */
  series_file?: string;
  /** current: amplitude (pA before the weight) = series x amplitude_scale, i.e. K x 1e-3. */
  amplitude_scale?: number;
}

export interface NestNetworkSpec {
  format: typeof NEST_NETWORK_FORMAT;
  version: typeof NEST_FORMAT_VERSION;
  network_label: string;
  /** All areas of the model and the simulated ones (model order). */
  area_list: string[];
  areas_simulated: string[];
  neuron_model: 'iaf_psc_exp';
  neuron_params: SingleNeuronParams;
  /** Initial membrane potentials: normal(mean_mV, sd_mV), as upstream. */
  V0: { distribution: 'normal'; mean_mV: number; sd_mV: number };
  delay_params: { delay_e: number; delay_i: number; delay_rel: number; interarea_speed: number };
  populations: NestPopulationSpec[];
  external_input: {
    /** 'poisson': poisson_generators below; 'dc': already in the populations' I_e_pA. */
    mode: 'poisson' | 'dc';
    rate_ext_hz: number;
    inputs: NestExternalInputSpec[];
  };
  projections: NestProjectionSpec[];
  replaced_input: {
    /** replace_cc (inputs between simulated areas) or replace_non_simulated_areas; null = none. */
    scope: 'replace_cc' | 'replace_non_simulated_areas' | null;
    mode: 'hom_poisson_stat' | 'het_poisson_stat' | 'het_current_nonstat' | null;
    /** The input file (absolute path at export) that the rates or time series came from. */
    source: string | null;
    inputs: NestReplacedInputSpec[];
  };
}

/** A file the run folder must contain (copied there by the export). */
export interface NestInputFile {
  /** Absolute path of the original. */
  from: string;
  /** Path inside the run folder. */
  to: string;
}

export interface NestSpecOptions {
  /** Folder against which a relative replace_cc_input_source is resolved (default: cwd). */
  baseDir?: string;
}

function checkObject(name: string, v: unknown): any {
  if (!v || typeof v !== 'object') throw new Error(`network params.${name}: got ${describeValue(v)}; expected an object`);
  return v;
}

/**
 * Describes the network of `sim` for NEST. Reads (and checks) the replacement inputs; the files
 * that the NEST run needs are listed in `files` (to be copied into the run folder).
 */
export function buildNestNetworkSpec(
  network: NestExportNetwork,
  sim: SimulationParams,
  options: NestSpecOptions = {},
): { spec: NestNetworkSpec; files: NestInputFile[] } {
  const a = typeof network.arrays === 'function' ? network.arrays() : network.arrays;
  const p = network.params;
  const np = checkObject('neuron_params', p?.neuron_params);
  const dp = checkObject('delay_params', p.delay_params);
  const ip = checkObject('input_params', p.input_params);
  const cp = p.connection_params ?? {};
  if (np.neuron_model !== undefined && np.neuron_model !== 'iaf_psc_exp') {
    throw new Error(`neuron_params.neuron_model: got ${describeValue(np.neuron_model)}; expected 'iaf_psc_exp'`);
  }
  if (cp.lognormal_weights) {
    throw new Error('connection_params.lognormal_weights: got true; expected false (the NEST export, like upstream with NEST 3, draws normal weights)');
  }
  const single: SingleNeuronParams = { ...np.single_neuron_dict };
  const dt = sim.dt;

  const simulated = sim.areas_simulated ?? a.areaList;
  const simulatedSet = new Set(simulated);
  for (const area of simulated) {
    if (!a.areaList.includes(area)) throw new Error(`areas_simulated: unknown area ${describeValue(area)}; expected one of ${a.areaList.join(', ')}`);
  }
  const recorded = new Set(sim.recording_dict.areas_recorded ?? simulated);
  const rowOf = new Map(a.structureVec.map((l, i) => [l, i]));
  const extCol = a.structureVec.length;
  const row = (label: string): number => {
    const r = rowOf.get(label);
    if (r === undefined) throw new Error(`network: population ${label} missing from structureVec`);
    return r;
  };

  const populations: NestPopulationSpec[] = [];
  const sizeOf = new Map<string, number>();
  for (const area of a.areaList) {
    if (!simulatedSet.has(area)) continue;
    for (const pop of a.structure[area]) {
      const label = `${area}-${pop}`;
      const r = row(label);
      let I_e = a.addDC[r];
      if (!ip.poisson_input) I_e += a.K[r][extCol] * a.W[r][extCol] * single.tau_syn_ex * 1e-3 * ip.rate_ext;
      const size = Math.trunc(a.N[r]);
      sizeOf.set(label, size);
      populations.push({
        label,
        area,
        pop,
        size,
        N: a.N[r],
        add_dc_pA: a.addDC[r],
        I_e_pA: I_e,
        record_spikes: recorded.has(area),
        n_record_vm: sim.recording_dict.record_vm ? Math.trunc(sim.recording_dict.Nrec_vm_fraction * a.N[r]) : 0,
      });
    }
  }

  const external: NestExternalInputSpec[] = [];
  if (ip.poisson_input) {
    for (const pp of populations) {
      const r = row(pp.label);
      const K_ext = a.K[r][extCol];
      external.push({ target: pp.label, K_ext, rate_hz: K_ext * ip.rate_ext, weight_pA: a.W[r][extCol], delay_ms: EXTERNAL_DELAY_MS });
    }
  }

  // Which inputs are replaced, and by what (same rules as upstream and our engine).
  const replaceCc = cp.replace_cc || false;
  const allSimulated = simulated.length === a.areaList.length;
  const replaceNonSim = !allSimulated && !replaceCc ? (cp.replace_non_simulated_areas ?? null) : null;
  const mode = (replaceCc || replaceNonSim) as NestNetworkSpec['replaced_input']['mode'];
  if (mode !== null && mode !== 'hom_poisson_stat' && mode !== 'het_poisson_stat' && mode !== 'het_current_nonstat') {
    throw new Error(`replacement of cortico-cortical input: got ${describeValue(mode)}; expected hom_poisson_stat, het_poisson_stat or het_current_nonstat`);
  }
  const src = cp.replace_cc_input_source;
  const resolveInput = (f: string) => (isAbsolute(f) ? f : resolvePath(options.baseDir ?? process.cwd(), f));
  let rates: Record<string, Record<string, number>> | null = null;
  let sourceFile: string | null = null;
  if (mode === 'het_poisson_stat' || mode === 'het_current_nonstat') {
    if (typeof src !== 'string') {
      throw new Error(`connection_params.replace_cc_input_source: got ${describeValue(src)}; ${mode} needs ${mode === 'het_poisson_stat' ? 'a JSON file of rates' : 'the base name of .npy time series'}`);
    }
    sourceFile = resolveInput(src);
  }
  if (mode === 'het_poisson_stat') rates = readRatesJson(sourceFile!, 'connection_params.replace_cc_input_source');
  const rateOf = (area: string, pop: string): number => {
    const r = mode === 'hom_poisson_stat' ? ip.rate_ext : rates![area]?.[pop];
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) {
      throw new Error(`connection_params.replace_cc_input_source (${sourceFile}): rate of ${area}-${pop} is ${describeValue(r)}; expected a number >= 0 (spikes/s)`);
    }
    return r;
  };
  const files = new Map<string, NestInputFile>();
  const seriesFile = (area: string, pop: string): string => {
    const from = `${sourceFile}-${area}-${pop}.npy`;
    let f = files.get(from);
    if (!f) {
      if (!existsSync(from)) throw new Error(`het_current_nonstat input: file ${from} not found; expected one .npy time series per source population`);
      const n = readNpy(from).data.length;
      const needed = Math.trunc(sim.t_sim);
      if (n !== needed) throw new Error(`het_current_nonstat input ${from}: ${n} values; expected int(t_sim) = ${needed} (one rate per ms)`);
      f = { from, to: `inputs/${basename(from)}` };
      files.set(from, f);
    }
    return f.to;
  };

  const projections: NestProjectionSpec[] = [];
  const replaced: NestReplacedInputSpec[] = [];
  for (const tp of populations) {
    const tRow = row(tp.label);
    for (const sourceArea of a.areaList) {
      const intra = sourceArea === tp.area;
      const sourceSimulated = simulatedSet.has(sourceArea);
      if (!intra && !sourceSimulated && !replaceNonSim) continue; // input dropped
      if (!intra && replaceCc && !sourceSimulated) continue; // upstream: nothing from non-simulated areas then
      const isReplaced = !intra && (replaceCc ? sourceSimulated : !sourceSimulated);
      let interDelay = 0;
      if (!intra) {
        const d = a.distances[tp.area]?.[sourceArea];
        if (typeof d !== 'number') throw new Error(`network distances: no distance ${tp.area} <- ${sourceArea}`);
        interDelay = d / dp.interarea_speed;
      }
      for (const sourcePop of a.structure[sourceArea]) {
        const source = `${sourceArea}-${sourcePop}`;
        const sRow = row(source);
        const synapses = a.synapses[tRow][sRow];
        if (!(synapses > 0)) continue;
        const W = a.W[tRow][sRow];
        if (isReplaced) {
          if (!(interDelay >= dt - 1e-12)) throw new Error(`delay ${tp.label} <- ${sourceArea}: ${interDelay} ms is shorter than dt = ${dt} ms`);
          const K = synapses / a.N[tRow];
          const base = { target: tp.label, source, K, weight_pA: W, delay_ms: interDelay };
          if (mode === 'het_current_nonstat') {
            replaced.push({ ...base, kind: 'current', series_file: seriesFile(sourceArea, sourcePop), amplitude_scale: K * 1e-3 });
          } else {
            replaced.push({ ...base, kind: 'poisson', rate_hz: K * rateOf(sourceArea, sourcePop) });
          }
          continue;
        }
        const count = Math.trunc(synapses);
        // NEST cannot place synapses on an empty population; int(N) = 0 only at extreme down-scaling.
        if (count < 1 || tp.size === 0 || sizeOf.get(source) === 0) continue;
        const inhibitory = intra && sourcePop.includes('I');
        const mean = intra ? (inhibitory ? dp.delay_i : dp.delay_e) : interDelay;
        projections.push({
          target: tp.label,
          source,
          synapses: count,
          weight_mean_pA: W,
          weight_sd_pA: a.W_sd[tRow][sRow],
          weight_min_pA: inhibitory ? null : 0,
          weight_max_pA: inhibitory ? 0 : null,
          delay_mean_ms: mean,
          delay_sd_ms: mean * dp.delay_rel,
        });
      }
    }
  }

  const spec: NestNetworkSpec = {
    format: NEST_NETWORK_FORMAT,
    version: NEST_FORMAT_VERSION,
    network_label: network.label,
    area_list: [...a.areaList],
    areas_simulated: a.areaList.filter((x) => simulatedSet.has(x)),
    neuron_model: 'iaf_psc_exp',
    neuron_params: single,
    V0: { distribution: 'normal', mean_mV: np.V0_mean, sd_mV: np.V0_sd },
    delay_params: { delay_e: dp.delay_e, delay_i: dp.delay_i, delay_rel: dp.delay_rel, interarea_speed: dp.interarea_speed },
    populations,
    external_input: { mode: ip.poisson_input ? 'poisson' : 'dc', rate_ext_hz: ip.rate_ext, inputs: external },
    projections,
    replaced_input: {
      scope: replaceCc ? 'replace_cc' : replaceNonSim ? 'replace_non_simulated_areas' : null,
      mode,
      source: mode === 'hom_poisson_stat' ? null : sourceFile,
      inputs: replaced,
    },
  };
  return { spec, files: [...files.values()] };
}

/**
 * The network to simulate, reduced to what the engine needs: populations with their global neuron
 * ranges, one pathway per connected population pair, Poisson channels and current inputs per
 * population. Built once on the main thread (where all input files are read and checked) and sent to
 * the workers as plain data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { describeValue, parsePythonJson, readNpy } from '../../core/index.ts';
import type { NetworkArrays, SingleNeuronParams } from '../../multiarea/index.ts';
import type { SimulationParams } from '../simulation-params.ts';

/** Network description accepted by the simulator (a MultiAreaModel provides these fields). */
export interface SimulationNetwork {
  /** The vectorized network (MultiAreaModel provides it as a method). */
  arrays: NetworkArrays | (() => NetworkArrays);
  /** Effective network parameters in upstream nesting (neuron_params, connection_params, ...). */
  params: any;
  /** Content label of the network. */
  label: string;
}

export interface PopulationPlan {
  /** "area-pop". */
  label: string;
  area: string;
  /** Row of the population in the network matrices. */
  matrixIndex: number;
  /** First global neuron id and number of neurons (int of N, as NEST). */
  first: number;
  size: number;
  /** Constant input current (pA): add_DC_drive (+ DC equivalent of the external drive). */
  I_e: number;
  recordSpikes: boolean;
  /** Number of neurons (the first ones) whose V_m is recorded. */
  nVm: number;
}

export interface PathwayPlan {
  target: number;
  source: number;
  /** Key of the random stream of this pathway: stable for a network whatever is simulated. */
  key: number;
  /** Number of synapses (int of the model's synapse number). */
  count: number;
  wMean: number;
  wSd: number;
  /** Weights are redrawn until within [wMin, wMax] (sign constraint). */
  wMin: number;
  wMax: number;
  delayMeanMs: number;
  delaySdMs: number;
}

/** Independent Poisson input of rate `rateHz` to every neuron of a population. */
export interface PoissonChannel {
  rateHz: number;
  weightPa: number;
  /** Input starts arriving after this many steps (the connection delay). */
  delaySteps: number;
}

export interface NetworkPlan {
  dtMs: number;
  nSteps: number;
  seed: number;
  neuron: SingleNeuronParams;
  V0_mean: number;
  V0_sd: number;
  populations: PopulationPlan[];
  totalNeurons: number;
  pathways: PathwayPlan[];
  /** Per population. */
  poisson: PoissonChannel[][];
  /** Per population: input current (pA) arriving in each step, or null. */
  currents: (Float64Array | null)[];
  vm: { startStep: number; stopStep: number; intervalSteps: number };
  /** Spikes are recorded from this time stamp on (exclusive), as NEST's recorder 'start'. */
  spikeStartStep: number;
  runaway: { maxRateHz: number; windowMs: number };
}

/** NEST's default delay (ms) of a connection made without one (the external Poisson drive). */
export const DEFAULT_DELAY_MS = 1.0;

function delayToSteps(name: string, delayMs: number, dtMs: number): number {
  const steps = Math.round(delayMs / dtMs);
  if (!(steps >= 1)) throw new Error(`${name}: delay ${delayMs} ms is shorter than dt = ${dtMs} ms`);
  return steps;
}

/**
 * Reads a JSON file of rates (area -> population -> spikes/s); `what` names the parameter that gave the
 * path. Python's JSON (bare NaN, Infinity), as upstream writes it, is accepted, as upstream reads it.
 */
export function readRatesJson(path: string, what: string): Record<string, Record<string, number>> {
  if (!existsSync(path)) throw new Error(`${what}: file ${path} not found; expected a JSON of rates (area -> population -> spikes/s)`);
  let data: unknown;
  try {
    data = parsePythonJson(readFileSync(path, 'utf8'), path);
  } catch (e) {
    throw new Error(`${what}: file ${path} is not valid JSON (${(e as Error).message})`);
  }
  if (data === null || typeof data !== 'object') throw new Error(`${what}: file ${path} holds ${describeValue(data)}; expected an object area -> population -> rate`);
  return data as Record<string, Record<string, number>>;
}

function rateOf(rates: Record<string, Record<string, number>>, area: string, pop: string, source: string): number {
  const r = rates[area]?.[pop];
  if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) {
    throw new Error(`${source}: rate of ${area}-${pop} is ${describeValue(r)}; expected a number >= 0 (spikes/s)`);
  }
  return r;
}

export interface PlanOptions {
  /** Folder against which relative input paths are resolved (default: current directory). */
  baseDir?: string;
}

export function buildPlan(net: SimulationNetwork, sim: SimulationParams, opts: PlanOptions = {}): NetworkPlan {
  const a = typeof net.arrays === 'function' ? net.arrays() : net.arrays;
  const p = net.params;
  const dt = sim.dt;
  const nSteps = Math.round(sim.t_sim / dt);
  const cp = p.connection_params ?? {};
  const dp = p.delay_params;
  const ip = p.input_params;
  const np = p.neuron_params;
  for (const [name, v] of [['delay_params', dp], ['input_params', ip], ['neuron_params', np]] as const) {
    if (!v || typeof v !== 'object') throw new Error(`network params.${name}: got ${describeValue(v)}; expected an object`);
  }
  if (np.neuron_model !== undefined && np.neuron_model !== 'iaf_psc_exp') {
    throw new Error(`neuron_params.neuron_model: got ${describeValue(np.neuron_model)}; expected 'iaf_psc_exp'`);
  }
  if (cp.lognormal_weights) throw new Error('connection_params.lognormal_weights: got true; expected false (the simulator draws normal weights, as upstream with NEST 3)');
  const simulated = sim.areas_simulated ?? a.areaList;
  const simulatedSet = new Set(simulated);
  const recorded = new Set(sim.recording_dict.areas_recorded ?? simulated);
  const rowOf = new Map(a.structureVec.map((l, i) => [l, i]));
  const extCol = a.structureVec.length;

  // Populations of the simulated areas, in model order.
  const populations: PopulationPlan[] = [];
  const popIndex = new Map<string, number>();
  let next = 0;
  for (const area of a.areaList) {
    if (!simulatedSet.has(area)) continue;
    for (const pop of a.structure[area]) {
      const label = `${area}-${pop}`;
      const row = rowOf.get(label);
      if (row === undefined) throw new Error(`network: population ${label} missing from structureVec`);
      const size = Math.trunc(a.N[row]);
      let I_e = a.addDC[row];
      if (!ip.poisson_input) {
        I_e += a.K[row][extCol] * a.W[row][extCol] * np.single_neuron_dict.tau_syn_ex * 1e-3 * ip.rate_ext;
      }
      popIndex.set(label, populations.length);
      populations.push({
        label,
        area,
        matrixIndex: row,
        first: next,
        size,
        I_e,
        recordSpikes: recorded.has(area),
        nVm: sim.recording_dict.record_vm ? Math.trunc(sim.recording_dict.Nrec_vm_fraction * a.N[row]) : 0,
      });
      next += size;
    }
  }

  const pathways: PathwayPlan[] = [];
  const poisson: PoissonChannel[][] = populations.map(() => []);
  const currents: (Float64Array | null)[] = populations.map(() => null);
  const nCols = a.structureVec.length;
  const speed = dp.interarea_speed;

  // External drive.
  if (ip.poisson_input) {
    populations.forEach((pp, i) => {
      const rate = a.K[pp.matrixIndex][extCol] * ip.rate_ext;
      if (rate > 0) poisson[i].push({ rateHz: rate, weightPa: a.W[pp.matrixIndex][extCol], delaySteps: delayToSteps('external drive', DEFAULT_DELAY_MS, dt) });
    });
  }

  // Sources of replacement input, read (and checked) before anything is built.
  const replaceCc = cp.replace_cc || false;
  const replaceNonSim = simulated.length < a.areaList.length && !replaceCc ? cp.replace_non_simulated_areas ?? null : null;
  const mode: string | null = replaceCc || replaceNonSim;
  let rates: Record<string, Record<string, number>> | null = null;
  let ratesSource = '';
  const src = cp.replace_cc_input_source;
  const resolveInput = (f: string) => (isAbsolute(f) ? f : resolvePath(opts.baseDir ?? process.cwd(), f));
  if (mode === 'het_poisson_stat') {
    if (typeof src !== 'string') throw new Error(`connection_params.replace_cc_input_source: got ${describeValue(src)}; het_poisson_stat needs a JSON file of rates`);
    ratesSource = `connection_params.replace_cc_input_source (${resolveInput(src)})`;
    rates = readRatesJson(resolveInput(src), 'connection_params.replace_cc_input_source');
  } else if (mode === 'hom_poisson_stat') {
    ratesSource = 'input_params.rate_ext';
    rates = Object.fromEntries(a.areaList.map((ar) => [ar, Object.fromEntries(a.structure[ar].map((q) => [q, ip.rate_ext]))]));
  } else if (mode !== null && mode !== 'het_current_nonstat') {
    throw new Error(`replacement of cortico-cortical input: got ${describeValue(mode)}; expected hom_poisson_stat, het_poisson_stat or het_current_nonstat`);
  }
  const seriesCache = new Map<string, Float64Array>();
  const series = (area: string, pop: string): Float64Array => {
    const key = `${area}-${pop}`;
    let s = seriesCache.get(key);
    if (!s) {
      if (typeof src !== 'string') throw new Error(`connection_params.replace_cc_input_source: got ${describeValue(src)}; het_current_nonstat needs the base name of .npy time series`);
      const file = resolveInput(`${src}-${area}-${pop}.npy`);
      if (!existsSync(file)) throw new Error(`het_current_nonstat input: file ${file} not found`);
      const arr = readNpy(file);
      const needed = Math.trunc(sim.t_sim);
      if (arr.data.length !== needed) {
        throw new Error(`het_current_nonstat input ${file}: ${arr.data.length} values; expected int(t_sim) = ${needed} (one per ms)`);
      }
      s = arr.data;
      seriesCache.set(key, s);
    }
    return s;
  };
  const stepsPerMs = Math.round(1 / dt);

  for (const [ti, tp] of populations.entries()) {
    const tRow = tp.matrixIndex;
    for (const sourceArea of a.areaList) {
      const intra = sourceArea === tp.area;
      const simulatedSource = simulatedSet.has(sourceArea);
      const replaced = !intra && (replaceCc ? simulatedSource : !simulatedSource);
      if (!intra && !simulatedSource && !replaceNonSim) continue; // input dropped
      if (!intra && replaceCc && !simulatedSource) continue; // upstream: nothing from non-simulated areas then
      let meanDelay = 0;
      if (!intra) {
        const d = a.distances[tp.area]?.[sourceArea];
        if (typeof d !== 'number') throw new Error(`network distances: no distance ${tp.area} <- ${sourceArea}`);
        meanDelay = d / speed;
      }
      for (const sourcePop of a.structure[sourceArea]) {
        const sRow = rowOf.get(`${sourceArea}-${sourcePop}`)!;
        const synapses = a.synapses[tRow][sRow];
        if (!(synapses > 0)) continue;
        const W = a.W[tRow][sRow];
        if (replaced) {
          const K = synapses / a.N[tRow];
          const delaySteps = delayToSteps(`delay ${tp.label} <- ${sourceArea}`, meanDelay, dt);
          if (mode === 'het_current_nonstat') {
            const values = series(sourceArea, sourcePop);
            const cur = (currents[ti] ??= new Float64Array(nSteps));
            // step_current_generator: value k holds from step k * stepsPerMs; it arrives delaySteps later.
            for (let t = delaySteps; t < nSteps; t++) {
              const k = Math.floor((t - delaySteps) / stepsPerMs);
              if (k < values.length) cur[t] += K * values[k] * 1e-3 * W;
            }
          } else {
            const rate = K * rateOf(rates!, sourceArea, sourcePop, ratesSource);
            if (rate > 0) poisson[ti].push({ rateHz: rate, weightPa: W, delaySteps });
          }
          continue;
        }
        const sp = popIndex.get(`${sourceArea}-${sourcePop}`)!;
        const inhibitory = intra && sourcePop.includes('I');
        const mean = intra ? (inhibitory ? dp.delay_i : dp.delay_e) : meanDelay;
        pathways.push({
          target: ti,
          source: sp,
          key: tRow * (nCols + 1) + sRow,
          count: Math.trunc(synapses),
          wMean: W,
          wSd: a.W_sd[tRow][sRow],
          wMin: inhibitory ? -Infinity : 0,
          wMax: inhibitory ? 0 : Infinity,
          delayMeanMs: mean,
          delaySdMs: mean * dp.delay_rel,
        });
      }
    }
  }

  const vd = sim.recording_dict.vm_dict;
  return {
    dtMs: dt,
    nSteps,
    seed: sim.rng_seed,
    neuron: np.single_neuron_dict,
    V0_mean: np.V0_mean,
    V0_sd: np.V0_sd,
    populations,
    totalNeurons: next,
    pathways,
    poisson,
    currents,
    vm: {
      startStep: Math.round(vd.start / dt),
      stopStep: Math.round(vd.stop / dt),
      intervalSteps: Math.round(vd.interval / dt),
    },
    spikeStartStep: Math.round(sim.recording_dict.spike_dict.start / dt),
    runaway: { maxRateHz: sim.runaway.max_rate, windowMs: sim.runaway.window },
  };
}

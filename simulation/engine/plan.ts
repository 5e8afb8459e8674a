/**
 * The engine's view of the network description: what the description says, plus the engine's own
 * bookkeeping — global neuron ranges, a random-stream key per pathway, delays in steps, and the
 * replaced input currents per step. Built once on the main thread and sent to the workers as plain
 * data (no file access, no node: imports).
 */
import type { SingleNeuronParams } from '../../multiarea/index.ts';
import { delayToSteps } from '../network/delay-rule.ts';
import type { NetworkDescription } from '../network/network-types.ts';
import type { SimulationParams } from '../simulation-params.ts';

export interface PopulationPlan {
  /** "area-pop". */
  label: string;
  area: string;
  /** Row of the population in the model's matrices. */
  matrixIndex: number;
  /** First global neuron id and number of neurons. */
  first: number;
  size: number;
  /** Constant input current (pA). */
  I_e_pA: number;
  recordSpikes: boolean;
  /** Number of neurons (the first ones) whose V_m is recorded. */
  nVm: number;
  /** This population's neuron parameters where they differ from the plan's `neuron` (SONATA node types). */
  neuron?: SingleNeuronParams;
  /** Its neuron model; default iaf_psc_exp. */
  model?: NeuronModel;
  /** iaf_psc_alpha's lower bound of V_m (mV); default -infinity (NEST's). */
  V_min_mV?: number;
}

/** The neuron models of the engine (NEST's names). */
export type NeuronModel = 'iaf_psc_exp' | 'iaf_psc_alpha';

/** Neurons that only emit given spikes (SONATA virtual nodes): global ids from the plan's totalNeurons on. */
export interface VirtualPopulationPlan {
  label: string;
  first: number;
  size: number;
}

/**
 * Synapses given one by one (from a file) instead of drawn: every edge of `edges` in
 * [edgeStart, edgeStart + count), ordered by source neuron (then as given).
 */
export interface GivenSynapses {
  edgeStart: number;
}

/** Edges given one by one: global ids of source (a neuron or virtual source) and target, weight, delay in steps. */
export interface GivenEdges {
  source: Int32Array;
  target: Int32Array;
  weight_pA: Float32Array;
  delaySteps: Int32Array;
}

/** Spikes of the virtual sources: those emitted in step t are gid[stepStart[t]] .. gid[stepStart[t + 1] - 1], ascending. */
export interface VirtualSpikes {
  stepStart: Int32Array;
  gid: Int32Array;
}

export interface PathwayPlan {
  /** Index into the plan's populations; the source indexes populations followed by virtualPopulations. */
  target: number;
  source: number;
  /** The synapses are given (plan.edges), not drawn; the distribution fields below are then unused. */
  given?: GivenSynapses;
  /** Key of the random stream of this pathway, from the model rows: the same whatever is simulated. */
  key: number;
  /** Number of synapses. */
  count: number;
  weightMean_pA: number;
  weightSd_pA: number;
  /** Weights are redrawn until within [weightMin_pA, weightMax_pA] (sign constraint). */
  weightMin_pA: number;
  weightMax_pA: number;
  delayMean_ms: number;
  delaySd_ms: number;
}

/** Independent Poisson input of rate `rate_Hz` to every neuron of a population. */
export interface PoissonChannel {
  rate_Hz: number;
  weight_pA: number;
  /** Input starts arriving after this many steps (the connection delay). */
  delaySteps: number;
}

export interface NetworkPlan {
  dt_ms: number;
  nSteps: number;
  seed: number;
  neuron: SingleNeuronParams;
  V0_mean_mV: number;
  V0_sd_mV: number;
  /** Initial V_m (mV) of every neuron, given instead of drawn from normal(V0_mean_mV, V0_sd_mV). */
  initialVm_mV?: Float64Array;
  populations: PopulationPlan[];
  totalNeurons: number;
  pathways: PathwayPlan[];
  /** Source-only populations (gids from totalNeurons on), their spikes, and the given edges of `given` pathways. */
  virtualPopulations?: VirtualPopulationPlan[];
  virtualSpikes?: VirtualSpikes;
  edges?: GivenEdges;
  /** Per population: external drive first, then replaced inputs, in the description's order. */
  poisson: PoissonChannel[][];
  /** Per population: input current (pA) arriving in each step, or null. */
  currents: (Float64Array | null)[];
  vm: { startStep: number; stopStep: number; intervalSteps: number };
  /** Spikes are recorded from this time stamp on (exclusive), as NEST's recorder 'start'. */
  spikeStartStep: number;
  runaway: { maxRate_Hz: number; window_ms: number };
}

/** A pathway's source population: a neuron population or, past them, a virtual one. */
export function sourcePopulation(plan: NetworkPlan, index: number): { label: string; first: number; size: number } {
  const n = plan.populations.length;
  return index < n ? plan.populations[index] : plan.virtualPopulations![index - n];
}

/** Neuron parameters of population `pop`. */
export function populationNeuron(plan: NetworkPlan, pop: number): SingleNeuronParams {
  return plan.populations[pop].neuron ?? plan.neuron;
}

/** Neuron model of population `pop`. */
export function populationModel(plan: NetworkPlan, pop: number): NeuronModel {
  return plan.populations[pop].model ?? 'iaf_psc_exp';
}

/** Random-stream key of the pathway target <- source, from their model rows (stable for a model whatever is simulated). */
export function pathwayKey(targetRow: number, sourceRow: number, modelPopulations: number): number {
  return targetRow * (modelPopulations + 1) + sourceRow;
}

export function buildPlan(net: NetworkDescription, sim: SimulationParams): NetworkPlan {
  const dt = sim.dt;
  const nSteps = Math.round(sim.t_sim / dt);
  const index = new Map(net.populations.map((p, i) => [p.label, i]));
  const indexOf = (label: string, what: string): number => {
    const i = index.get(label);
    if (i === undefined) throw new Error(`network description: ${what} ${label} is not a simulated population`);
    return i;
  };

  let next = 0;
  const populations: PopulationPlan[] = net.populations.map((p) => {
    const plan = { label: p.label, area: p.area, matrixIndex: p.row, first: next, size: p.size, I_e_pA: p.I_e_pA, recordSpikes: p.record_spikes, nVm: p.n_record_vm };
    next += p.size;
    return plan;
  });

  const pathways: PathwayPlan[] = net.projections.map((p) => {
    const target = indexOf(p.target, 'projection target');
    const source = indexOf(p.source, 'projection source');
    return {
      target,
      source,
      key: pathwayKey(populations[target].matrixIndex, populations[source].matrixIndex, net.model_population_count),
      count: p.synapses,
      weightMean_pA: p.weight_mean_pA,
      weightSd_pA: p.weight_sd_pA,
      weightMin_pA: p.weight_min_pA ?? -Infinity,
      weightMax_pA: p.weight_max_pA ?? Infinity,
      delayMean_ms: p.delay_mean_ms,
      delaySd_ms: p.delay_sd_ms,
    };
  });

  const poisson: PoissonChannel[][] = populations.map(() => []);
  for (const x of net.external_input.inputs) {
    poisson[indexOf(x.target, 'external input target')].push({ rate_Hz: x.rate_hz, weight_pA: x.weight_pA, delaySteps: delayToSteps(`external input ${x.target}`, x.delay_ms, dt) });
  }
  const currents: (Float64Array | null)[] = populations.map(() => null);
  const stepsPerMs = Math.round(1 / dt);
  for (const x of net.replaced_input.inputs) {
    const ti = indexOf(x.target, 'replaced input target');
    const delaySteps = delayToSteps(`replaced input ${x.target} <- ${x.source}`, x.delay_ms, dt);
    if (x.kind === 'poisson') {
      poisson[ti].push({ rate_Hz: x.rate_hz!, weight_pA: x.weight_pA, delaySteps });
      continue;
    }
    const values = net.series[x.series_file!];
    if (!values) throw new Error(`network description: no values of time series ${x.series_file} (replaced input ${x.target} <- ${x.source})`);
    const cur = (currents[ti] ??= new Float64Array(nSteps));
    const K = x.K;
    const W = x.weight_pA;
    // step_current_generator: value k holds from step k * stepsPerMs; it arrives delaySteps later.
    for (let t = delaySteps; t < nSteps; t++) {
      const k = Math.floor((t - delaySteps) / stepsPerMs);
      if (k < values.length) cur[t] += K * values[k] * 1e-3 * W;
    }
  }

  const vd = sim.recording_dict.vm_dict;
  return {
    dt_ms: dt,
    nSteps,
    seed: sim.rng_seed,
    neuron: net.neuron_params,
    V0_mean_mV: net.V0.mean_mV,
    V0_sd_mV: net.V0.sd_mV,
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
    runaway: { maxRate_Hz: sim.runaway.max_rate, window_ms: sim.runaway.window },
  };
}

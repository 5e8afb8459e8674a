/**
 * The simulated network, described once for every backend (our engine, NEST's network.json, Brian2):
 * what to create and connect, in NEST's units and names. Built by `buildNetworkDescription` from a
 * model and the simulation parameters; the engine adds only its own bookkeeping (neuron ranges,
 * random-stream keys, delays in steps), the NEST export writes it as network.json.
 *
 * Rules (docs/simulation.md):
 * - Nothing is connected to or from a population of int(N) = 0 neurons, and no projection has fewer
 *   than 1 synapse (int of the model's synapse number).
 * - A Poisson input (external or replacing) of rate 0 is left out.
 * - A fixed delay (external drive, replaced input) is valid iff it rounds to >= 1 time step, as NEST
 *   checks it; distributed delays are normal(mean, sd) redrawn until >= dt, so a projection with
 *   sd = 0 needs mean >= dt.
 */
import type { SingleNeuronParams } from '../../multiarea/index.ts';

export type ReplacementMode = 'hom_poisson_stat' | 'het_poisson_stat' | 'het_current_nonstat';
export type ReplacementScope = 'replace_cc' | 'replace_non_simulated_areas';

export interface PopulationDescription {
  /** "area-pop". */
  label: string;
  area: string;
  pop: string;
  /** Row (and column) of the population in the model's matrices (structureVec order). */
  row: number;
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

/** One fixed_total_number projection between two simulated populations. */
export interface ProjectionDescription {
  target: string;
  source: string;
  /** int(synapse number of the model), >= 1. */
  synapses: number;
  weight_mean_pA: number;
  weight_sd_pA: number;
  /** Weights are redrawn until within [min, max]; null = unbounded. */
  weight_min_pA: number | null;
  weight_max_pA: number | null;
  /** Delays are normal(mean, sd) redrawn until >= dt (the model's delays, multiarea delayMatrices). */
  delay_mean_ms: number;
  delay_sd_ms: number;
}

/** Independent Poisson drive of every neuron of a population (one poisson_generator). */
export interface PoissonInputDescription {
  target: string;
  /** External indegree (synapses per neuron). */
  K_ext: number;
  /** Rate K_ext x rate_ext (spikes/s), > 0. */
  rate_hz: number;
  weight_pA: number;
  delay_ms: number;
}

/** Input from a replaced (not simulated, or replace_cc) source population to a simulated target. */
export interface ReplacedInputDescription {
  target: string;
  source: string;
  kind: 'poisson' | 'current';
  /** Synapses per target neuron: synapses / N of the target. */
  K: number;
  weight_pA: number;
  /** Mean inter-area delay distance / interarea_speed (ms), not distributed. */
  delay_ms: number;
  /** poisson: rate K x source rate (spikes/s), > 0. */
  rate_hz?: number;
  /** current: .npy time series of the source rate (spikes/s, one value per ms); absolute path here, relative to the run folder in network.json. */
  series_file?: string;
  /** current: amplitude (pA before the weight) = series x amplitude_scale, i.e. K x 1e-3. */
  amplitude_scale?: number;
}

export interface NetworkDescription {
  network_label: string;
  /** All areas of the model and the simulated ones (model order). */
  area_list: string[];
  areas_simulated: string[];
  /** Populations of the whole model (rows of its matrices); with each population's `row` it keys the engine's random streams. */
  model_population_count: number;
  neuron_model: 'iaf_psc_exp';
  neuron_params: SingleNeuronParams;
  /** Initial membrane potentials of every neuron: normal(mean_mV, sd_mV), as upstream. */
  V0: { distribution: 'normal'; mean_mV: number; sd_mV: number };
  delay_params: { delay_e: number; delay_i: number; delay_rel: number; interarea_speed: number };
  /** Populations of the simulated areas, in model order. */
  populations: PopulationDescription[];
  external_input: {
    /** 'poisson': the inputs below; 'dc': already in the populations' I_e_pA. */
    mode: 'poisson' | 'dc';
    rate_ext_hz: number;
    inputs: PoissonInputDescription[];
  };
  projections: ProjectionDescription[];
  replaced_input: {
    /** replace_cc (inputs between simulated areas) or replace_non_simulated_areas; null = none. */
    scope: ReplacementScope | null;
    mode: ReplacementMode | null;
    /** The input file (absolute path) that the rates or time series came from. */
    source: string | null;
    inputs: ReplacedInputDescription[];
  };
  /** Values of the time series that current inputs name (series_file -> spikes/s, one per ms), read and checked while building. */
  series: Record<string, Float64Array>;
}

/**
 * sim.json of a NEST run: kernel settings (resolution, seed, MPI processes x threads), simulated
 * time, recording devices and the window of the rates written at the end.
 */
import { contentLabel, describeValue } from '../../core/index.ts';
import { simulationLabel, type SimulationParams } from '../simulation-params.ts';

export const NEST_SIM_FORMAT = 'multiarea-nest-sim';
export const NEST_SIM_VERSION = 1;

export interface NestSimSpec {
  format: typeof NEST_SIM_FORMAT;
  version: typeof NEST_SIM_VERSION;
  /** Label of the run (nestRunLabel: parameters, network and number of virtual processes). */
  label: string;
  network_label: string;
  /** NEST's rng_seed (>= 1). */
  rng_seed: number;
  dt_ms: number;
  t_sim_ms: number;
  /** MPI processes and threads per process; NEST gets num_processes x local_num_threads virtual processes. */
  num_processes: number;
  local_num_threads: number;
  recording: {
    spike_label: string;
    spike_start_ms: number;
    record_vm: boolean;
    vm_label: string;
    vm_start_ms: number;
    vm_stop_ms: number;
    vm_interval_ms: number;
  };
  /** rates.json: mean rates over [start, stop) ms. */
  rates_window_ms: [number, number];
  /** The full simulation parameters (num_processes: the MPI processes), for provenance. */
  sim_params: SimulationParams;
}

export interface NestSimOptions {
  /** MPI processes of the NEST run (our simulator runs one process; default 1). */
  numProcesses?: number;
  /** Window of rates.json (ms); default [0, t_sim]. */
  ratesWindowMs?: [number, number];
}

function wholeAtLeast1(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${name}: got ${describeValue(v)}; expected a whole number >= 1`);
  return v;
}

/**
 * Label of a NEST run: a content hash of the simulation parameters, the network label and the number
 * of virtual processes (MPI processes x threads). NEST's random streams, and so its results, depend
 * on that number only: 1 process x 2 threads and 2 processes x 1 thread give the same spikes.
 */
export function nestRunLabel(sim: SimulationParams, networkLabel: string, numProcesses: number): string {
  return contentLabel({
    simulator: 'nest',
    simulation_label: simulationLabel(sim, networkLabel),
    num_virtual_processes: numProcesses * sim.local_num_threads,
  });
}

/** sim.json of `sim` (resolved parameters) for the network labelled `networkLabel`. */
export function buildNestSimSpec(sim: SimulationParams, networkLabel: string, options: NestSimOptions = {}): NestSimSpec {
  if (sim.rng_seed < 1) {
    throw new Error(`rng_seed: got ${sim.rng_seed}; expected a whole number >= 1 (NEST's rng_seed must be positive)`);
  }
  const numProcesses = wholeAtLeast1('num_processes', options.numProcesses ?? 1);
  const window = options.ratesWindowMs ?? [0, sim.t_sim];
  const [t0, t1] = window;
  if (!(Number.isFinite(t0) && Number.isFinite(t1) && t0 >= 0 && t1 > t0 && t1 <= sim.t_sim + 1e-9)) {
    throw new Error(`ratesWindowMs: got [${window.join(', ')}]; expected 0 <= start < stop <= t_sim = ${sim.t_sim} ms`);
  }
  const rd = sim.recording_dict;
  for (const [name, value] of [['recording_dict.spike_dict.label', rd.spike_dict.label], ['recording_dict.vm_dict.label', rd.vm_dict.label]]) {
    // The label names NEST's output files (<label>-<id>-<vp>.dat) in recordings/.
    if (!/^[A-Za-z0-9_.]+$/.test(value)) throw new Error(`${name}: got ${describeValue(value)}; expected a non-empty file-name part (letters, digits, _ or .)`);
  }
  return {
    format: NEST_SIM_FORMAT,
    version: NEST_SIM_VERSION,
    label: nestRunLabel(sim, networkLabel, numProcesses),
    network_label: networkLabel,
    rng_seed: sim.rng_seed,
    dt_ms: sim.dt,
    t_sim_ms: sim.t_sim,
    num_processes: numProcesses,
    local_num_threads: sim.local_num_threads,
    recording: {
      spike_label: rd.spike_dict.label,
      spike_start_ms: rd.spike_dict.start,
      record_vm: rd.record_vm,
      vm_label: rd.vm_dict.label,
      vm_start_ms: rd.vm_dict.start,
      vm_stop_ms: rd.vm_dict.stop,
      vm_interval_ms: rd.vm_dict.interval,
    },
    rates_window_ms: [t0, t1],
    sim_params: { ...sim, num_processes: numProcesses },
  };
}

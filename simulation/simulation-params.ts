/**
 * Simulation parameters: upstream names and nesting (`sim_params` of upstream default_params.py),
 * plus `threads` and the runaway-activity guard. Unknown or invalid parameters are errors naming them.
 */
import { z } from 'zod';
import { contentLabel, describeValue, isPlainObject, mergeAndValidate, ParameterError } from '../core/index.ts';

export interface RecordingParams {
  /** Areas whose spikes are recorded (all neurons); null = all simulated areas. */
  areas_recorded: string[] | null;
  /** Record membrane potentials of a fraction of the neurons of every simulated population. */
  record_vm: boolean;
  /** Fraction of each population whose V_m is recorded (the first int(fraction * N) neurons). */
  Nrec_vm_fraction: number;
  spike_dict: { label: string; start: number };
  /** V_m sampling window [start, stop) and interval (ms). */
  vm_dict: { label: string; start: number; stop: number; interval: number };
}

export interface SimulationParams {
  /** Master seed of all random streams. */
  rng_seed: number;
  /** Resolution (ms). */
  dt: number;
  /** Simulated biological time (ms). */
  t_sim: number;
  /** Upstream's MPI process count; only 1 is supported (threads share memory instead). */
  num_processes: number;
  /** Upstream's thread count; alias of `threads`. */
  local_num_threads: number;
  /** Worker threads (results do not depend on it). */
  threads: number;
  /** Areas represented by neurons; null = all areas of the network. */
  areas_simulated: string[] | null;
  recording_dict: RecordingParams;
  /** Stop when a population fires above max_rate (spikes/s) averaged over the last window (ms). */
  runaway: { max_rate: number; window: number };
  /**
   * Synapses stored (explicit, 8 bytes each) or regenerated from their random streams whenever their
   * source fires (procedural); auto: explicit when they fit in the available memory. Both give the
   * same network and the same spikes.
   */
  connectivity: ConnectivityParam;
  /** Write a checkpoint every `every_min` minutes of wall time (null: none); a killed run resumes from it. */
  checkpoint: { every_min: number | null };
}

export type ConnectivityParam = 'auto' | 'explicit' | 'procedural';

export function defaultSimulationParams(): SimulationParams {
  return {
    rng_seed: 1,
    dt: 0.1,
    t_sim: 10.0,
    num_processes: 1,
    local_num_threads: 1,
    threads: 1,
    areas_simulated: null,
    recording_dict: {
      areas_recorded: null,
      record_vm: false,
      Nrec_vm_fraction: 0.01,
      spike_dict: { label: 'spikes', start: 0 },
      vm_dict: { label: 'vm', start: 0, stop: 1000, interval: 0.1 },
    },
    runaway: { max_rate: 500, window: 100 },
    connectivity: 'auto',
    checkpoint: { every_min: null },
  };
}

const areaList = z.union([z.array(z.string().min(1)), z.null()], {
  error: 'expected a list of area names or null (all areas)',
});

export const simulationParamsSchema = z.strictObject({
  rng_seed: z.int().min(0).max(0xffffffff),
  dt: z.number().gt(0),
  t_sim: z.number().min(0),
  num_processes: z.literal(1, { error: 'expected 1 (one process; use threads for parallelism)' }),
  local_num_threads: z.int().min(1),
  threads: z.int().min(1).max(256),
  areas_simulated: areaList,
  recording_dict: z.strictObject({
    areas_recorded: areaList,
    record_vm: z.boolean(),
    Nrec_vm_fraction: z.number().min(0).max(1),
    spike_dict: z.strictObject({ label: z.string(), start: z.number().min(0) }),
    vm_dict: z.strictObject({
      label: z.string(),
      start: z.number().min(0),
      stop: z.number().min(0),
      interval: z.number().gt(0),
    }),
  }),
  runaway: z.strictObject({ max_rate: z.number().gt(0), window: z.number().gt(0) }),
  connectivity: z.enum(['auto', 'explicit', 'procedural'], { error: "expected 'auto', 'explicit' or 'procedural'" }),
  checkpoint: z.strictObject({ every_min: z.union([z.number().gt(0), z.null()], { error: 'expected minutes > 0 or null (no checkpoints)' }) }),
});

/** Adds a problem unless `value` (ms) is a whole multiple of `step` (ms), named `stepName` in the message. */
function onGrid(name: string, value: number, step: number, stepName: string, problems: string[]): void {
  const steps = Math.round(value / step);
  if (Math.abs(steps * step - value) > 1e-9 * Math.max(1, value)) {
    problems.push(`${name}: got ${value}; expected a multiple of ${stepName} = ${step} ms`);
  }
}

/**
 * Merges custom parameters into the defaults and validates them against each other.
 * `local_num_threads` and `threads` are aliases (giving both with different values is an error).
 * Area names (areas_simulated, areas_recorded) are checked against a network where the network is
 * described (simulation/network/simulated-areas.ts).
 */
export function resolveSimulationParams(custom: unknown): SimulationParams {
  const c: any = isPlainObject(custom) ? { ...custom } : custom;
  if (isPlainObject(c)) {
    if (c.threads !== undefined && c.local_num_threads !== undefined && c.threads !== c.local_num_threads) {
      throw new ParameterError('simulation parameters', [
        `threads: got ${describeValue(c.threads)} but local_num_threads = ${describeValue(c.local_num_threads)}; expected one of them or equal values`,
      ]);
    }
    if (c.threads === undefined && c.local_num_threads !== undefined) c.threads = c.local_num_threads;
    if (c.local_num_threads === undefined && c.threads !== undefined) c.local_num_threads = c.threads;
  }
  const p = mergeAndValidate(
    simulationParamsSchema,
    defaultSimulationParams() as any,
    c,
    'simulation parameters',
  ) as SimulationParams;
  const problems: string[] = [];
  onGrid('t_sim', p.t_sim, p.dt, 'dt', problems);
  onGrid('recording_dict.vm_dict.interval', p.recording_dict.vm_dict.interval, p.dt, 'dt', problems);
  // The runaway guard counts spikes in 1 ms bins.
  onGrid('runaway.window', p.runaway.window, 1, 'the rate bin', problems);
  if (Math.abs(1 / p.dt - Math.round(1 / p.dt)) > 1e-9) {
    problems.push(`dt: got ${p.dt}; expected 1 ms divided by a whole number (e.g. 0.1)`);
  }
  if (problems.length) throw new ParameterError('simulation parameters', problems);
  return p;
}

/**
 * Content label of a simulation (32 hex digits): the exact canonical hash (core/io/canonical-json.ts)
 * of the parameters that change its results and the network label. Thread counts, the connectivity
 * mode and checkpoints are left out because results do not depend on them.
 */
export function simulationLabel(params: SimulationParams, networkLabel: string): string {
  const { threads: _t, local_num_threads: _l, connectivity: _c, checkpoint: _k, ...rest } = params;
  return contentLabel({ params: rest, network_label: networkLabel });
}

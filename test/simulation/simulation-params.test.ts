import { describe, expect, it } from 'vitest';
import { defaultSimulationParams, resolveSimulationParams, simulationLabel } from '../../simulation/index.ts';

describe('simulation parameters', () => {
  it('has the upstream defaults', () => {
    const p = resolveSimulationParams({});
    expect(p).toMatchObject({ rng_seed: 1, dt: 0.1, t_sim: 10, num_processes: 1, threads: 1, areas_simulated: null });
    expect(p.recording_dict).toMatchObject({ record_vm: false, Nrec_vm_fraction: 0.01, vm_dict: { start: 0, stop: 1000, interval: 0.1 } });
    expect(p.runaway).toEqual({ max_rate: 500, window: 100 });
    expect(defaultSimulationParams()).toEqual(p);
  });

  it('treats local_num_threads as an alias of threads', () => {
    expect(resolveSimulationParams({ local_num_threads: 2 }).threads).toBe(2);
    expect(resolveSimulationParams({ threads: 2 }).local_num_threads).toBe(2);
    expect(() => resolveSimulationParams({ threads: 2, local_num_threads: 3 })).toThrow(/threads: got 2 but local_num_threads = 3/);
  });

  it('names every invalid parameter', () => {
    let message = '';
    try {
      resolveSimulationParams({ num_processes: 4, dt: 0.3, recording_dict: { Nrec_vm_fraction: 2, spike_dict: { colour: 1 } } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/num_processes: got 4; expected 1/);
    expect(message).toMatch(/recording_dict\.Nrec_vm_fraction: got 2/);
    expect(message).toMatch(/unknown parameter 'recording_dict\.spike_dict\.colour'/);
    expect(() => resolveSimulationParams({ dt: 0.3 })).toThrow(/dt: got 0.3; expected 1 ms divided by a whole number/);
    expect(() => resolveSimulationParams({ runaway: { max_rate: 500, window: 2.5 } })).toThrow(/runaway\.window: got 2\.5; expected a multiple of the rate bin = 1 ms/);
  });

  it('labels are stable hashes of the parameters and network label', () => {
    const a = simulationLabel(resolveSimulationParams({ t_sim: 100 }), 'net');
    expect(a).toBe(simulationLabel(resolveSimulationParams({ t_sim: 100, threads: 2 }), 'net'));
    expect(a).not.toBe(simulationLabel(resolveSimulationParams({ t_sim: 100, rng_seed: 2 }), 'net'));
    // Exact: a parameter that differs in its last digit gives another label.
    expect(a).not.toBe(simulationLabel(resolveSimulationParams({ t_sim: 100, runaway: { max_rate: 500.0000001, window: 100 } }), 'net'));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });
});

/**
 * The single-neuron checks against NEST 3.10 traces, the same for every neuron model: each case (NEST
 * script: spike generators with given weights and delay, voltmeter at every step) run through
 * simulateSingleNeuron, V_m within 1e-9 mV at every sample and identical spike times; on the compact
 * fixture (test/fixtures/nest_<model>_fixture.json) and, when ../shared is present, on the full reference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateSingleNeuron, type SingleNeuronRun } from '../../../simulation/neuron/single-neuron.ts';
import { HAS_SHARED, readSharedJson, SKIP_SHARED_MESSAGE } from '../../helpers/shared.ts';

interface NestCase {
  neuron_params: any;
  I_e: number;
  V_m_initial: number;
  dt: number;
  t_sim: number;
  connection_delay: number;
  input_ex_spike_times: number[];
  w_ex_pA: number;
  input_in_spike_times: number[];
  w_in_pA: number;
  vm_times: number[];
  vm: number[];
  spike_times: number[];
}

type Model = NonNullable<SingleNeuronRun['model']>;

function expectMatches(model: Model, c: NestCase) {
  const out = simulateSingleNeuron({
    model,
    params: c.neuron_params,
    I_e: c.I_e,
    V_m_initial: c.V_m_initial,
    dt_ms: c.dt,
    tSim_ms: c.t_sim,
    inputs: [
      { times_ms: c.input_ex_spike_times, weight_pA: c.w_ex_pA, delay_ms: c.connection_delay },
      { times_ms: c.input_in_spike_times, weight_pA: c.w_in_pA, delay_ms: c.connection_delay },
    ],
  });
  const byStep = new Map<number, number>();
  out.vmTimesMs.forEach((t, i) => byStep.set(Math.round(t / c.dt), out.vmMv[i]));
  let maxErr = 0;
  for (let i = 0; i < c.vm_times.length; i++) {
    const ours = byStep.get(Math.round(c.vm_times[i] / c.dt));
    expect(ours, `sample at ${c.vm_times[i]} ms`).toBeDefined();
    maxErr = Math.max(maxErr, Math.abs(ours! - c.vm[i]));
  }
  expect(maxErr).toBeLessThan(1e-9);
  expect(out.spikeTimesMs.map((t) => Math.round(t / c.dt))).toEqual(c.spike_times.map((t) => Math.round(t / c.dt)));
}

export function describeNestCases(model: Model): void {
  describe(`${model} against NEST 3.10 (compact fixture)`, () => {
    const fixture = JSON.parse(readFileSync(new URL(`../../fixtures/nest_${model}_fixture.json`, import.meta.url), 'utf8'));
    for (const [name, c] of Object.entries<NestCase>(fixture.cases)) {
      it(`${name}: V_m within 1e-9 mV, identical spike times`, () => expectMatches(model, c));
    }
  });

  describe.skipIf(!HAS_SHARED)(`${model} against NEST 3.10 (../shared/refs/nest)`, () => {
    if (!HAS_SHARED) {
      it.skip(SKIP_SHARED_MESSAGE, () => {});
      return;
    }
    const ref = readSharedJson('refs', 'nest', `single_neuron_${model}.json`);
    for (const [name, c] of Object.entries<any>(ref)) {
      if (name.startsWith('_')) continue;
      it(`${name}: V_m within 1e-9 mV at every step, identical spike times`, () => expectMatches(model, c));
    }
  });
}

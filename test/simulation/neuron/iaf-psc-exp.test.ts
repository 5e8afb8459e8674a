import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computePropagators, propagatorCurrentToVoltage } from '../../../simulation/neuron/iaf-psc-exp.ts';
import { simulateSingleIafPscExp } from '../../../simulation/neuron/single-neuron.ts';
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

function runCase(c: NestCase) {
  return simulateSingleIafPscExp({
    params: c.neuron_params,
    I_e: c.I_e,
    V_m_initial: c.V_m_initial,
    dtMs: c.dt,
    tSimMs: c.t_sim,
    inputs: [
      { timesMs: c.input_ex_spike_times, weightPa: c.w_ex_pA, delayMs: c.connection_delay },
      { timesMs: c.input_in_spike_times, weightPa: c.w_in_pA, delayMs: c.connection_delay },
    ],
  });
}

function expectMatches(c: NestCase) {
  const out = runCase(c);
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

describe('iaf_psc_exp propagators', () => {
  it('P21 equals the closed form and its tau_syn -> tau_m limit', () => {
    const h = 0.1, tm = 10, ts = 0.5, C = 250;
    const closed = ((tm * ts) / (C * (tm - ts))) * (Math.exp(-h / tm) - Math.exp(-h / ts));
    expect(propagatorCurrentToVoltage(ts, tm, C, h)).toBeCloseTo(closed, 15);
    // Equal time constants: h/C exp(-h/tau)
    expect(propagatorCurrentToVoltage(10, 10, C, h)).toBe((h / C) * Math.exp(-h / 10));
    // Nearly equal: continuous with the limit
    expect(propagatorCurrentToVoltage(10 * (1 + 1e-12), 10, C, h)).toBeCloseTo((h / C) * Math.exp(-h / 10), 12);
  });

  it('rounds t_ref to the grid and rejects bad parameters', () => {
    const p = { E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 0.5, t_ref: 2 };
    expect(computePropagators(p, 0.1).refractorySteps).toBe(20);
    expect(() => computePropagators({ ...p, tau_m: -1 }, 0.1)).toThrow(/tau_m = -1/);
    expect(() => computePropagators({ ...p, V_reset: -40 }, 0.1)).toThrow(/V_reset = -40/);
  });
});

describe('iaf_psc_exp against NEST 3.10 (compact fixture)', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../fixtures/nest_iaf_psc_exp_fixture.json', import.meta.url), 'utf8'),
  );
  for (const [name, c] of Object.entries<NestCase>(fixture.cases)) {
    it(`${name}: V_m within 1e-9 mV, identical spike times`, () => expectMatches(c));
  }
});

describe.skipIf(!HAS_SHARED)('iaf_psc_exp against NEST 3.10 (../shared/refs/nest)', () => {
  if (!HAS_SHARED) {
    it.skip(SKIP_SHARED_MESSAGE, () => {});
    return;
  }
  const ref = readSharedJson('refs', 'nest', 'single_neuron_iaf_psc_exp.json');
  for (const [name, c] of Object.entries<any>(ref)) {
    if (name.startsWith('_')) continue;
    it(`${name}: V_m within 1e-9 mV at every step, identical spike times`, () => expectMatches(c));
  }
});

/**
 * The rules of the network description, decided once, seen the same by the engine and the NEST
 * export: delays that round to >= 1 step, zero-rate inputs and empty populations left out, drawable
 * constant weights and delays, and the area lists checked in one place.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { networkSource, type NetworkSource } from '../../../multiarea/index.ts';
import { buildNetworkDescription, delayToSteps, exportNestRun, resolveSimulationParams, Simulation } from '../../../simulation/index.ts';
import { toyNetwork } from '../toy-network.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-network-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;
const freshDir = () => join(tmp, `run${runs++}`);

/** Both backends fail with the same message, and the export leaves no folder. */
function bothRefuse(net: NetworkSource, sim: Record<string, unknown>, message: RegExp): void {
  expect(() => new Simulation(net, sim, { noOutput: true })).toThrow(message);
  const dir = freshDir();
  expect(() => exportNestRun(net, { rng_seed: 1, ...sim }, dir)).toThrow(message);
}

function withParams(net: NetworkSource, change: (p: NetworkSource['params']) => void): NetworkSource {
  const params = structuredClone(net.params);
  change(params);
  return networkSource(net.label, params, net.arrays());
}

describe('delays', () => {
  it('a fixed delay is valid iff it rounds to >= 1 step (as NEST converts and checks it)', () => {
    expect(delayToSteps('x', 0.06, 0.1)).toBe(1);
    // NEST: round(delay x steps per ms), halves up; 0.15 / 0.1 would give 1.4999... and round down.
    expect(delayToSteps('x', 0.15, 0.1)).toBe(2);
    expect(delayToSteps('x', 0.25, 0.1)).toBe(3);
    expect(() => delayToSteps('x', 0.04, 0.1)).toThrow(/x: delay 0.04 ms rounds to 0 time steps of dt = 0.1 ms; expected at least 1 step/);
  });

  it('replaced input with a delay of 0.6 steps is kept by both backends; 0.4 steps is refused by both', async () => {
    // distance / interarea_speed: 0.21 mm / 3.5 mm/ms = 0.06 ms.
    const near = toyNetwork({ distance_mm: 0.21 });
    const sim = new Simulation(near, { t_sim: 1, areas_simulated: ['A'] }, { noOutput: true });
    expect(sim.plan.poisson[0]).toContainEqual({ rate_Hz: (100 / 80) * 10, weight_pA: 87.8, delaySteps: 1 });
    const res = exportNestRun(near, { t_sim: 1, areas_simulated: ['A'] }, freshDir());
    expect(res.network.replaced_input.inputs.map((x) => [x.target, x.source, x.delay_ms])).toEqual([
      ['A-E', 'B-E', expect.closeTo(0.06, 12)],
      ['A-I', 'B-E', expect.closeTo(0.06, 12)],
    ]);
    bothRefuse(toyNetwork({ distance_mm: 0.14 }), { t_sim: 1, areas_simulated: ['A'] }, /replaced input A-E <- B-E: delay 0\.04\d* ms rounds to 0 time steps of dt = 0\.1 ms/);
  });

  it('a constant delay or weight (sd = 0) must lie within its redraw bounds', () => {
    bothRefuse(
      withParams(toyNetwork({ delay_rel: 0 }), (p) => (p.delay_params.delay_i = 0.05)),
      { t_sim: 1 },
      /projection A-E <- A-I: delay \(ms\): 0\.05 with standard deviation 0; expected a value within \[0\.1, Infinity\]/,
    );
    const W = [[87.8, 351.2, 87.8, 0], [87.8, -351.2, 87.8, 0], [87.8, 0, 87.8, -351.2], [87.8, 0, 87.8, -351.2]];
    const W_sd = W.map((row) => row.map(() => 0));
    bothRefuse(toyNetwork({ W, W_sd }), { t_sim: 1 }, /projection A-E <- A-I: weight \(pA\): 351\.2 with standard deviation 0; expected a value within \[-Infinity, 0\]/);
  });
});

describe('what is left out', () => {
  it('empty populations (int(N) = 0) stay in the layout but receive and send nothing', async () => {
    const net = toyNetwork({ N: [80, 0.5, 80, 20], addDC: [0, 0, 0, 0] });
    const d = buildNetworkDescription(net, resolveSimulationParams({ t_sim: 1 }));
    expect(d.populations.map((p) => [p.label, p.size])).toEqual([['A-E', 80], ['A-I', 0], ['B-E', 80], ['B-I', 20]]);
    expect(d.projections.some((p) => p.target === 'A-I' || p.source === 'A-I')).toBe(false);
    expect(d.projections.length).toBe(8);
    expect(d.external_input.inputs.map((x) => x.target)).toEqual(['A-E', 'B-E', 'B-I']);
    const sim = new Simulation(net, { t_sim: 5 }, { noOutput: true });
    expect(sim.plan.pathways.length).toBe(8);
    const log = await sim.run();
    expect(log.neurons).toBe(180);
    expect(exportNestRun(net, { t_sim: 5 }, freshDir()).network.projections.length).toBe(8);
  });

  it('Poisson inputs of rate 0 are left out by both backends (external and replaced)', () => {
    const net = toyNetwork({ K_ext: [100, 0, 100, 100] });
    const sim = new Simulation(net, { t_sim: 1, areas_simulated: ['A'] }, { noOutput: true });
    expect(sim.plan.poisson[1]).toEqual([{ rate_Hz: (100 / 20) * 10, weight_pA: 87.8, delaySteps: 20 }]);
    const res = exportNestRun(net, { t_sim: 1, areas_simulated: ['A'] }, freshDir());
    expect(res.network.external_input.inputs.map((x) => x.target)).toEqual(['A-E']);
    const silent = toyNetwork({ rate_ext: 0 });
    const d = buildNetworkDescription(silent, resolveSimulationParams({ t_sim: 1, areas_simulated: ['A'] }));
    expect([d.external_input.inputs, d.replaced_input.inputs]).toEqual([[], []]);
  });

  it('pairs with fewer than 1 synapse (int of the model number) are no projection', () => {
    const syn = [[800, 400, 0.9, 0], [800, 400, 100, 0], [100, 0, 800, 400], [100, 0, 800, 400]];
    const d = buildNetworkDescription(toyNetwork({ synapses: syn }), resolveSimulationParams({ t_sim: 1 }));
    expect(d.projections.find((p) => p.target === 'A-E' && p.source === 'B-E')).toBeUndefined();
    expect(d.projections.length).toBe(11);
  });
});

describe('areas and parameters', () => {
  it('areas_simulated and areas_recorded are checked against the network, the same for both backends', () => {
    bothRefuse(toyNetwork(), { areas_simulated: ['A', 'X'] }, /areas_simulated: unknown area "X"; expected one of A, B/);
    bothRefuse(toyNetwork(), { areas_simulated: ['A', 'A'] }, /areas_simulated: area "A" is listed twice/);
    bothRefuse(toyNetwork(), { recording_dict: { areas_recorded: ['C'] } }, /recording_dict\.areas_recorded: unknown area "C"/);
  });

  it('simulated areas come in model order whatever order they are given in', () => {
    const d = buildNetworkDescription(toyNetwork(), resolveSimulationParams({ areas_simulated: ['B', 'A'] }));
    expect(d.areas_simulated).toEqual(['A', 'B']);
    expect(d.populations.map((p) => p.label)).toEqual(['A-E', 'A-I', 'B-E', 'B-I']);
  });

  it('refuses lognormal weights, other neuron models and unknown replacement modes by name', () => {
    bothRefuse(withParams(toyNetwork(), (p) => (p.connection_params.lognormal_weights = true)), {}, /connection_params\.lognormal_weights: got true; expected false/);
    bothRefuse(withParams(toyNetwork(), (p) => ((p.neuron_params as any).neuron_model = 'aeif')), {}, /neuron_params\.neuron_model: got "aeif"; expected 'iaf_psc_exp'/);
    bothRefuse(
      withParams(toyNetwork(), (p) => ((p.connection_params as any).replace_non_simulated_areas = 'poisson')),
      { areas_simulated: ['A'] },
      /connection_params\.replace_non_simulated_areas: got "poisson"; expected hom_poisson_stat, het_poisson_stat, het_current_nonstat/,
    );
    bothRefuse(
      withParams(toyNetwork(), (p) => (p.connection_params.replace_non_simulated_areas = 'het_poisson_stat')),
      { areas_simulated: ['A'] },
      /connection_params\.replace_cc_input_source: got null; het_poisson_stat needs a JSON file of rates/,
    );
  });
});

/**
 * `simulateSonata` on a hand-made circuit: neurons with their own dynamics_params, a virtual node's
 * spikes and a recurrent edge with their delays, a current clamp; spike times equal those of the
 * single-neuron iaf_psc_exp model (simulation/neuron) driven by the same input. And the errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computePropagators, IafPscExpState, stepIafPscExp } from '../../../simulation/neuron/iaf-psc-exp.ts';
import { simulateSingleNeuron } from '../../../simulation/neuron/single-neuron.ts';
import { readSonataSpikes, simulateSonata } from '../../../simulation/sonata/index.ts';
import { IAF_PSC_EXP_DEFAULTS } from '../../../simulation/sonata/node-models.ts';
import { INPUT_SPIKES_MS, NEURON0, NEURON1_VM, writeTinyCircuit, type TinyOptions } from './sonata-tiny-circuit.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-sonata-tiny-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const circuit = (o: TinyOptions = {}) => writeTinyCircuit(join(root, `c${n++}`), o);

const { I_e: I_e0, V_m: V_m0, ...params0 } = NEURON0;
const { I_e: _i, V_m: _v, ...defaults } = IAF_PSC_EXP_DEFAULTS;

/** Neuron 1 (NEST defaults): spike inputs [times, weight, delay] and a current (pA) arriving in each step. */
function neuron1Spikes(inputs: [number[], number, number][], current: Float64Array | null): number[] {
  const dt = 0.1;
  const steps = 1000;
  const ex = new Float64Array(steps + 40);
  const inh = new Float64Array(steps + 40);
  for (const [times, w, d] of inputs) for (const t of times) (w >= 0 ? ex : inh)[Math.round(t / dt) + Math.round(d / dt) - 1] += w;
  const state = new IafPscExpState(1);
  state.setVm(0, NEURON1_VM, defaults.E_L);
  const P = computePropagators(defaults, dt);
  const out: number[] = [];
  const spikes = new Int32Array(1);
  for (let s = 0; s < steps; s++) {
    const e = Float64Array.of(ex[s]);
    const i = Float64Array.of(inh[s]);
    const c = current ? Float64Array.of(current[s]) : null;
    if (stepIafPscExp(state, P, 0, 0, 1, e, i, 0, c, spikes, 0) > 0) out.push(s + 1);
  }
  return out;
}

const tenths = (a: ArrayLike<number>) => Array.from(a, (t) => Math.round(t * 10));

describe('a hand-made circuit', () => {
  it('gives the spike times of the single-neuron model driven by the same input, for 1 and 2 threads', async () => {
    const ref0 = simulateSingleNeuron({ params: params0, I_e: I_e0, V_m_initial: V_m0, dt_ms: 0.1, tSim_ms: 100, inputs: [{ times_ms: INPUT_SPIKES_MS, weight_pA: 500, delay_ms: 1.5 }] });
    expect(ref0.spikeTimesMs.length).toBeGreaterThan(5);
    const ref1 = neuron1Spikes([[INPUT_SPIKES_MS, -150, 0.5], [ref0.spikeTimesMs, 900, 2]], null);
    // Without the clamp neuron 1 stays below threshold (the next test drives it to spike).
    expect(ref1).toEqual([]);
    for (const threads of [1, 2]) {
      const config = await circuit();
      const r = await simulateSonata(config, { threads });
      expect(r.spikesFile).toBe(join(config, '..', 'output', 'out_spikes.h5'));
      expect(r.virtualNodes).toBe(1);
      const net = (await readSonataSpikes(r.spikesFile)).net;
      const of = (id: number) => tenths(net.timestampsMs.filter((_, k) => net.nodeIds[k] === id));
      expect(of(0)).toEqual(tenths(ref0.spikeTimesMs));
      expect(of(1)).toEqual(ref1);
    }
  });

  it('applies a current clamp (amp pA from delay for duration ms) and a step-current csv as BMTK PointNet does', async () => {
    const ref0 = simulateSingleNeuron({ params: params0, I_e: I_e0, V_m_initial: V_m0, dt_ms: 0.1, tSim_ms: 100, inputs: [{ times_ms: INPUT_SPIKES_MS, weight_pA: 500, delay_ms: 1.5 }] });
    // step_current_generator connected with delay dt: the value from time T reaches the neuron in step T / dt.
    const current = new Float64Array(1000);
    current.fill(800, 200, 500);
    current.fill(-100, 700, 800);
    current.fill(600, 800, 1000);
    const ref1 = neuron1Spikes([[INPUT_SPIKES_MS, -150, 0.5], [ref0.spikeTimesMs, 900, 2]], current);
    expect(ref1.length).toBeGreaterThan(3);
    // The csv value at 0.1 ms (<= dt) is dropped, as BMTK drops it.
    const dir = join(root, 'csv');
    const config = await writeTinyCircuit(dir, {
      inputs: {
        spikes_in: { input_type: 'spikes', module: 'h5', input_file: '$BASE_DIR/inputs/inp_spikes.h5', node_set: 'inp_nodes' },
        clamp: { input_type: 'current_clamp', module: 'IClamp', node_set: { population: 'net', node_id: [1] }, amp: 800, delay: 20, duration: 30 },
        steps: { input_type: 'csv', module: 'IClamp', node_set: { population: 'net', pop_name: 'B' }, file: '$BASE_DIR/inputs/steps.csv' },
      },
    });
    writeFileSync(join(dir, 'inputs/steps.csv'), 'timestamps amps\n0.1 999\n70 -100\n80 600\n');
    const r = await simulateSonata(config);
    const net = (await readSonataSpikes(r.spikesFile)).net;
    expect(tenths(net.timestampsMs.filter((_, k) => net.nodeIds[k] === 1))).toEqual(ref1);
    expect(tenths(net.timestampsMs.filter((_, k) => net.nodeIds[k] === 0))).toEqual(tenths(ref0.spikeTimesMs));
  });
});

describe('errors name the file and the field', () => {
  it.each([
    [{ modelTemplate: 'nest:aeif_cond_exp' }, /net_node_types\.csv: node type 0 has model_type point_neuron, model_template nest:aeif_cond_exp; supported: nest:iaf_psc_exp, nest:iaf_psc_alpha, nest:poisson_generator/],
    [{ modelTemplate: 'constructor' }, /node type 0 has model_type point_neuron, model_template constructor; supported: nest:iaf_psc_exp/],
    [{ params0: { V_min: -80 } }, /net_node_types\.csv: node type 0: parameter V_min is not one of nest:iaf_psc_exp's supported parameters/],
    [{ modelTemplate: 'nest:iaf_psc_alpha', params0: { V_min: 'low' } }, /net_node_types\.csv: node type 0: V_min = "low"; expected a finite number/],
    [{ synapseTemplate: 'stdp_synapse' }, /edge_types\.csv: edge type 7 has model_template stdp_synapse; supported: static_synapse, nest:static_synapse/],
    [{ run: { dt: undefined } }, /run\.dt = undefined; expected a number > 0 \(ms\)/],
    [{ run: { tstop: undefined } }, /run\.tstop = undefined/],
    [{ inputs: { x: { input_type: 'spikes', module: 'sonata', input_file: '$BASE_DIR/missing.h5', node_set: 'inp_nodes' } } }, /inputs\.x: input_file .*missing\.h5 not found/],
    [{ inputs: { x: { input_type: 'voltage_clamp', module: 'SEClamp' } } }, /inputs\.x: input_type "voltage_clamp" module "SEClamp" is not supported/],
    [{ inputs: { x: { input_type: 'current_clamp', module: 'IClamp', node_set: 'nope', amp: 1, delay: 1, duration: 1 } } }, /inputs\.x: node set 'nope' is not in the node_sets_file/],
  ] as [TinyOptions, RegExp][])('%#', async (o, message) => {
    await expect(simulateSonata(await circuit(o))).rejects.toThrow(message);
  });

  it('a missing config or dynamics_params file', async () => {
    await expect(simulateSonata(join(root, 'none.json'))).rejects.toThrow(/SONATA config .*none\.json: file not found/);
    const config = await circuit();
    rmSync(join(config, '..', 'models', 'n0.json'));
    await expect(simulateSonata(config)).rejects.toThrow(/net_node_types\.csv: node type 0: dynamics_params file .*n0\.json not found/);
  });
});

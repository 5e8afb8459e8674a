/**
 * `simulateSonata` with nest:iaf_psc_alpha node types: the hand-made circuit (a virtual node's spikes,
 * a recurrent edge, a current clamp) gives the spike times of the single-neuron models of
 * simulation/neuron driven by the same input, for 1 and 2 threads; alone and mixed with iaf_psc_exp,
 * with the node type's own dynamics_params and with NEST's iaf_psc_alpha defaults.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SingleNeuronParams } from '../../../multiarea/index.ts';
import { computeAlphaPropagators, IafPscAlphaState, stepIafPscAlpha } from '../../../simulation/neuron/iaf-psc-alpha.ts';
import { computePropagators, IafPscExpState, stepIafPscExp } from '../../../simulation/neuron/iaf-psc-exp.ts';
import { readSonataSpikes, simulateSonata } from '../../../simulation/sonata/index.ts';
import { IAF_PSC_ALPHA_DEFAULTS } from '../../../simulation/sonata/node-models.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { EDGES, INPUT_SPIKES_MS, NEURON0, NEURON1_VM, writeTinyCircuit } from './sonata-tiny-circuit.ts';

const tempDir = useTempDirs();
const DT = 0.1;
const STEPS = 1000;
const { I_e: I_e0, V_m: V_m0, ...params0 } = NEURON0;
const { I_e: I_e1, V_m: _v, V_min: V_min1, ...defaults } = IAF_PSC_ALPHA_DEFAULTS;

type Model = 'alpha' | 'exp';

/** Spike steps (emission) of one neuron: spike inputs [times ms, weight pA, delay ms] and a current (pA) arriving in each step. */
function spikeSteps(model: Model, p: SingleNeuronParams, I_e: number, V0: number, inputs: [number[], number, number][], current: Float64Array | null): number[] {
  const ex = new Float64Array(STEPS + 40);
  const inh = new Float64Array(STEPS + 40);
  for (const [times, w, d] of inputs) for (const t of times) (w > 0 ? ex : inh)[Math.round(t / DT) + Math.round(d / DT) - 1] += w;
  const alpha = model === 'alpha' ? { state: new IafPscAlphaState(1), P: computeAlphaPropagators(p, DT, V_min1) } : null;
  const exp = { state: new IafPscExpState(1), P: computePropagators(p, DT) };
  (alpha?.state ?? exp.state).setVm(0, V0, p.E_L);
  const out: number[] = [];
  const spikes = new Int32Array(1);
  for (let s = 0; s < STEPS; s++) {
    const [e, i, c] = [Float64Array.of(ex[s]), Float64Array.of(inh[s]), current && Float64Array.of(current[s])];
    const n = alpha ? stepIafPscAlpha(alpha.state, alpha.P, I_e, 0, 1, e, i, 0, c, spikes, 0) : stepIafPscExp(exp.state, exp.P, I_e, 0, 1, e, i, 0, c, spikes, 0);
    if (n > 0) out.push(s);
  }
  return out;
}

/**
 * Neuron 0 (own parameters) and neuron 1 (NEST's defaults, the same for both models but V_min; a clamp
 * of 1000 pA from 20 to 60 ms) as the circuit's edges connect them.
 */
function references(model0: Model, model1: Model): [number[], number[]] {
  const [[, , , w0, d0], [, , , wIn, dIn], [, , , wRec, dRec]] = EDGES;
  const ref0 = spikeSteps(model0, params0, I_e0, V_m0, [[INPUT_SPIKES_MS, w0, d0]], null);
  const clamp = new Float64Array(STEPS).fill(1000, 200, 600);
  const ref1 = spikeSteps(model1, defaults, I_e1, NEURON1_VM, [[INPUT_SPIKES_MS, wIn, dIn], [ref0.map((s) => (s + 1) * DT), wRec, dRec]], clamp);
  return [ref0, ref1];
}

describe('nest:iaf_psc_alpha node types', () => {
  it.each([
    ['alpha', 'alpha'],
    ['alpha', 'exp'],
    ['exp', 'alpha'],
  ] as [Model, Model][])('neuron 0 %s, neuron 1 %s: the spike times of the single-neuron models, for 1 and 2 threads', async (model0, model1) => {
    const [ref0, ref1] = references(model0, model1);
    expect(ref0.length).toBeGreaterThan(5);
    expect(ref1.length).toBeGreaterThan(3);
    const template = (m: Model) => `nest:iaf_psc_${m}`;
    const dir = tempDir('mam-sonata-alpha-');
    const config = await writeTinyCircuit(dir, {
      modelTemplate: template(model0),
      modelTemplate1: template(model1),
      // V_min below anything reached: accepted, no effect.
      params0: model0 === 'alpha' ? { V_min: -90 } : {},
      inputs: {
        spikes_in: { input_type: 'spikes', module: 'sonata', input_file: '$BASE_DIR/inputs/inp_spikes.h5', node_set: 'inp_nodes' },
        clamp: { input_type: 'current_clamp', module: 'IClamp', node_set: { population: 'net', node_id: [1] }, amp: 1000, delay: 20, duration: 40 },
      },
    });
    for (const threads of [1, 2]) {
      const r = await simulateSonata(config, { threads, outputDir: join(dir, `out${threads}`) });
      expect(r.log.status).toBe('completed');
      const net = (await readSonataSpikes(r.spikesFile)).net;
      const stamps = (id: number) => Array.from(net.timestampsMs.filter((_, k) => net.nodeIds[k] === id), (t) => Math.round(t / DT));
      expect(stamps(0)).toEqual(ref0.map((s) => s + 1));
      expect(stamps(1)).toEqual(ref1.map((s) => s + 1));
    }
  });

  it('alpha and exp neurons of equal parameters and input fire differently (the model is not ignored)', () => {
    const [alpha] = references('alpha', 'alpha');
    const [exp] = references('exp', 'exp');
    expect(alpha).not.toEqual(exp);
  });
});

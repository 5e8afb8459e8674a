/**
 * The engine's WebAssembly neuron kernel against the reference step of neuron/iaf-psc-exp.ts (which
 * matches NEST 3.10): the same state, spikes and refractory counts after every step, bit for bit, with
 * and without current input.
 */
import { describe, expect, it } from 'vitest';
import { FIELD, NeuronBlock } from '../../../simulation/engine/neuron-block.ts';
import { computePropagators, IafPscExpState, stepIafPscExp } from '../../../simulation/index.ts';
import { uniformGenerator } from '../../../core/index.ts';

const params = { E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 0.8, t_ref: 2 };

describe('neuron kernel', () => {
  it.each([false, true])('equals the reference step bit for bit (current input: %s)', (withCurrent) => {
    const n = 500;
    const P = computePropagators(params, 0.1);
    const block = new NeuronBlock(n, withCurrent, P);
    const ref = new IafPscExpState(n);
    const u = uniformGenerator(withCurrent ? 2 : 1);
    for (let i = 0; i < n; i++) {
      const v = -5 + 22 * u();
      block.set(FIELD.V, i, v);
      ref.v[i] = v;
    }
    const inEx = new Float64Array(n);
    const inIn = new Float64Array(n);
    const current = new Float64Array(n);
    const spikes = new Int32Array(n);
    let total = 0;
    for (let t = 0; t < 400; t++) {
      for (let i = 0; i < n; i++) {
        const ex = u() < 0.5 ? 1500 * u() : 0;
        const inh = u() < 0.2 ? -900 * u() : 0;
        inEx[i] = ex;
        inIn[i] = inh;
        block.set(FIELD.IN_EX, i, ex);
        block.set(FIELD.IN_IN, i, inh);
      }
      const cur = withCurrent ? 300 * u() : 0;
      current.fill(cur);
      // Two segments with different constant input.
      let count = stepIafPscExp(ref, P, 180, 0, 200, inEx, inIn, 0, withCurrent ? current : null, spikes, 0);
      count = stepIafPscExp(ref, P, 375.5, 200, n, inEx, inIn, 0, withCurrent ? current : null, spikes, count);
      let ours = block.step(0, 200, 180, cur, 0);
      ours = block.step(200, n, 375.5, cur, ours);
      if (ours !== count || block.spikes.subarray(0, ours).some((x, k) => x !== spikes[k])) throw new Error(`step ${t}: spikes differ`);
      total += count;
      for (let i = 0; i < n; i++) {
        if (block.get(FIELD.V, i) !== ref.v[i] || block.get(FIELD.I_EX, i) !== ref.iEx[i] || block.get(FIELD.I_IN, i) !== ref.iIn[i] || block.get(FIELD.REFRACTORY, i) !== ref.refractory[i]) {
          throw new Error(`step ${t}, neuron ${i}: kernel ${[FIELD.V, FIELD.I_EX, FIELD.I_IN, FIELD.REFRACTORY].map((f) => block.get(f, i))} vs reference ${[ref.v[i], ref.iEx[i], ref.iIn[i], ref.refractory[i]]}`);
        }
        if (withCurrent && block.get(FIELD.I_0, i) !== ref.i0[i]) throw new Error(`step ${t}, neuron ${i}: I_0 differs`);
        if (block.get(FIELD.IN_EX, i) !== 0 || block.get(FIELD.IN_IN, i) !== 0) throw new Error(`step ${t}, neuron ${i}: input not cleared`);
      }
    }
    expect(total).toBeGreaterThan(1000);
  });
});

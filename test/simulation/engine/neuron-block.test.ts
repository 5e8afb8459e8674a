/**
 * The engine's WebAssembly neuron kernel against the reference step of neuron/iaf-psc-exp.ts (which
 * matches NEST 3.10): the same state, spikes and refractory counts after every step, bit for bit, with
 * and without current input.
 */
import { describe, expect, it } from 'vitest';
import { PoissonTable } from '../../../simulation/engine/discrete-samplers.ts';
import { FIELD, NeuronBlock } from '../../../simulation/engine/neuron-block.ts';
import { StreamRng } from '../../../simulation/engine/rng.ts';
import { computePropagators, IafPscExpState, stepIafPscExp } from '../../../simulation/index.ts';
import { uniformGenerator } from '../../../core/index.ts';

const params = { E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 0.8, t_ref: 2 };

describe('neuron kernel', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('equals the reference step bit for bit (current input: %s, Poisson drive drawn inside: %s)', (withCurrent, withPoisson) => {
    const n = 501; // odd: the tables after the int32 spike buffer must still be aligned
    const P = computePropagators(params, 0.1);
    // Two tables: the kernel must use the one it is given (the second), at 7.78 events per step as at full scale.
    const tables = [new PoissonTable(1.25), new PoissonTable(7.78)];
    const block = new NeuronBlock(n, withCurrent, P, tables);
    const rng = new StreamRng();
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
      // Reference: the Poisson counts added by PoissonTable.addTo (weight -8 pA, so that neurons still fire), then the step.
      if (withPoisson) tables[1].addTo(rng.seed(9, t, 0, 0), inEx, 0, 1, n, -8);
      // Two segments with different constant input.
      let count = stepIafPscExp(ref, P, 180, 0, 200, inEx, inIn, 0, withCurrent ? current : null, spikes, 0);
      count = stepIafPscExp(ref, P, 375.5, 200, n, inEx, inIn, 0, withCurrent ? current : null, spikes, count);
      rng.seed(9, t, 0, 0);
      let ours = block.step(0, 200, 180, cur, 0, withPoisson ? 1 : -1, -8, rng);
      if (withPoisson) {
        // The second segment continues the stream where the first one ended: 200 neurons, each one draw (refinements are rare).
        rng.seed(9, t, 0, 0);
        tables[1].addTo(rng, new Float64Array(200), 0, 1, 200, 1);
      }
      ours = block.step(200, n, 375.5, cur, ours, withPoisson ? 1 : -1, -8, rng);
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

  it('refines a Poisson draw whose 32-bit cell straddles a boundary of the table as PoissonTable does', () => {
    // A table whose boundary cuts the cell of the stream's first draw: the second draw decides.
    const P = computePropagators(params, 0.1);
    const rng = new StreamRng();
    const outcomes = new Set<number>();
    for (let trial = 0; trial < 40; trial++) {
      const a = rng.seed(3, trial, 0, 0).nextU32();
      const fake = { cdf: Float64Array.of((a + 0.5) / 4294967296, 1), guide: new Int32Array(1024) } as unknown as PoissonTable;
      const expected = new Float64Array(1);
      PoissonTable.prototype.addTo.call(fake, rng.seed(3, trial, 0, 0), expected, 0, 1, 1, 1);
      const block = new NeuronBlock(1, false, P, [fake]);
      block.set(FIELD.V, 0, -100); // far below threshold
      block.step(0, 1, 0, 0, 0, 0, 1, rng.seed(3, trial, 0, 0));
      // I_ex after the step = P11ex x 0 + the count.
      expect(block.get(FIELD.I_EX, 0)).toBe(expected[0]);
      outcomes.add(expected[0]);
    }
    expect([...outcomes].sort()).toEqual([0, 1]);
  });

  it('steps a run of segments in one call exactly as step() steps them one by one (odd sizes, own parameters)', () => {
    const P = computePropagators(params, 0.1);
    const Q = computePropagators({ ...params, tau_m: 20, tau_syn_ex: 2, V_th: -55, t_ref: 1.5 }, 0.1);
    const segments = [
      { from: 0, to: 7, iE: 380, P },
      { from: 7, to: 300, iE: 0, P: Q },
      { from: 300, to: 301, iE: 500, P },
      { from: 301, to: 650, iE: 120, P: Q },
    ];
    const n = 650;
    const batched = new NeuronBlock(n, false, P, [], false, segments.length);
    const single = new NeuronBlock(n, false, P);
    segments.forEach((g, k) => batched.setSegment(k, g.from, g.to, g.iE, g.P));
    const u = uniformGenerator(5);
    for (let i = 0; i < n; i++) {
      const v = -5 + 22 * u();
      batched.set(FIELD.V, i, v);
      single.set(FIELD.V, i, v);
    }
    let total = 0;
    for (let t = 0; t < 300; t++) {
      for (let i = 0; i < n; i++) {
        const ex = u() < 0.5 ? 1200 * u() : 0;
        const inh = u() < 0.2 ? -900 * u() : 0;
        for (const b of [batched, single]) {
          b.set(FIELD.IN_EX, i, ex);
          b.set(FIELD.IN_IN, i, inh);
        }
      }
      // Segments 1..3 in one call after segment 0 alone, as the shard runs them around a segment it steps by itself.
      let count = batched.stepSegments(0, 1, 0);
      count = batched.stepSegments(1, 4, count);
      let expected = 0;
      const ends: number[] = [];
      for (const g of segments) {
        expected = single.step(g.from, g.to, g.iE, 0, expected, -1, 0, null, g.P);
        ends.push(expected);
      }
      expect(count).toBe(expected);
      expect(Array.from(batched.segmentEnds)).toEqual(ends);
      expect(Array.from(batched.spikes.subarray(0, count))).toEqual(Array.from(single.spikes.subarray(0, expected)));
      expect(batched.records).toEqual(single.records);
      total += count;
    }
    expect(total).toBeGreaterThan(500);
  });
});

/**
 * In-flight events (buckets by arrival step, block pool) and the Poisson drive of a population in
 * both of its schemes: per-neuron counts per step are independent Poisson(lambda) (chi-square against
 * the pmf, mean and variance), nothing arrives before the connection delay, and each step's input is
 * a function of the step alone.
 */
import { describe, expect, it } from 'vitest';
import { logGamma } from '../../../core/index.ts';
import { BLOCK_EVENTS, EventBuckets } from '../../../simulation/engine/event-buckets.ts';
import { workerLayout } from '../../../simulation/engine/layout.ts';
import { FIELD, NeuronBlock } from '../../../simulation/engine/neuron-block.ts';
import { computePropagators } from '../../../simulation/index.ts';
import { PoissonDrive, TABLE_FROM } from '../../../simulation/engine/poisson-drive.ts';
import { Simulation } from '../../../simulation/index.ts';
import { toyNetwork } from '../toy-network.ts';
import { chi2Critical, chiSquare } from './test-statistics.ts';

describe('event buckets', () => {
  it('deliver each step the events added for it, group by group, each in the order added, and reuse blocks', () => {
    const buckets = new EventBuckets(37, 2);
    expect(buckets.slots).toBe(64);
    const input = new Float64Array(8);
    // Step 5 gets several blocks' worth of events in two groups (even inputs in group 0, odd in group 1); step 6 one.
    const n5 = 3 * BLOCK_EVENTS + 17;
    for (let e = 0; e < n5; e++) buckets.add(5, e % 2, e % 8, 0.5 + e);
    buckets.add(6, 1, 3, -2.5);
    expect(buckets.count(5)).toBe(n5);
    const order: number[] = [];
    buckets.forEachRun(5, (words, weights, from, to) => {
      for (let at = from; at < to; at += 2) order.push(weights[at + 1]);
    });
    const added = Array.from({ length: n5 }, (_, e) => e);
    expect(order).toEqual([...added.filter((e) => e % 2 === 0), ...added.filter((e) => e % 2 === 1)].map((e) => Math.fround(0.5 + e)));
    const expected = new Float64Array(8);
    for (const e of [...added.filter((e) => e % 2 === 0), ...added.filter((e) => e % 2 === 1)]) expected[e % 8] += Math.fround(0.5 + e);
    expect(buckets.deliver(5, input)).toBe(n5);
    expect(input).toEqual(expected);
    expect(buckets.count(5)).toBe(0);
    const pool = buckets.poolBytes;
    for (let e = 0; e < n5; e++) buckets.add(9, 0, 0, 1);
    expect(buckets.poolBytes).toBe(pool); // freed blocks are reused
    input.fill(0);
    expect(buckets.deliver(6, input)).toBe(1);
    expect(input[3]).toBe(-2.5);
    expect(buckets.deliver(7, input)).toBe(0);
  });
});

/** Counts per neuron and step of a population's Poisson drive over `steps` steps (input / weight). */
function poissonCounts(K_ext: number, steps: number, from = 0, delaySteps?: number) {
  const sim = new Simulation(toyNetwork({ N: [400, 1, 1, 1], synapses: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], K_ext: [K_ext, 0, 0, 0], W_ext: 10 }), { t_sim: 0, areas_simulated: ['A'] }, { noOutput: true });
  const plan = sim.plan;
  // A delay that is not a whole ms starts the input within a block of the split channels.
  if (delaySteps !== undefined) plan.poisson[0][0] = { ...plan.poisson[0][0], delaySteps };
  const layout = workerLayout(plan, [[0, 1]], 0);
  const drive = new PoissonDrive(plan, layout.segments);
  const neurons = new NeuronBlock(layout.size, false, computePropagators(plan.neuron, plan.dt_ms));
  const counts = new Int32Array(400 * steps);
  let inhibitory = 0;
  for (let t = from; t < from + steps; t++) {
    neurons.records.fill(0);
    drive.apply(t, neurons);
    // The channel drawn inside the neuron step (neuron-block.ts; its equality with addTo is tested there).
    const table = drive.fusedChannel(0, t);
    if (table >= 0) drive.tables[table].addTo(drive.fusedRng, neurons.records, neurons.inputIndex(0, false), neurons.inputStride, 400, drive.fusedWeight_pA);
    for (let i = 0; i < 400; i++) {
      counts[(t - from) * 400 + i] = Math.round(neurons.get(FIELD.IN_EX, i) / 10);
      inhibitory += Math.abs(neurons.get(FIELD.IN_IN, i));
    }
  }
  return { counts, lambda: plan.poisson[0][0].rate_Hz * 1e-4, delay: plan.poisson[0][0].delaySteps, inhibitory };
}

describe('Poisson drive', () => {
  it.each([
    ['events per population (superposition)', 60, 10],
    ['events per population, input starting within a block', 60, 13],
    ['per-neuron table', 2500, 10],
  ])('%s: independent Poisson(lambda) counts per neuron and step', (_, K_ext, delaySteps) => {
    const { counts, lambda, delay, inhibitory } = poissonCounts(K_ext, 3000, 0, delaySteps);
    expect(lambda >= TABLE_FROM).toBe(K_ext === 2500);
    expect(delay).toBe(delaySteps);
    // Nothing before the connection delay.
    expect(counts.subarray(0, 400 * delay).every((c) => c === 0)).toBe(true);
    const active = counts.subarray(400 * delay);
    const pmf = (k: number) => Math.exp(-lambda + k * Math.log(lambda) - logGamma(k + 1));
    const { chi2, dof } = chiSquare(active, pmf, 0, Math.ceil(lambda + 10 * Math.sqrt(lambda) + 10));
    expect(chi2).toBeLessThan(chi2Critical(dof));
    const n = active.length;
    const mean = active.reduce((a, b) => a + b, 0) / n;
    const variance = active.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.03);
    // Neighbouring neurons and consecutive steps are uncorrelated.
    let cn = 0;
    let ct = 0;
    const rows = active.length / 400;
    for (let s = 1; s < rows; s++) {
      for (let i = 1; i < 400; i++) {
        cn += (active[s * 400 + i] - mean) * (active[s * 400 + i - 1] - mean);
        ct += (active[s * 400 + i] - mean) * (active[(s - 1) * 400 + i] - mean);
      }
    }
    const pairs = (rows - 1) * 399;
    expect(Math.abs(cn / pairs / variance)).toBeLessThan(5 / Math.sqrt(pairs));
    expect(Math.abs(ct / pairs / variance)).toBeLessThan(5 / Math.sqrt(pairs));
    expect(inhibitory).toBe(0);
  });

  it('the input of a step depends on the step alone (a resumed run continues exactly, also from within a block)', () => {
    for (const K of [60, 2500]) {
      const whole = poissonCounts(K, 200).counts;
      for (const from of [100, 105]) {
        const later = poissonCounts(K, 200 - from, from).counts;
        expect(later).toEqual(whole.subarray(400 * from));
      }
      const startingLate = poissonCounts(K, 40, 0, 13).counts;
      expect(poissonCounts(K, 25, 15, 13).counts).toEqual(startingLate.subarray(400 * 15));
    }
  });
});

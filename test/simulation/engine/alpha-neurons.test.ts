/**
 * iaf_psc_alpha populations in the engine: a tiny network (2 alpha neurons with their own parameters,
 * V_min, a current input and a virtual source's spikes; 1 iaf_psc_exp neuron they drive) gives the
 * spikes and V_m of the single-neuron models of simulation/neuron driven by the same input, bit for bit,
 * for 1 and 2 threads and both connectivity modes. A mixed network with recurrent edges and Poisson drive
 * gives the same spikes and V_m for 1, 2 and 3 threads and when stopped and resumed from its checkpoint.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SingleNeuronParams } from '../../../multiarea/index.ts';
import type { GivenEdges, NetworkPlan, PathwayPlan, PopulationPlan } from '../../../simulation/engine/plan.ts';
import { readSpikes, readVm, Simulation } from '../../../simulation/index.ts';
import { computeAlphaPropagators, IafPscAlphaState, stepIafPscAlpha } from '../../../simulation/neuron/iaf-psc-alpha.ts';
import { computePropagators, IafPscExpState, stepIafPscExp } from '../../../simulation/neuron/iaf-psc-exp.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const DT = 0.1;
const NEST_DEFAULTS: SingleNeuronParams = { E_L: -70, C_m: 250, tau_m: 10, t_ref: 2, V_th: -55, V_reset: -70, tau_syn_ex: 2, tau_syn_in: 2 };
const ALPHA: SingleNeuronParams = { E_L: -65, V_th: -52, V_reset: -68, C_m: 200, tau_m: 15, tau_syn_ex: 1, tau_syn_in: 3, t_ref: 3 };
const V_MIN = -69;

/** Edge [source gid, target gid, weight pA, delay steps]. */
type Edge = [number, number, number, number];

interface PlanSpec {
  nSteps: number;
  /** Steps between V_m samples (default 1). */
  vmIntervalSteps?: number;
  populations: Omit<PopulationPlan, 'first' | 'matrixIndex' | 'area' | 'recordSpikes' | 'nVm'>[];
  virtualSize: number;
  /** Emission steps of the virtual sources' spikes, ascending: [step, gid]. */
  virtualSpikes: [number, number][];
  edges: Edge[];
  initialVm_mV: number[];
  currents: (Float64Array | null)[];
  poisson?: NetworkPlan['poisson'];
}

/** A plan of given populations and edges (grouped into pathways by target and source population, sources ascending). */
function makePlan(s: PlanSpec): NetworkPlan {
  let first = 0;
  const populations = s.populations.map((p, i) => {
    const pop: PopulationPlan = { ...p, area: 'net', matrixIndex: i, first, recordSpikes: true, nVm: p.size };
    first += p.size;
    return pop;
  });
  const total = first;
  const P = populations.length;
  const popOf = (gid: number) => (gid >= total ? P : populations.findIndex((p) => gid < p.first + p.size));
  const order = s.edges.map((e, k) => k).sort((a, b) => {
    const [ea, eb] = [s.edges[a], s.edges[b]];
    return popOf(ea[1]) - popOf(eb[1]) || popOf(ea[0]) - popOf(eb[0]) || ea[0] - eb[0] || a - b;
  });
  const edges: GivenEdges = {
    source: Int32Array.from(order, (k) => s.edges[k][0]),
    target: Int32Array.from(order, (k) => s.edges[k][1]),
    weight_pA: Float32Array.from(order, (k) => s.edges[k][2]),
    delaySteps: Int32Array.from(order, (k) => s.edges[k][3]),
  };
  const pathways: PathwayPlan[] = [];
  order.forEach((k, at) => {
    const [target, source] = [popOf(s.edges[k][1]), popOf(s.edges[k][0])];
    const last = pathways[pathways.length - 1];
    if (last && last.target === target && last.source === source) last.count++;
    else pathways.push({ target, source, key: -1, count: 1, weightMean_pA: 0, weightSd_pA: 0, weightMin_pA: -Infinity, weightMax_pA: Infinity, delayMean_ms: 1, delaySd_ms: 0, given: { edgeStart: at } });
  });
  const stepStart = new Int32Array(s.nSteps + 1);
  for (const [step] of s.virtualSpikes) stepStart[step + 1]++;
  for (let t = 0; t < s.nSteps; t++) stepStart[t + 1] += stepStart[t];
  return {
    dt_ms: DT,
    nSteps: s.nSteps,
    seed: 3,
    neuron: NEST_DEFAULTS,
    V0_mean_mV: NaN,
    V0_sd_mV: NaN,
    initialVm_mV: Float64Array.from(s.initialVm_mV),
    populations,
    totalNeurons: total,
    pathways,
    virtualPopulations: [{ label: 'input', first: total, size: s.virtualSize }],
    virtualSpikes: { stepStart, gid: Int32Array.from(s.virtualSpikes, (x) => x[1]) },
    edges,
    poisson: s.poisson ?? populations.map(() => []),
    currents: s.currents,
    vm: { startStep: 0, stopStep: s.nSteps, intervalSteps: s.vmIntervalSteps ?? 1 },
    spikeStartStep: 0,
    runaway: { maxRate_Hz: 1e9, window_ms: 10 },
  };
}

async function run(plan: NetworkPlan, threads: number, connectivity: 'explicit' | 'procedural' = 'explicit') {
  const sim = new Simulation({ label: 'alpha', params: {}, plan }, { dt: DT, t_sim: plan.nSteps * DT, rng_seed: plan.seed, threads, connectivity }, { dataPath: tempDir('mam-alpha-') });
  const log = await sim.run();
  expect(log.status).toBe('completed');
  return { spikes: readSpikes(sim.dataDir), vm: readVm(sim.dataDir) };
}

/** One neuron of a single-neuron model: input arriving per step (excitatory, inhibitory, current), V_m (mV) after each step and spike steps. */
function reference(model: 'alpha' | 'exp', params: SingleNeuronParams, I_e: number, V0: number, ex: Float64Array, inh: Float64Array, current: Float64Array | null) {
  const alpha = model === 'alpha';
  const state = alpha ? new IafPscAlphaState(1) : new IafPscExpState(1);
  state.setVm(0, V0, params.E_L);
  const Palpha = computeAlphaPropagators(params, DT, V_MIN);
  const Pexp = computePropagators(params, DT);
  const spikes: number[] = [];
  const vm: number[] = [];
  const out = new Int32Array(1);
  for (let s = 0; s < ex.length; s++) {
    const [e, i, c] = [Float64Array.of(ex[s]), Float64Array.of(inh[s]), current && Float64Array.of(current[s])];
    const n = alpha ? stepIafPscAlpha(state as IafPscAlphaState, Palpha, I_e, 0, 1, e, i, 0, c, out, 0) : stepIafPscExp(state, Pexp, I_e, 0, 1, e, i, 0, c, out, 0);
    if (n > 0) spikes.push(s);
    vm.push(state.v[0] + params.E_L);
  }
  return { spikes, vm };
}

describe('iaf_psc_alpha neurons in the engine', () => {
  const nSteps = 1000;
  const inputSteps = Array.from({ length: 60 }, (_, k) => 15 * k + (k % 3) * 2);
  const current = new Float64Array(nSteps);
  current.fill(400, 200, 500);
  current.fill(-100, 700, 800);
  // gids: A0 = 0, A1 = 1 (alpha), B0 = 2 (exp), the virtual source 3.
  const edges: Edge[] = [
    [3, 0, 500, 15],
    [3, 1, -100, 5],
    [0, 1, 2000, 20],
    [0, 2, 900, 20],
    [3, 2, 300, 10],
  ];
  const V0 = [-60, -66, -70];
  const plan = makePlan({
    nSteps,
    populations: [
      { label: 'A', size: 2, I_e_pA: 120, neuron: ALPHA, model: 'iaf_psc_alpha', V_min_mV: V_MIN },
      { label: 'B', size: 1, I_e_pA: 0 },
    ],
    virtualSize: 1,
    virtualSpikes: inputSteps.map((s) => [s, 3]),
    edges,
    initialVm_mV: V0,
    currents: [current, null],
  });

  /** The single-neuron models driven by the virtual spikes and each other's spikes (an edge's event arrives delay steps after the emission step). */
  function references() {
    const arrivals = (from: number[], w: number, d: number, into: [Float64Array, Float64Array]) => from.forEach((s) => s + d < nSteps && (into[w >= 0 ? 0 : 1][s + d] += w));
    const inputs = () => [new Float64Array(nSteps), new Float64Array(nSteps)] as [Float64Array, Float64Array];
    const in0 = inputs();
    arrivals(inputSteps, 500, 15, in0);
    const a0 = reference('alpha', ALPHA, 120, V0[0], ...in0, current);
    const in1 = inputs();
    arrivals(inputSteps, -100, 5, in1);
    arrivals(a0.spikes, 2000, 20, in1);
    const a1 = reference('alpha', ALPHA, 120, V0[1], ...in1, current);
    const in2 = inputs();
    arrivals(a0.spikes, 900, 20, in2);
    arrivals(inputSteps, 300, 10, in2);
    const b0 = reference('exp', NEST_DEFAULTS, 0, V0[2], ...in2, null);
    return [a0, a1, b0];
  }

  it('gives the spikes and V_m of the single-neuron models, bit for bit, for 1 and 2 threads and both connectivity modes', async () => {
    const refs = references();
    // The input makes every neuron fire, and the inhibition holds neuron 1 at V_min for a while.
    for (const r of refs) expect(r.spikes.length).toBeGreaterThan(3);
    expect(refs[1].vm.filter((v) => v === V_MIN).length).toBeGreaterThan(5);
    for (const [threads, mode] of [[1, 'explicit'], [2, 'explicit'], [2, 'procedural']] as const) {
      const { spikes, vm } = await run(plan, threads, mode);
      refs.forEach((ref, gid) => {
        const stamps = Array.from(spikes.timesMs.filter((_, k) => spikes.senders[k] === gid), (t) => Math.round(t / DT));
        expect(stamps).toEqual(ref.spikes.map((s) => s + 1));
        const idx = Array.from(vm.senders.keys()).filter((k) => vm.senders[k] === gid);
        expect(idx.length).toBeGreaterThan(900);
        // A sample stamped s holds V_m after step s - 1.
        expect(idx.map((k) => vm.vmMv[k])).toEqual(idx.map((k) => ref.vm[Math.round(vm.timesMs[k] / DT) - 1]));
      });
    }
  });
});

/** A deterministic pseudo-random network for the thread and checkpoint comparisons. */
function mixedPlan(nSteps: number, vmIntervalSteps = 1): NetworkPlan {
  let x = 12345;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const sizes = [40, 30, 30];
  const total = sizes.reduce((a, b) => a + b, 0);
  const edges: Edge[] = [];
  for (let t = 0; t < total; t++) {
    for (let k = 0; k < 12; k++) {
      const s = Math.floor(next() * total);
      edges.push([s, t, s < 40 ? 60 + 40 * next() : -150 - 100 * next(), 1 + Math.floor(next() * 30)]);
    }
    edges.push([total + (t % 5), t, 120, 5 + (t % 7)]);
  }
  const current = new Float64Array(nSteps);
  for (let t = 0; t < nSteps; t++) current[t] = 200 * Math.sin(t / 300);
  const virtualSpikes: [number, number][] = [];
  for (let t = 0; t < nSteps; t += 37) virtualSpikes.push([t, total + ((t / 37) % 5)]);
  return makePlan({
    nSteps,
    vmIntervalSteps,
    populations: [
      { label: 'E-alpha', size: 40, I_e_pA: 300, neuron: ALPHA, model: 'iaf_psc_alpha' },
      { label: 'I-exp', size: 30, I_e_pA: 200 },
      { label: 'X-alpha', size: 30, I_e_pA: 100, model: 'iaf_psc_alpha', V_min_mV: -75 },
    ],
    virtualSize: 5,
    virtualSpikes,
    edges,
    initialVm_mV: Array.from({ length: total }, () => -70 + 15 * next()),
    currents: [null, null, current],
    // Per-neuron table draws (8000 Hz) and per-population event draws (500 Hz), excitatory and inhibitory.
    poisson: [0, 1, 2].map((p) => [
      { rate_Hz: 8000, weight_pA: 40 + 5 * p, delaySteps: 1 },
      { rate_Hz: 500, weight_pA: -60, delaySteps: 3 },
    ]),
  });
}

describe('a network of iaf_psc_alpha and iaf_psc_exp populations', () => {
  it('gives the same spikes and V_m for 1, 2 and 3 threads', async () => {
    const plan = mixedPlan(3000);
    const ref = await run(plan, 1);
    expect(ref.spikes.senders.length).toBeGreaterThan(500);
    for (let pop = 0; pop < 3; pop++) {
      const { first, size } = plan.populations[pop];
      expect(ref.spikes.senders.filter((g) => g >= first && g < first + size).length).toBeGreaterThan(50);
    }
    for (const threads of [2, 3]) {
      const r = await run(plan, threads);
      expect(Buffer.from(r.spikes.senders.buffer).equals(Buffer.from(ref.spikes.senders.buffer))).toBe(true);
      expect(Buffer.from(r.spikes.timesMs.buffer).equals(Buffer.from(ref.spikes.timesMs.buffer))).toBe(true);
      expect(Buffer.from(r.vm.vmMv.buffer).equals(Buffer.from(ref.vm.vmMv.buffer))).toBe(true);
    }
  });

  it('stopped and resumed from its checkpoint (with another thread count), equals the uninterrupted run', async () => {
    // Long enough (10 s) that the run outlasts the first 100 ms chunk of wall time, after which the stop is asked.
    const plan = mixedPlan(100_000, 100);
    const ref = await run(plan, 1);
    const root = tempDir('mam-alpha-ckpt-');
    const sim = new Simulation({ label: 'alpha-ckpt', params: {}, plan }, { dt: DT, t_sim: plan.nSteps * DT, rng_seed: plan.seed, threads: 2, checkpoint: { every_min: 10 } }, { dataPath: root });
    const stopped = await sim.run({ onProgress: (p) => p.phase === 'simulate' && p.simulatedMs > 20 && sim.requestStop() });
    expect(stopped.status).toBe('interrupted');
    expect(stopped.simulated_ms).toBeLessThan(plan.nSteps * DT);
    expect(readdirSync(sim.dataDir).filter((n) => n.startsWith('checkpoint-')).length).toBe(1);
    const resumed = new Simulation({ label: 'alpha-ckpt', params: {}, plan }, { dt: DT, t_sim: plan.nSteps * DT, rng_seed: plan.seed, threads: 3 }, { dataPath: root });
    const log = await resumed.run({ resume: sim.dataDir });
    expect(log).toMatchObject({ status: 'completed', resumed_from_ms: stopped.simulated_ms });
    const spikes = readSpikes(resumed.dataDir);
    const vm = readVm(resumed.dataDir);
    expect(Buffer.from(spikes.senders.buffer).equals(Buffer.from(ref.spikes.senders.buffer))).toBe(true);
    expect(Buffer.from(spikes.timesMs.buffer).equals(Buffer.from(ref.spikes.timesMs.buffer))).toBe(true);
    expect(Buffer.from(vm.vmMv.buffer).equals(Buffer.from(ref.vm.vmMv.buffer))).toBe(true);
  });
});

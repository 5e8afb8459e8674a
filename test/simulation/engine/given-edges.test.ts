/**
 * Given connectivity and per-population neuron parameters in the engine: the toy network's drawn
 * synapses and initial potentials, handed back as given edges and values, simulate exactly the same
 * spikes and V_m as the drawn network, for 1 and 2 threads and both connectivity modes; parameters
 * set per population equal to the common ones change nothing, different ones change the activity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawNetworkSynapses, initialMembranePotentials } from '../../../simulation/engine/network-synapses.ts';
import type { NetworkPlan, PathwayPlan } from '../../../simulation/engine/plan.ts';
import { readSpikes, readVm, Simulation } from '../../../simulation/index.ts';
import { toyNetwork } from '../toy-network.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-given-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runCount = 0;

const simParams = { t_sim: 100, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.1 } };
const direct = () => new Simulation(toyNetwork({ addDC: [360, 360, 360, 360] }), simParams, { dataPath: join(root, `run${runCount++}`) });

/** The plan with its pathways replaced by their drawn synapses as given edges (grouped by pathway, ascending sources). */
function givenPlan(plan: NetworkPlan): NetworkPlan {
  const syn = drawNetworkSynapses(plan);
  const popOf = new Int32Array(plan.totalNeurons);
  plan.populations.forEach((p, i) => popOf.fill(i, p.first, p.first + p.size));
  const P = plan.populations.length;
  const byPair = new Map<number, number[]>();
  for (let e = 0; e < syn.count; e++) {
    const key = popOf[syn.target[e]] * P + popOf[syn.source[e]];
    if (!byPair.has(key)) byPair.set(key, []);
    byPair.get(key)!.push(e);
  }
  const order = [...byPair.keys()].sort((a, b) => a - b).flatMap((k) => byPair.get(k)!);
  const edges = {
    source: Int32Array.from(order, (e) => syn.source[e]),
    target: Int32Array.from(order, (e) => syn.target[e]),
    weight_pA: Float32Array.from(order, (e) => syn.weight_pA[e]),
    delaySteps: Int32Array.from(order, (e) => syn.delaySteps[e]),
  };
  let at = 0;
  const pathways: PathwayPlan[] = [...byPair.keys()].sort((a, b) => a - b).map((key) => {
    const count = byPair.get(key)!.length;
    const pw: PathwayPlan = { target: Math.floor(key / P), source: key % P, key: -1, count, weightMean_pA: 0, weightSd_pA: 0, weightMin_pA: -Infinity, weightMax_pA: Infinity, delayMean_ms: 1, delaySd_ms: 0, given: { edgeStart: at } };
    at += count;
    return pw;
  });
  return { ...plan, V0_mean_mV: NaN, V0_sd_mV: NaN, initialVm_mV: initialMembranePotentials(plan), pathways, edges };
}

async function runPlan(plan: NetworkPlan, threads: number, connectivity: 'explicit' | 'procedural' = 'explicit') {
  const sim = new Simulation({ label: 'given', params: {}, plan }, { ...simParams, threads, connectivity }, { dataPath: join(root, `run${runCount++}`) });
  const log = await sim.run();
  expect(log.status).toBe('completed');
  return { log, spikes: readSpikes(sim.dataDir), vm: readVm(sim.dataDir) };
}

describe('given edges', () => {
  it('simulate the spikes and V_m of the same synapses drawn, for 1 and 2 threads and both modes', async () => {
    const sim = direct();
    const log = await sim.run();
    const ref = { log, spikes: readSpikes(sim.dataDir), vm: readVm(sim.dataDir) };
    expect(ref.spikes.senders.length).toBeGreaterThan(100);
    const plan = givenPlan(sim.plan);
    for (const [threads, mode] of [[1, 'explicit'], [2, 'explicit'], [2, 'procedural']] as const) {
      const run = await runPlan(plan, threads, mode);
      expect(run.log.threads).toBe(threads);
      expect(run.log.synapses).toBe(ref.log.synapses);
      expect(run.log.synaptic_events).toBe(ref.log.synaptic_events);
      expect(Array.from(run.spikes.senders)).toEqual(Array.from(ref.spikes.senders));
      expect(Array.from(run.spikes.timesMs)).toEqual(Array.from(ref.spikes.timesMs));
      expect(Array.from(run.vm.vmMv)).toEqual(Array.from(ref.vm.vmMv));
    }
  });

  it('refuse edges out of source order or onto another population', async () => {
    const plan = givenPlan(direct().plan);
    const swapped = { ...plan.edges!, source: plan.edges!.source.slice() };
    [swapped.source[0], swapped.source[plan.pathways[0].count - 1]] = [swapped.source[plan.pathways[0].count - 1], swapped.source[0]];
    await expect(runPlan({ ...plan, edges: swapped }, 1)).rejects.toThrow(/given edge 0 has source .*ascending order|given edge \d+ has source/);
    const moved = { ...plan.edges!, target: plan.edges!.target.slice() };
    moved.target[0] = plan.totalNeurons - 1;
    await expect(runPlan({ ...plan, edges: moved }, 1)).rejects.toThrow(/given edge 0 has target \d+; expected 0 \.\. 79/);
  });
});

describe('per-population neuron parameters', () => {
  it('equal to the common ones give identical spikes; a different tau_m in one population changes them, identically for 1 and 2 threads', async () => {
    const sim = direct();
    await sim.run();
    const ref = readSpikes(sim.dataDir);
    const plan = sim.plan;
    const same = await runPlan({ ...plan, populations: plan.populations.map((p) => ({ ...p, neuron: { ...plan.neuron } })) }, 2);
    expect(Array.from(same.spikes.senders)).toEqual(Array.from(ref.senders));
    expect(Array.from(same.spikes.timesMs)).toEqual(Array.from(ref.timesMs));
    const changed = { ...plan, populations: plan.populations.map((p, i) => (i === 1 ? { ...p, neuron: { ...plan.neuron, tau_m: 20, E_L: -60, V_reset: -60 } } : p)) };
    const [a, b] = [await runPlan(changed, 1), await runPlan(changed, 2)];
    expect(Array.from(b.spikes.senders)).toEqual(Array.from(a.spikes.senders));
    expect(Array.from(b.vm.vmMv)).toEqual(Array.from(a.vm.vmMv));
    expect(Array.from(a.spikes.senders)).not.toEqual(Array.from(ref.senders));
  });
});

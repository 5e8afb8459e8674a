import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEADER_BYTES, populationRates, readRunLayout, readSpikes, Simulation, SPIKE_MAGIC } from '../../../simulation/index.ts';
import { HAS_SHARED, SKIP_SHARED_MESSAGE } from '../../helpers/shared.ts';
import { toyNetwork } from '../toy-network.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-rec-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('recording', () => {
  it('writes documented spike files, population rates count them, and a cut file stays readable', async () => {
    const sim = new Simulation(toyNetwork({ addDC: [360, 360, 360, 360] }), { t_sim: 100, recording_dict: { areas_recorded: ['A'] } }, { dataPath: root });
    const log = await sim.run();
    expect(sim.dataDir).toBe(join(root, sim.label));
    const file = join(sim.dataDir, 'spikes-0.bin');
    const bytes = readFileSync(file);
    expect(bytes.toString('latin1', 0, 8)).toBe(SPIKE_MAGIC);
    expect(bytes.readDoubleLE(16)).toBe(0.1);
    const spikes = readSpikes(sim.dataDir);
    expect((bytes.length - HEADER_BYTES) / 8).toBe(spikes.senders.length);
    // Only area A (ids 0..99) is recorded, and the run log counts all spikes.
    expect(Math.max(...spikes.senders)).toBeLessThan(100);
    expect(log.spikes).toBeGreaterThan(spikes.senders.length);
    const layout = readRunLayout(sim.dataDir);
    expect(layout.populations.map((p) => [p.label, p.first, p.size, p.recordSpikes])).toEqual([
      ['A-E', 0, 80, true],
      ['A-I', 80, 20, true],
      ['B-E', 100, 80, false],
      ['B-I', 180, 20, false],
    ]);
    const rates = populationRates(sim.dataDir, 20, 100);
    const inWindow = (lo: number, hi: number) =>
      [...spikes.timesMs.keys()].filter((i) => spikes.timesMs[i] >= 20 - 1e-9 && spikes.timesMs[i] < 100 - 1e-9 && spikes.senders[i] >= lo && spikes.senders[i] < hi).length;
    expect(rates['A-E']).toBeCloseTo(inWindow(0, 80) / (80 * 0.08), 12);
    expect(rates['A-I']).toBeCloseTo(inWindow(80, 100) / (20 * 0.08), 12);
    expect(Object.keys(rates)).toEqual(['A-E', 'A-I']);
    expect(() => populationRates(sim.dataDir, 50, 200)).toThrow(/rates window: t_max = 200 ms, but the spikes of .* are valid only up to 100 ms \(the end of the run, t_sim = 100 ms\); expected t_max <= 100 ms/);
    // An interrupted writer leaves a partial record: ignored.
    appendFileSync(file, Buffer.from([1, 2, 3]));
    expect(readSpikes(sim.dataDir).senders.length).toBe(spikes.senders.length);
    const runLog = JSON.parse(readFileSync(join(sim.dataDir, 'run_log.json'), 'utf8'));
    expect(runLog).toMatchObject({ status: 'completed', spikes: log.spikes, synapses: log.synapses, simulated_ms: 100 });
    const params = JSON.parse(readFileSync(join(sim.dataDir, 'params.json'), 'utf8'));
    expect(params.sim_params.t_sim).toBe(100);
    expect(params.network_label).toBe('toy');
  });

  it('a rerun of the same label replaces the record files of the previous run', async () => {
    const net = toyNetwork({ addDC: [360, 360, 360, 360] });
    const two = new Simulation(net, { t_sim: 30, threads: 2 }, { dataPath: root });
    await two.run();
    const first = readSpikes(two.dataDir);
    const one = new Simulation(net, { t_sim: 30, threads: 1 }, { dataPath: root });
    expect(one.dataDir).toBe(two.dataDir);
    await one.run();
    expect(existsSync(join(one.dataDir, 'spikes-1.bin'))).toBe(false);
    expect(Array.from(readSpikes(one.dataDir).senders)).toEqual(Array.from(first.senders));
  });

  it('labels depend on parameters and network, not on the thread count', () => {
    const a = new Simulation(toyNetwork(), { t_sim: 10 }, { noOutput: true });
    const b = new Simulation(toyNetwork(), { t_sim: 10, threads: 2 }, { noOutput: true });
    const c = new Simulation(toyNetwork(), { t_sim: 20 }, { noOutput: true });
    const d = new Simulation({ ...toyNetwork(), label: 'other' }, { t_sim: 10 }, { noOutput: true });
    expect(a.label).toBe(b.label);
    expect(c.label).not.toBe(a.label);
    expect(d.label).not.toBe(a.label);
    expect(a.label).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe.skipIf(!HAS_SHARED)('down-scaled 32-area network (../shared/refs/structure/case_downscaled.json)', () => {
  if (!HAS_SHARED) {
    it.skip(SKIP_SHARED_MESSAGE, () => {});
    return;
  }
  it("creates the model's neuron and synapse numbers (int of N and of each synapse number)", async () => {
    const { downscaledNetwork } = await import('../downscaled-network.ts');
    const net = downscaledNetwork();
    const sim = new Simulation(net, { t_sim: 0 }, { noOutput: true });
    const log = await sim.run();
    const n = net.raw.N_vec.length;
    const neurons = net.raw.N_vec.reduce((s: number, x: number) => s + Math.trunc(x), 0);
    let synapses = 0;
    for (const row of net.raw.syn_matrix) for (let j = 0; j < n; j++) synapses += Math.trunc(row[j]);
    expect(log.neurons).toBe(neurons);
    expect(log.neurons).toBe(41174);
    expect(log.synapses).toBe(synapses);
    expect(log.bytes_per_synapse).toBe(8);
    // External Poisson drive per population: K_ext * rate_ext through W_ext.
    const row = net.raw.structure_vec.indexOf('V1-4E');
    expect(sim.plan.poisson[sim.plan.populations.findIndex((p) => p.label === 'V1-4E')]).toEqual([
      { rate_Hz: net.raw.K_matrix[row][n] * 10, weight_pA: net.raw.W_matrix[row][n], delaySteps: 10 },
    ]);
  });
});

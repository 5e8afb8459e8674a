/**
 * `simulateSonata` on a circuit exported by `exportSonataCircuit`: the same spikes as our engine
 * simulating the network directly (same seed), for 1 and 2 threads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSpikes, Simulation } from '../../../simulation/index.ts';
import { exportSonataCircuit, readSonataSpikes, simulateSonata } from '../../../simulation/sonata/index.ts';
import { toyNetwork } from '../toy-network.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-sonata-sim-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('round trip: export, then simulate the SONATA circuit', () => {
  it('gives exactly the spikes of the direct run, for 1 and 2 threads', async () => {
    const network = toyNetwork({ addDC: [360, 300, 360, 300] });
    const simParams = { t_sim: 200, rng_seed: 7 };
    const direct = new Simulation(network, simParams, { dataPath: join(root, 'direct') });
    await direct.run();
    const ref = readSpikes(direct.dataDir);
    expect(ref.senders.length).toBeGreaterThan(200);
    const circuit = join(root, 'circuit');
    await exportSonataCircuit(network, simParams, circuit);
    for (const threads of [1, 2]) {
      const out = join(root, `out${threads}`);
      const r = await simulateSonata(join(circuit, 'simulation_config.json'), { threads, outputDir: out });
      expect(r.log.status).toBe('completed');
      expect(r.neurons).toBe(200);
      const got = (await readSonataSpikes(r.spikesFile)).multiarea;
      expect(got.sorting).toBe('by_time');
      expect(Array.from(got.nodeIds)).toEqual(Array.from(ref.senders));
      expect(Array.from(got.timestampsMs, (t) => Math.round(t * 10))).toEqual(Array.from(ref.timesMs, (t) => Math.round(t * 10)));
      // The run folder is ours: its spikes are the same (node ids = global ids here).
      expect(Array.from(readSpikes(r.runDir).senders)).toEqual(Array.from(ref.senders));
    }
  });
});

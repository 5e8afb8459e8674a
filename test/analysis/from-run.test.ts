import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisOfRun, cvIsi, lvr } from '../../analysis/index.ts';
import { populationRates, readSpikes, Simulation } from '../../simulation/index.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { toyNetwork } from '../simulation/toy-network.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-analysis-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('analysis of a simulation run folder', () => {
  it('splits the recorded spikes by population and agrees with the simulator\'s own rates', async () => {
    const sim = new Simulation(toyNetwork({ addDC: [380, 380, 380, 380] }), { t_sim: 200, recording_dict: { areas_recorded: ['A'] } }, { dataPath: root });
    await sim.run();
    const analysis = analysisOfRun(sim.dataDir, { window: { t_min_ms: 50, t_max_ms: 200 } });
    expect(analysis.structureVec).toEqual(['A-E', 'A-I']);

    // Rates from two independent code paths: the simulator's counter and the analysis toolkit.
    const simRates = populationRates(sim.dataDir, 50, 200);
    const rates = analysis.rates();
    for (const label of ['A-E', 'A-I']) expect(rates.populations[label]).toBeCloseTo(simRates[label], 9);
    expect(rates.populations['A-E']).toBeGreaterThan(0);

    // CV and LvR equal those of the hand-split spike trains (local neuron ids 0..79 of A-E).
    const all = readSpikes(sim.dataDir);
    const keep = [...all.senders.keys()].filter((i) => all.senders[i] < 80);
    const ae = { times_ms: Float64Array.from(keep, (i) => all.timesMs[i]), senders: Int32Array.from(keep, (i) => all.senders[i]) };
    const window = { t_min_ms: 50, t_max_ms: 200 };
    expect(analysis.cvIsi().populations['A-E']).toBeCloseTo(cvIsi(ae, 80, window).mean, 12);
    expect(analysis.lvr().populations['A-E']).toBeCloseTo(lvr(ae, 80, window, 2).mean, 12);

    const out = execFileSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), 'analyze', '--run', sim.dataDir, '--t-min', '50'], { encoding: 'utf8' });
    expect(out).toMatch(/^\s+A\s+\d/m);
  });

  it('ends the default window where a run stopped early, and refuses a window beyond it', async () => {
    const sim = new Simulation(toyNetwork({ addDC: [2000, 2000, 2000, 2000] }), { t_sim: 500, runaway: { max_rate: 200, window: 20 } }, { dataPath: root });
    const log = await sim.run();
    expect(log.status).toBe('runaway');
    const analysis = analysisOfRun(sim.dataDir);
    expect(analysis.window).toEqual({ t_min_ms: log.simulated_ms / 2, t_max_ms: log.simulated_ms });
    // The rate over the time actually simulated, not diluted by the 480 ms that never ran.
    expect(analysis.rates().populations['A-E']).toBeGreaterThan(200);
    expect(() => analysisOfRun(sim.dataDir, { window: { t_max_ms: 500 } })).toThrow(/t_max_ms = 500; expected at most 20 ms/);
  });

  it('names the folder when it is not a run', () => {
    expect(() => analysisOfRun(root)).toThrow(/populations\.json not found/);
  });
});

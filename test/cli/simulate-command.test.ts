import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { populationRates } from '../../simulation/index.ts';

const root = mkdtempSync(join(tmpdir(), 'mam-cli-sim-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mam simulate / mam rates', () => {
  it('simulates V1 of the down-scaled model from a sim file plus shortcuts and writes rates JSON', async () => {
    const simFile = join(root, 'sim.yaml');
    writeFileSync(simFile, 'rng_seed: 3\nrecording_dict:\n  areas_recorded: [V1]\n');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await main(['node', 'mam', 'simulate', '--sim', simFile, '--scale', '0.01', '--t-sim', '30', '--areas', 'V1', '--threads', '2', '--out', root, '--no-progress']);
      const lines = log.mock.calls.map((c) => String(c[0]));
      const dir = lines.find((l) => l.startsWith('Run folder: '))!.slice('Run folder: '.length);
      const runLog = JSON.parse(readFileSync(join(dir, 'run_log.json'), 'utf8'));
      expect(runLog).toMatchObject({ status: 'completed', threads: 2, simulated_ms: 30 });
      const params = JSON.parse(readFileSync(join(dir, 'params.json'), 'utf8'));
      expect(params.sim_params).toMatchObject({ rng_seed: 3, t_sim: 30, areas_simulated: ['V1'], threads: 2 });
      const out = join(root, 'rates.json');
      await main(['node', 'mam', 'rates', '--run', dir, '--t-min', '10', '--t-max', '30', '--out', out]);
      const rates = JSON.parse(readFileSync(out, 'utf8'));
      expect(Object.keys(rates)).toEqual(['V1-23E', 'V1-23I', 'V1-4E', 'V1-4I', 'V1-5E', 'V1-5I', 'V1-6E', 'V1-6I']);
      expect(rates).toEqual(populationRates(dir, 10, 30));
    } finally {
      log.mockRestore();
    }
  });

  it('reports bad parameters by name without running', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      process.exitCode = 0;
      await main(['node', 'mam', 'simulate', '--scale', '0.01', '--areas', 'V1,XY', '--out', root, '--no-progress']);
      expect(process.exitCode).toBe(1);
      expect(String(err.mock.calls[0][0])).toMatch(/areas_simulated: unknown area "XY"/);
      await main(['node', 'mam', 'rates', '--run', join(root, 'none'), '--t-min', '0', '--t-max', '10']);
      expect(String(err.mock.calls[1][0])).toMatch(/none: not found; expected a run folder of `mam simulate`/);
    } finally {
      process.exitCode = 0;
      err.mockRestore();
    }
    expect(existsSync(join(root, 'none'))).toBe(false);
  });
});

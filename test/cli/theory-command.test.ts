/** `mam theory`: JSON output, per-area table, scan summary and parameter errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'mam-theory-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mam(...args: string[]) {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mam theory', () => {
  it('writes structure_vec, rates and the trajectory and prints a per-area table', () => {
    writeFileSync(join(dir, 'net.yaml'), 'connection_params:\n  cc_weights_factor: 1.0\n  cc_weights_I_factor: 1.0\n');
    writeFileSync(join(dir, 'th.yaml'), 'T: 20\nrec_interval: 1\n');
    const r = mam('theory', '--params', 'net.yaml', '--theory', 'th.yaml', '--out', 'rates.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/T = 20 ms/);
    expect(r.out).toMatch(/\n\s+V1\s+\d+\.\d{3}/);
    expect(r.out).toMatch(/\n\s+TH\s+[\d.]+\s+[\d.]+\s+-\s+-/);
    const json = JSON.parse(readFileSync(join(dir, 'rates.json'), 'utf8'));
    expect(json.structure_vec.length).toBe(254);
    expect(json.rates.length).toBe(254);
    expect(json.trajectory_times).toEqual(Array.from({ length: 21 }, (_, k) => k));
    expect(json.trajectory.length).toBe(254);
    expect(json.trajectory[0].length).toBe(21);
    expect(json.trajectory[0][20]).toBe(json.rates[0]);
  });

  it('--scan random_uniform --iter lists the end states of several initial conditions', () => {
    writeFileSync(join(dir, 'short.yaml'), 'T: 5\ninitial_rates_max: 5\n');
    const r = mam('theory', '--params', 'net.yaml', '--theory', 'short.yaml', '--scan', 'random_uniform', '--iter', '2', '--out', 'scan.json');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 initial condition\(s\)/);
    expect(r.out).toMatch(/distinct fixed point\(s\)|not settled/);
    const json = JSON.parse(readFileSync(join(dir, 'scan.json'), 'utf8'));
    expect(json.rates.length).toBe(2);
    expect(json.trajectory.length).toBe(2);
  });

  it('reports invalid theory parameters by name', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'dt: -1\n');
    const r = mam('theory', '--theory', 'bad.yaml');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/dt: got -1; expected a number > 0/);
  });
});

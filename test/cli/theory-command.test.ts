/** `mam theory`: JSON output with convergence, fixed points vs unsettled runs, λ_max labels, and errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'mam-theory-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mam(...args: string[]) {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Largest range (max - min) of any population's rate over the last `samples` + 1 recorded samples. */
function lastRange(trajectory: number[][], samples: number): number {
  return Math.max(...trajectory.map((r) => Math.max(...r.slice(-samples - 1)) - Math.min(...r.slice(-samples - 1))));
}

describe('mam theory', () => {
  it('reports a converged run as a fixed point, with label, units and convergence in the JSON', () => {
    writeFileSync(join(dir, 'net.yaml'), 'connection_params:\n  cc_weights_factor: 1.0\n  cc_weights_I_factor: 1.0\n');
    writeFileSync(join(dir, 'th.yaml'), 'T: 50\nrec_interval: 0.5\n');
    const r = mam('theory', '--params', 'net.yaml', '--theory', 'th.yaml', '--out', 'rates.json', '--stability');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/T = 50 ms/);
    expect(r.out).toMatch(/\nFixed point: mean rate \d+\.\d{3} spikes\/s; largest change within the last 1 ms \d\.\de-\d+ spikes\/s; lambda_max 0\.\d{4}\n/);
    expect(r.out).not.toMatch(/NOT SETTLED|not a fixed point/);
    expect(r.out).toMatch(/\n\s+V1\s+\d+\.\d{3}/);
    expect(r.out).toMatch(/\n\s+TH\s+[\d.]+\s+[\d.]+\s+-\s+-/);
    const json = JSON.parse(readFileSync(join(dir, 'rates.json'), 'utf8'));
    const model = new MultiAreaModel({ connection_params: { cc_weights_factor: 1.0, cc_weights_I_factor: 1.0 } });
    expect(json.model_label).toBe(model.label);
    expect(json.units).toMatchObject({ rates: 'spikes/s', trajectory_times: 'ms', last_change_Hz: 'spikes/s' });
    expect(json.convergence).toMatchObject({ window_ms: 1, tolerance_Hz: 1e-3 });
    expect(json.structure_vec.length).toBe(254);
    expect(json.rates.length).toBe(254);
    expect(json.trajectory_times).toEqual(Array.from({ length: 101 }, (_, k) => k / 2));
    expect(json.trajectory.length).toBe(254);
    expect(json.trajectory[0][100]).toBe(json.rates[0]);
    expect(json.converged).toBe(true);
    expect(json.last_change_Hz).toBeLessThan(1e-3);
    // The recorded samples of the last ms (every 0.5 ms) vary by no more than the stepwise range.
    expect(lastRange(json.trajectory, 2)).toBeLessThanOrEqual(json.last_change_Hz);
    expect(json.lambda_max).toBeLessThan(1);
    expect(json.lambda_max_at).toBe('fixed point');
    expect(json.fixed_points).toEqual([{ runs: [0], rates: json.rates, last_change_Hz: json.last_change_Hz, lambda_max: json.lambda_max }]);
    expect(json.unsettled_runs).toEqual([]);
  });

  it('reports the default model at dt = 0.1 ms as not settled, says the step is too coarse, and at --dt 0.01 finds its fixed point', () => {
    const r = mam('theory', '--out', 'default.json', '--stability');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nNOT SETTLED at T = 50 ms: largest change within the last 1 ms [\d.]+e\+1 spikes\/s \(>= 0\.001\)/);
    expect(r.out).toMatch(/lambda_max \d+\.\d{4} \(end of integration, not a fixed point\)/);
    expect(r.out).toMatch(/Rates at T \(not a fixed point\):\n\s+area/);
    expect(r.out).toMatch(/\nWhy: the pseudo-time step dt = 0\.1 ms may be too coarse for this network: .* \|P1 \+ P2 lambda\| = \d\.\d{3} for the eigenvalue lambda = -\d+\.\d\d [+-] \d+\.\d\di .* here for dt < 0\.0\d+ ms\. Rerun with --dt 0\.01\.\n/);
    expect(r.out).toMatch(/\nNewton's method from the state at T finds no fixed point near it \(residual \d+\.\d\d spikes\/s after \d+ iterations\)\./);
    expect(r.out).not.toMatch(/Fixed point/);
    const json = JSON.parse(readFileSync(join(dir, 'default.json'), 'utf8'));
    expect(json.converged).toBe(false);
    expect(json.fixed_points).toEqual([]);
    expect(json.unsettled_runs).toEqual([0]);
    expect(json.lambda_max_at).toBe('end of integration, not a fixed point');
    expect(json.lambda_max).toBeGreaterThan(1);
    // Recorded every dt = 0.1 ms, the last 11 samples span the last 1 ms: the same range, independently.
    expect(json.last_change_Hz).toBe(lastRange(json.trajectory, 10));
    expect(json.last_change_Hz).toBeGreaterThan(10);
    // The last 0.1 ms step alone moves a rate by more than 8 spikes/s.
    const lastStep = Math.max(...json.trajectory.map((x: number[]) => Math.abs(x[500] - x[499])));
    expect(lastStep).toBeGreaterThan(8);
    // The step diagnosis: |P1 + P2 lambda| of the reported eigenvalue, recomputed, exceeds 1 although Re lambda < 1.
    const [d] = json.unsettled_diagnosis;
    const P1 = Math.exp(-0.1);
    expect(d).toMatchObject({ run: 0, dt_ms: 0.1, step_too_coarse: true, suggested_dt_ms: 0.01, lambda_max_at_end: json.lambda_max });
    expect(d.step_eigenvalue.re).toBeLessThan(1);
    expect(Math.hypot(P1 + (1 - P1) * d.step_eigenvalue.re, (1 - P1) * d.step_eigenvalue.im)).toBeCloseTo(d.step_growth_factor, 12);
    expect(d.step_growth_factor).toBeGreaterThan(1);
    expect(d.largest_stable_dt_ms).toBeLessThan(0.1);
    expect(d.newton).toMatchObject({ converged: false, rates: null, lambda_max: null });
    expect(d.newton.residual_Hz).toBeGreaterThan(1);

    const fine = mam('theory', '--dt', '0.01', '--out', 'fine.json', '--stability');
    expect(fine.code).toBe(0);
    expect(fine.out).toMatch(/T = 50 ms, dt = 0\.01 ms/);
    expect(fine.out).toMatch(/\nFixed point: mean rate 3\.642 spikes\/s; .*; lambda_max 0\.5890\n/);
    const fj = JSON.parse(readFileSync(join(dir, 'fine.json'), 'utf8'));
    expect(fj).toMatchObject({ converged: true, unsettled_runs: [], unsettled_diagnosis: [], theory_params: { dt: 0.01 } });
  });

  it('--scan random_uniform --iter lists fixed points and unsettled runs apart', () => {
    writeFileSync(join(dir, 'short.yaml'), 'T: 5\ninitial_rates_max: 5\n');
    const r = mam('theory', '--params', 'net.yaml', '--theory', 'short.yaml', '--scan', 'random_uniform', '--iter', '2', '--out', 'scan.json', '--stability');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 initial condition\(s\)/);
    expect(r.out).toMatch(/0 distinct fixed point\(s\) among 0 converged run\(s\); 2 run\(s\) not settled at T/);
    expect(r.out).toMatch(/\nRun 0: NOT SETTLED at T = 5 ms: .*lambda_max [\d.]+ \(end of integration, not a fixed point\)\nWhy: the step dt = 0\.1 ms is stable at the state at T .* Increase T in the theory parameters \(--theory\) to follow them further\.\nNewton's method from the state at T converges .* lambda_max 0\.\d{4} \(linearly stable\)\nRun 1: NOT SETTLED/);
    const json = JSON.parse(readFileSync(join(dir, 'scan.json'), 'utf8'));
    expect(json.rates.length).toBe(2);
    expect(json.trajectory.length).toBe(2);
    expect(json.converged).toEqual([false, false]);
    expect(json.last_change_Hz.length).toBe(2);
    expect(json.lambda_max_at).toEqual(['end of integration, not a fixed point', 'end of integration, not a fixed point']);
    expect(json.unsettled_runs).toEqual([0, 1]);
    expect(json.theory_params).toMatchObject({ T: 5, initial_rates: 'random_uniform', initial_rates_iter: 2 });
    // Newton's method from either end state finds the fixed point the first test's integration converged to.
    const settled = JSON.parse(readFileSync(join(dir, 'rates.json'), 'utf8'));
    for (const d of json.unsettled_diagnosis) {
      expect(d).toMatchObject({ step_too_coarse: false, suggested_dt_ms: null, newton: { converged: true } });
      expect(d.newton.lambda_max).toBeCloseTo(settled.lambda_max, 6);
      expect(Math.max(...d.newton.rates.map((x: number, i: number) => Math.abs(x - settled.rates[i])))).toBeLessThan(1e-6);
    }
  });

  it('reports invalid options and theory parameters by name, writing nothing', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'dt: -1\n');
    const bad = mam('theory', '--theory', 'bad.yaml', '--out', 'never.json');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/dt: got -1; expected a number > 0/);
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow();
    expect(mam('theory', '--scan', 'grid').err).toMatch(/--scan: got 'grid'; expected 'random_uniform'/);
    const iter = mam('theory', '--iter', '3');
    expect(iter.code).toBe(2);
    expect(iter.err).toBe('mam theory: --iter 3: needs --scan random_uniform (--iter is the number of random initial conditions of a scan)\n');
    expect(mam('theory', '--scan', 'grid').code).toBe(2);
    expect(mam('theory', '--dt', '0').err).toMatch(/--dt: got '0'; expected a number > 0 \(ms\)/);
    expect(mam('theory', '--theory', 'missing.yaml').err).toMatch(/--theory: file not found: .*missing\.yaml/);
  });
});

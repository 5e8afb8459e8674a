/**
 * A real `mam simulate` child process killed with SIGKILL halfway: every reader (the library, `mam
 * rates`, `mam analyze`, `mam lfp`) refuses its folder, and with --allow-incomplete uses exactly the
 * spikes up to the last complete step, found here independently from the raw spike files.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisOfRun } from '../../../analysis/index.ts';
import { runLfp } from '../../../cli/commands/lfp-command.ts';
import { IncompleteRunError, openRunFolderSource, populationRates, readRunLayout, simulatedMs } from '../../../simulation/index.ts';
import { readSpikeFile } from '../../../simulation/recording/record-reader.ts';
import { runMamInProcess as runMam } from '../../helpers/run-mam.ts';
import { PROJECT_ROOT } from '../../helpers/shared.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const RECORDS_BEFORE_KILL = 300;
/** Long enough (ms) that the run cannot finish before it is killed: about 60 s of wall time here. */
const T_SIM_MS = 1_000_000;

/** Starts `mam simulate` (V1 at 1 %, T_SIM_MS, 2 threads), waits until both spike files hold records, and kills it. */
async function killedRun(): Promise<string> {
  const root = tempDir('mam-killed-');
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), 'simulate', '--scale', '0.01', '--areas', 'V1', '--t-sim', String(T_SIM_MS), '--threads', '2', '--seed', '4', '--out', root, '--no-progress'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const filled = (dir: string) => [0, 1].every((k) => existsSync(join(dir, `spikes-${k}.bin`)) && statSync(join(dir, `spikes-${k}.bin`)).size >= 32 + 8 * RECORDS_BEFORE_KILL);
  const t0 = Date.now();
  for (;;) {
    const dirs = readdirSync(root).map((d) => join(root, d));
    const dir = dirs.find(filled);
    if (dir) {
      child.kill('SIGKILL');
      await exited;
      if (existsSync(join(dir, 'run_log.json'))) throw new Error('the simulation finished before it could be killed; make it longer');
      return dir;
    }
    if (child.exitCode !== null) throw new Error(`mam simulate ended (code ${child.exitCode}) before its spike files filled`);
    if (Date.now() - t0 > 60_000) {
      child.kill('SIGKILL');
      throw new Error('no spikes after 60 s');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a run killed with SIGKILL halfway', () => {
  let dir = '';
  let endMs = 0;
  let lastComplete = 0;
  beforeAll(async () => {
    dir = await killedRun();
    // Independently of the readers: each file is in step order, so all files are complete up to the
    // step before the earliest last time stamp.
    const files = [0, 1].map((k) => readSpikeFile(join(dir, `spikes-${k}.bin`)));
    for (const f of files) for (let i = 1; i < f.stamps.length; i++) expect(f.stamps[i]).toBeGreaterThanOrEqual(f.stamps[i - 1]);
    lastComplete = Math.min(...files.map((f) => f.stamps[f.stamps.length - 1])) - 1;
    endMs = lastComplete / 10;
    expect(endMs).toBeGreaterThan(20);
    expect(endMs).toBeLessThan(T_SIM_MS);
  }, 90_000);

  /** Rates over [tMin, tMax) counted from the raw records. */
  function rawRates(tMin: number, tMax: number): Record<string, number> {
    const layout = readRunLayout(dir);
    const records = [0, 1].map((k) => readSpikeFile(join(dir, `spikes-${k}.bin`)));
    const out: Record<string, number> = {};
    for (const p of layout.populations) {
      let n = 0;
      for (const f of records) {
        for (let i = 0; i < f.stamps.length; i++) if (f.stamps[i] >= tMin * 10 && f.stamps[i] < tMax * 10 && f.ids[i] >= p.first && f.ids[i] < p.first + p.size) n++;
      }
      out[p.label] = n / (p.size * (tMax - tMin) * 1e-3);
    }
    return out;
  }

  it('the library refuses it, saying what happened and how to proceed', () => {
    const expected = new RegExp(`has no run_log.json: the run did not finish .* complete up to t = ${endMs} ms of t_sim = ${T_SIM_MS} ms; rerun it, or pass --allow-incomplete`);
    expect(() => openRunFolderSource(dir)).toThrow(IncompleteRunError);
    expect(() => openRunFolderSource(dir)).toThrow(expected);
    expect(() => populationRates(dir, 200, 1000)).toThrow(expected);
    expect(() => analysisOfRun(dir)).toThrow(expected);
    expect(() => simulatedMs(dir)).toThrow(expected);
  });

  it('with allowIncomplete: the spikes up to the last complete step, and the readers say so', () => {
    const source = openRunFolderSource(dir, { allowIncomplete: true });
    expect(source.window).toEqual({ t_min_ms: 0, t_max_ms: endMs });
    expect(source.info).toMatchObject({ end: 'unfinished', complete: false, t_sim_ms: T_SIM_MS });
    expect(source.info.notes.join(' ')).toContain(`using its spikes up to the last complete step, t = ${endMs} ms`);
    const spikes = source.spikes();
    const raw = [0, 1].map((k) => readSpikeFile(join(dir, `spikes-${k}.bin`)));
    const kept = raw.flatMap((f) => Array.from(f.stamps).map((s, i) => [s, f.ids[i]]).filter(([s]) => s <= lastComplete));
    kept.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(Array.from(spikes.senders)).toEqual(kept.map(([, id]) => id));
    expect(Array.from(spikes.timesMs)).toEqual(kept.map(([s]) => s / 10));
    const tMax = Math.min(1000, endMs);
    const rates = populationRates(source, 0, tMax);
    const expected = rawRates(0, tMax);
    for (const [label, r] of Object.entries(expected)) expect(rates[label]).toBeCloseTo(r, 12);
    expect(() => populationRates(source, 0, endMs + 0.1)).toThrow(`valid only up to ${endMs} ms (the last complete step of an unfinished run`);
    const a = analysisOfRun(dir, { allowIncomplete: true });
    expect(a.window).toEqual({ t_min_ms: Math.min(500, endMs / 2), t_max_ms: endMs });
  });

  it('mam rates: refused (exit 1), and with --allow-incomplete the rates over the window it prints', async () => {
    const refused = await runMam('rates', '--run', dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/mam rates: run folder .* has no run_log.json: the run did not finish/);
    expect(refused.out).toBe('');
    const tMax = Math.min(1000, endMs);
    const r = await runMam('rates', '--run', dir, '--t-max', String(tMax), '--allow-incomplete');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`mam rates: note: --allow-incomplete: the run did not finish (no run_log.json); using its spikes up to the last complete step, t = ${endMs} ms`);
    expect(r.err).toContain(`mam rates: window [0, ${tMax}) ms of ${dir}`);
    const rates = JSON.parse(r.out);
    const expected = rawRates(0, tMax);
    for (const [label, v] of Object.entries(expected)) expect(rates[label]).toBeCloseTo(v, 12);
    const beyond = await runMam('rates', '--run', dir, '--t-max', String(T_SIM_MS), '--allow-incomplete');
    expect(beyond.code).toBe(1);
    expect(beyond.err).toContain(`t_max = ${T_SIM_MS} ms, but the spikes of ${dir} are valid only up to ${endMs} ms`);
  });

  it('mam analyze: refused, and with --allow-incomplete the first line gives the window, ending at the last complete step', async () => {
    const refused = await runMam('analyze', '--run', dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/has no run_log.json/);
    const r = await runMam('analyze', '--run', dir, '--allow-incomplete', '--what', 'rates');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`window [${Math.min(500, endMs / 2)}, ${endMs}) ms of ${dir} (multiarea engine (iaf_psc_exp, dt 0.1 ms); valid [0, ${endMs}) ms, ends at the last complete step of an unfinished run, accepted with --allow-incomplete)`);
  });

  it('mam lfp: refused, and with --allow-incomplete signals up to the last complete step', async () => {
    const root = join(dir, '..');
    const label = dir.slice(root.length + 1);
    const opts = { sim: label, dataPath: root, kernelsDir: join(PROJECT_ROOT, 'data', 'kernels'), threads: 1, out: join(root, 'lfp') };
    await expect(runLfp(opts)).rejects.toThrow(/has no run_log.json: the run did not finish/);
    expect(existsSync(opts.out)).toBe(false);
    const { source } = await runLfp({ ...opts, allowIncomplete: true });
    expect(source.window.t_max_ms).toBe(endMs);
    const meta = JSON.parse(readFileSync(join(opts.out, 'lfp.json'), 'utf8'));
    expect(meta).toMatchObject({ t_start_ms: 0, t_end_ms: endMs, source: { end: 'unfinished', complete: false } });
  }, 60_000);
});

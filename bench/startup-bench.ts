/**
 * Start-up time of the `mam` command (run: npx tsx bench/startup-bench.ts): wall-clock of `mam --help` and of
 * `mam export` of the default model as JSON, each a fresh process, as run (the compiled bundle of
 * cli/cli-bundle.js) and through the tsx loader (MAM_CLI_TSX=1, how `mam` ran before the bundle).
 * Targets: --help <= 0.3 s, default export <= 1 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from 'simple-statistics';
import { PROJECT_ROOT } from '../core/index.ts';

export interface StartupTimings {
  repeats: number;
  helpMs: number;
  exportMs: number;
  helpTsxMs: number;
  exportTsxMs: number;
}

function wallMs(args: string[], env: Record<string, string>): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`mam ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return ms;
}

function medianWallMs(args: string[], env: Record<string, string>, repeats: number): number {
  return median(Array.from({ length: repeats }, () => wallMs(args, env)));
}

export function benchStartup(repeats = 7): StartupTimings {
  const dir = mkdtempSync(join(tmpdir(), 'mam-startup-'));
  try {
    const exportArgs = ['export', '--format', 'json', '--out', join(dir, 'model.json')];
    const bundled = { MAM_CLI_TSX: '' };
    const tsx = { MAM_CLI_TSX: '1' };
    wallMs(['--help'], bundled); // builds the bundle if the sources changed
    wallMs(['--help'], tsx); // fills tsx's transform cache
    return {
      repeats,
      helpMs: medianWallMs(['--help'], bundled, repeats),
      exportMs: medianWallMs(exportArgs, bundled, repeats),
      helpTsxMs: medianWallMs(['--help'], tsx, repeats),
      exportTsxMs: medianWallMs(exportArgs, tsx, repeats),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatStartupBench(t: StartupTimings): string {
  return [
    `Start-up of the mam command (median of ${t.repeats} fresh processes)`,
    `  mam --help:                   ${t.helpMs.toFixed(0)} ms (through tsx: ${t.helpTsxMs.toFixed(0)} ms; target <= 300 ms)`,
    `  mam export (default, JSON):   ${t.exportMs.toFixed(0)} ms (through tsx: ${t.exportTsxMs.toFixed(0)} ms; target <= 1000 ms)`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) console.log(formatStartupBench(benchStartup()));

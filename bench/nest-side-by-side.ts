/**
 * NEST 3 run of the same network and simulation, side by side with ours on this machine: the project's
 * NEST export (simulation/nest) run with python/run_nest.py, timed by the script itself (create,
 * connect, simulate) and by /usr/bin/time (peak RSS). Uses the PyNEST of MULTIAREA_NEST_ENV (default
 * /work/nest/env.sh, a shell file of exports) when `import nest` works there, else none.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkSource } from '../multiarea/index.ts';
import { exportNestRun } from '../simulation/index.ts';

export interface NestRun {
  version: string;
  threads: number;
  build_s: number;
  simulate_s: number;
  peak_rss_bytes: number;
  spikes: number;
  /** Mean rate per population over the rates window (spikes/s), from run_nest.py's rates.json. */
  rates: Record<string, number> | null;
}

const ENV_FILE = process.env.MULTIAREA_NEST_ENV ?? '/work/nest/env.sh';

/** The environment in which PyNEST imports, with its version, or null. */
export function nestEnvironment(): { env: NodeJS.ProcessEnv; version: string } | null {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' };
  if (existsSync(ENV_FILE)) {
    const text = execFileSync('bash', ['-c', `source ${JSON.stringify(ENV_FILE)} && env -0`], { encoding: 'utf8' });
    for (const entry of text.split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    env.OMP_WAIT_POLICY = 'PASSIVE';
  }
  const probe = spawnSync('python3', ['-c', 'import nest, sys; sys.stdout.write(nest.__version__)'], { env, encoding: 'utf8' });
  if (probe.status !== 0) return null;
  return { env, version: probe.stdout.trim().split('\n').pop()!.trim() };
}

/** Exports the run to `dir` and runs it with NEST on `threads` threads. */
export function runNest(nest: { env: NodeJS.ProcessEnv; version: string }, network: NetworkSource, simParams: Record<string, unknown>, dir: string, ratesWindowMs: [number, number]): NestRun {
  const threads = Number(simParams.threads ?? 1);
  const run = exportNestRun(network, { ...simParams, threads, local_num_threads: threads, num_processes: 1 }, dir, { ratesWindowMs });
  const out = spawnSync('/usr/bin/time', ['-v', 'python3', join(run.dir, 'run_nest.py')], { cwd: run.dir, env: nest.env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(`NEST run in ${run.dir} failed (exit ${out.status}):\n${out.stdout.slice(-2000)}\n${out.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(out.stderr);
  const recordings = join(run.dir, 'recordings');
  const log = JSON.parse(readFileSync(join(recordings, 'run_log-0.json'), 'utf8'));
  const ratesFile = readdirSync(run.dir).includes('rates.json') ? join(run.dir, 'rates.json') : null;
  let rates: Record<string, number> | null = null;
  if (ratesFile) {
    const doc = JSON.parse(readFileSync(ratesFile, 'utf8'));
    rates = doc.rates ?? doc;
  }
  return {
    version: nest.version,
    threads,
    build_s: log.time_create_s + log.time_connect_s,
    simulate_s: log.time_simulate_s,
    peak_rss_bytes: rss ? Number(rss[1]) * 1024 : NaN,
    spikes: log.local_spike_counter,
    rates,
  };
}

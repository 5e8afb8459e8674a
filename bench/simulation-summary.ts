/**
 * The latest measurements of `npm run bench:sim`, kept per case in `.cache/bench-sim.json` (each case
 * with the date it was measured: the cases take from seconds to an hour, and are run separately), and
 * the summary `npm run bench` prints from them beside the anchors of the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../core/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LATEST_FILE = join(ROOT, '.cache', 'bench-sim.json');

/** What the summary needs of one run of ours (a RunLog's fields). */
interface LoggedRun {
  log: { simulate_time_s: number; build_time_s: number; simulated_ms: number; peak_rss_bytes: number; connectivity: string; threads: number };
  modelS?: number;
}

interface NestTiming {
  simulate_s: number;
  threads: number;
}

export interface LatestCases {
  downscaled?: { measured: string; runs: LoggedRun[]; nest: NestTiming[] };
  tenth?: { measured: string; auto: LoggedRun; procedural: LoggedRun };
  full?: { measured: string; runs: LoggedRun[] };
  metastable?: { measured: string } & LoggedRun;
}

/** Adds the cases of this bench run (dated now) to the file, keeping the other cases' latest figures. */
export function saveLatest(cases: Record<string, object>, file = LATEST_FILE): void {
  const latest = readLatest(file) ?? {};
  const measured = new Date().toISOString();
  for (const [name, value] of Object.entries(cases)) (latest as Record<string, unknown>)[name] = { measured, ...value };
  writeFileAtomic(file, JSON.stringify(latest, null, 1));
}

export function readLatest(file = LATEST_FILE): LatestCases | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LatestCases;
  } catch (err) {
    throw new Error(`${file}: not the JSON that npm run bench:sim writes (${(err as Error).message}); delete it and run npm run bench:sim again`);
  }
}

const day = (iso: string) => iso.slice(0, 10);
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** Lines of the summary: our latest figures beside the anchors (what the others need for the same job). */
export function formatSimulationSummary(latest: LatestCases | null): string {
  const lines = ['Spiking simulation: latest npm run bench:sim on this machine (each case with its date), beside the anchors'];
  if (latest === null) {
    lines.push('  no measurements yet: run npm run bench:sim (32 areas at 1 % and 10 %; --cases full,metastable for full scale)');
  }
  const d = latest?.downscaled;
  if (d) {
    for (const threads of [1, 2]) {
      const ours = d.runs.find((r) => r.log.threads === threads);
      const nest = d.nest.find((n) => n.threads === threads);
      if (!ours) continue;
      const target = threads === 2 ? ' (target <= 0.05x)' : '';
      const versus = nest ? ` vs NEST 3.10 side by side ${nest.simulate_s.toFixed(1)} s: ${(ours.log.simulate_time_s / nest.simulate_s).toFixed(3)}x${target}` : ' (NEST was not importable)';
      lines.push(`  1 %, 1 s, ${threads} thread(s): simulate ${ours.log.simulate_time_s.toFixed(2)} s${versus} [${day(d.measured)}]`);
    }
  }
  const t = latest?.tenth;
  if (t) {
    const wall = t.auto.log.build_time_s + t.auto.log.simulate_time_s + (t.auto.modelS ?? 0);
    lines.push(`  10 %, 1 s, 2 threads: ${wall.toFixed(1)} s incl. build, ${t.auto.log.connectivity}, peak ${gb(t.auto.log.peak_rss_bytes)}; NEST cannot build it in 24 GB [${day(t.measured)}]`);
  }
  const f = latest?.full;
  const longest = f?.runs.reduce<LoggedRun | null>((a, r) => (a === null || r.log.simulated_ms > a.log.simulated_ms ? r : a), null);
  if (f && longest) {
    const perS = (longest.log.build_time_s + longest.log.simulate_time_s) / (longest.log.simulated_ms / 1000);
    lines.push(
      `  full scale (4.13 M neurons, 24.1 G synapses), ground state, ${longest.log.simulated_ms} ms run: ${(perS / 60).toFixed(1)} min per simulated second incl. the build on this 2-core machine (target 1 s < 60 min), ` +
        `peak ${gb(longest.log.peak_rss_bytes)} [${day(f.measured)}]`,
    );
  }
  const m = latest?.metastable;
  if (m) lines.push(`  full scale, metastable state, ${m.log.simulated_ms} ms: ${(m.log.simulate_time_s / (m.log.simulated_ms / 1000) / 3600).toFixed(2)} h per simulated second, peak ${gb(m.log.peak_rss_bytes)} [${day(m.measured)}]`);
  lines.push(
    '  anchors for the full-scale network: NEST ran the published simulations on a supercomputer;',
    '  GeNN fits it on one GPU by generating synapses procedurally (Knight & Nowotny 2021); we regenerate them too (8 bytes per stored synapse would be ~180 GiB)',
  );
  return lines.join('\n');
}

/**
 * `npm run bench:sim`: speed and memory of the spiking simulator, beside NEST 3 measured side by side on
 * this machine whenever PyNEST is importable (bench/nest-side-by-side.ts), with the targets of the
 * engine. Each run is a child process of its own (its peak RSS is its own); the load average is
 * printed with every timing (the machine may be shared).
 *
 * Cases (--cases, default downscaled,tenth):
 *   downscaled  32 areas at N = K = 0.01, ground state (upstream case_downscaled.json when ../shared is
 *               present, else our model), 1 s: explicit on 1 and 2 threads (each --repeat times, default
 *               3, the median reported), procedural and another seed
 *               on 2 threads; NEST on 1 and 2 threads. Target: simulate <= 0.05 x NEST on 2 threads.
 *   tenth       32 areas at 0.1, ground state, 1 s, 2 threads: explicit (auto) and procedural, and another
 *               seed. Target: < 60 s wall including the build.
 *   full        full scale (4.13 M neurons, 24.1 G synapses), ground state, procedural, 2 threads,
 *               100 ms and then 1 s (about an hour): wall time, peak memory, synaptic events per second per
 *               core, rates against the mean-field theory. Targets: 1 s in < 1 h, peak < 16 GB.
 *   metastable  full scale with the default (metastable) weights, --metastable-t-sim ms (default 100):
 *               wall time per simulated second.
 *
 * Usage: npm run bench:sim -- [--cases downscaled,tenth,full,metastable] [--t-sim MS] [--no-nest] [--repeat N]
 *                             [--metastable-t-sim MS] [--full-t-sim 100,1000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED, writeFileAtomic } from '../core/index.ts';
import * as multiarea from '../multiarea/index.ts';
import { populationRates, Simulation, type RunLog } from '../simulation/index.ts';
import { Theory } from '../theory/index.ts';
import { nestEnvironment, runNest, type NestRun } from './nest-side-by-side.ts';
import { LATEST_FILE, saveLatest } from './simulation-summary.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.MULTIAREA_SHARED ?? resolve(ROOT, '..', 'shared');
const GROUND = { cc_weights_factor: 1.0, cc_weights_I_factor: 1.0 };

interface RunSpec {
  scale: number;
  state: 'ground' | 'metastable';
  threads: number;
  tSim: number;
  connectivity: 'auto' | 'explicit' | 'procedural';
  seed: number;
  /** Rates window (ms). */
  window: [number, number];
}

interface RunResult {
  spec: RunSpec;
  log: RunLog;
  modelS: number;
  rates: Record<string, number>;
  load: { before: number[]; after: number[] };
  source: string;
}

/** The upstream reference network of the 1 % case (the one NEST's figures came from), when ../shared is present. */
function referenceDownscaled(): multiarea.NetworkSource | null {
  const file = join(SHARED, 'refs', 'structure', 'case_downscaled.json');
  if (!existsSync(file)) return null;
  // Python wrote bare NaN in fields the simulator does not use.
  const ref = JSON.parse(readFileSync(file, 'utf8').replace(/\bNaN\b/g, 'null'));
  const arrays: multiarea.NetworkArrays = {
    areaList: ref.area_list, structure: ref.structure, structureVec: ref.structure_vec, N: ref.N_vec, K: ref.K_matrix,
    synapses: ref.syn_matrix, W: ref.W_matrix, W_sd: ref.W_sd_matrix, J: ref.J_matrix, addDC: ref.add_DC_drive, distances: ref.distances,
  };
  return multiarea.networkSource(ref.label, ref.params_effective as multiarea.NetworkParams, arrays);
}

function network(spec: RunSpec): { net: multiarea.NetworkSource; source: string } {
  if (spec.scale === 0.01 && spec.state === 'ground') {
    const ref = referenceDownscaled();
    if (ref) return { net: ref, source: 'upstream case_downscaled.json' };
  }
  const params: Record<string, unknown> = { N_scaling: spec.scale, K_scaling: spec.scale, connection_params: spec.state === 'ground' ? GROUND : {} };
  if (spec.scale !== 1) params.fullscale_rates = BUNDLED.fullscaleRates;
  return { net: new multiarea.MultiAreaModel(params as any), source: `MultiAreaModel (scale ${spec.scale}, ${spec.state})` };
}

async function child(spec: RunSpec): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'mam-bench-'));
  try {
    const before = loadavg();
    const t0 = performance.now();
    const { net, source } = network(spec);
    const modelS = (performance.now() - t0) / 1e3;
    const sim = new Simulation(net, { t_sim: spec.tSim, threads: spec.threads, connectivity: spec.connectivity, rng_seed: spec.seed }, { dataPath: out });
    const log = await sim.run();
    const rates = log.simulated_ms >= spec.window[1] ? populationRates(sim.dataDir, spec.window[0], spec.window[1]) : {};
    const result: RunResult = { spec, log, modelS, rates, load: { before, after: loadavg() }, source };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function runChild(spec: RunSpec): RunResult {
  const text = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', JSON.stringify(spec)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(text.trim().split('\n').pop()!);
}

/** Mean |log((r + 0.5) / (r' + 0.5))| over the populations of both (the issue's measure of rate agreement). */
function rateDistance(a: Record<string, number>, b: Record<string, number>): number {
  const keys = Object.keys(a).filter((k) => k in b);
  return keys.reduce((s, k) => s + Math.abs(Math.log((a[k] + 0.5) / (b[k] + 0.5))), 0) / Math.max(1, keys.length);
}

const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const gb = (b: number) => (b / 1e9).toFixed(2);

function describe(r: RunResult, nest: NestRun | null = null): string {
  const L = r.log;
  const perBio = L.simulate_time_s / (L.simulated_ms / 1000);
  const lines = [
    `  ${L.connectivity.padEnd(10)} ${L.threads} thread(s), seed ${r.spec.seed}: build ${L.build_time_s.toFixed(2)} s (model ${r.modelS.toFixed(2)} s), ` +
      `simulate ${L.simulate_time_s.toFixed(2)} s for ${L.simulated_ms} ms (${perBio.toFixed(2)} s per simulated s; CPU ${L.simulate_cpu_s.toFixed(2)} s), ` +
      `peak RSS ${gb(L.peak_rss_bytes)} GB, ${L.spikes} spikes (${(L.spikes / L.neurons / (L.simulated_ms / 1000)).toFixed(2)} spikes/s), ` +
      `${(L.synaptic_events / Math.max(L.simulate_cpu_s, 1e-9) / 1e6).toFixed(1)} M synaptic events/s per core (CPU), load ${load(r.load.before)} -> ${load(r.load.after)}`,
  ];
  if (nest) {
    lines.push(
      `  NEST ${nest.version} ${nest.threads} thread(s): build ${nest.build_s.toFixed(2)} s, simulate ${nest.simulate_s.toFixed(2)} s, peak RSS ${gb(nest.peak_rss_bytes)} GB, ${nest.spikes} spikes` +
        ` -> ours/NEST: simulate ${(L.simulate_time_s / nest.simulate_s).toFixed(3)}x, build ${(L.build_time_s / nest.build_s).toFixed(3)}x, memory ${(L.peak_rss_bytes / nest.peak_rss_bytes).toFixed(3)}x`,
    );
  }
  return lines.join('\n');
}

function theoryRates(scale: number): Record<string, number> {
  const { net } = network({ scale, state: 'ground', threads: 1, tSim: 0, connectivity: 'auto', seed: 1, window: [0, 0] });
  const theory = Theory.fromModel(net, { T: 50 });
  const final = theory.integrateSiegert().runs[0].final;
  return Object.fromEntries(theory.structureVec.map((l, i) => [l, final[i]]));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(JSON.parse(args[1]));
  const opt = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
  const cases = opt('--cases', 'downscaled,tenth').split(',');
  const tSim = Number(opt('--t-sim', '1000'));
  const repeat = Number(opt('--repeat', '3'));
  if (!(Number.isInteger(repeat) && repeat >= 1)) throw new Error(`--repeat: got ${opt('--repeat', '3')}; expected a whole number >= 1`);
  const nest = args.includes('--no-nest') ? null : nestEnvironment();
  const results: Record<string, unknown> = {};
  console.log(`Spiking simulator benchmark on ${process.platform}/${process.arch}, Node ${process.version}; NEST: ${nest ? nest.version + ' (side by side)' : 'not importable, ours only'}`);
  const spec = (s: Partial<RunSpec> & Pick<RunSpec, 'scale'>): RunSpec => ({ state: 'ground', threads: 2, tSim, connectivity: 'auto', seed: 1, window: [Math.min(200, tSim / 2), tSim], ...s });

  if (cases.includes('downscaled')) {
    console.log(`\n32 areas at 1 %, ground state, ${tSim} ms`);
    const runs: RunResult[] = [];
    const nestRuns: NestRun[] = [];
    for (const threads of [1, 2]) {
      // A run of ours lasts about a second, NEST's half a minute: ours is repeated, and the median run
      // reported (the machine's speed varies over seconds; all times are printed).
      const repeats = Array.from({ length: repeat }, () => runChild(spec({ scale: 0.01, threads, connectivity: 'explicit' })));
      const r = [...repeats].sort((a, b) => a.log.simulate_time_s - b.log.simulate_time_s)[Math.floor((repeat - 1) / 2)];
      if (repeat > 1) console.log(`  ours, ${threads} thread(s), ${repeat} runs: simulate ${repeats.map((x) => x.log.simulate_time_s.toFixed(2)).join(', ')} s; the median run:`);
      let n: NestRun | null = null;
      if (nest) {
        const dir = mkdtempSync(join(tmpdir(), 'mam-bench-nest-'));
        try {
          n = runNest(nest, network(r.spec).net, { t_sim: tSim, threads, rng_seed: 1 }, join(dir, 'run'), r.spec.window);
          nestRuns.push(n);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      if (threads === 1) console.log(`  network: ${r.source}, ${r.log.neurons} neurons, ${r.log.synapses} synapses`);
      console.log(describe(r, n));
      runs.push(r);
    }
    const procedural = runChild(spec({ scale: 0.01, connectivity: 'procedural' }));
    const seed2 = runChild(spec({ scale: 0.01, connectivity: 'explicit', seed: 2 }));
    console.log(describe(procedural));
    console.log(describe(seed2));
    const [one, two] = runs;
    console.log(`  rates ${one.spec.window.join('-')} ms: 1 vs 2 threads identical: ${JSON.stringify(one.rates) === JSON.stringify(two.rates)}; ` +
      `explicit vs procedural identical: ${JSON.stringify(two.rates) === JSON.stringify(procedural.rates)} (distance ${rateDistance(two.rates, procedural.rates).toFixed(3)}); ` +
      `seed 1 vs 2 (the seed-to-seed spread): ${rateDistance(two.rates, seed2.rates).toFixed(3)}` +
      (nestRuns[1]?.rates ? `; ours vs NEST: ${rateDistance(two.rates, nestRuns[1].rates).toFixed(3)}` : ''));
    if (nestRuns[1]) console.log(`  target: simulate <= 0.05 x NEST on 2 threads: ${(two.log.simulate_time_s / nestRuns[1].simulate_s).toFixed(3)}x`);
    results.downscaled = { runs, procedural, seed2, nest: nestRuns };
  }

  if (cases.includes('tenth')) {
    console.log(`\n32 areas at 10 %, ground state, ${tSim} ms, 2 threads (NEST cannot build this network in 24 GB)`);
    const auto = runChild(spec({ scale: 0.1 }));
    const procedural = runChild(spec({ scale: 0.1, connectivity: 'procedural' }));
    const seed2 = runChild(spec({ scale: 0.1, seed: 2 }));
    for (const r of [auto, procedural, seed2]) console.log(describe(r));
    console.log(`  rates: explicit vs procedural ${rateDistance(auto.rates, procedural.rates).toFixed(3)}, seed 1 vs 2 ${rateDistance(auto.rates, seed2.rates).toFixed(3)}`);
    const wall = auto.log.build_time_s + auto.log.simulate_time_s + auto.modelS;
    console.log(`  target: < 60 s wall including the build: ${wall.toFixed(1)} s (${auto.log.connectivity})`);
    results.tenth = { auto, procedural, seed2 };
  }

  if (cases.includes('full')) {
    const theory = theoryRates(1);
    const meanTheory = Object.values(theory).reduce((a, b) => a + b, 0) / Object.keys(theory).length;
    const full: RunResult[] = [];
    for (const t of opt('--full-t-sim', '100,1000').split(',').map(Number)) {
      console.log(`\nFull scale, ground state, ${t} ms, 2 threads, procedural`);
      const r = runChild(spec({ scale: 1, tSim: t, connectivity: 'procedural', window: [t >= 1000 ? 200 : t / 2, t] }));
      console.log(describe(r));
      const wallPerBio = (r.log.simulate_time_s + r.log.build_time_s) / (t / 1000);
      const meanRate = Object.values(r.rates).reduce((a, b) => a + b, 0) / Math.max(1, Object.keys(r.rates).length);
      console.log(`  wall ${(r.log.build_time_s + r.log.simulate_time_s).toFixed(0)} s incl. build (${(wallPerBio / 60).toFixed(1)} min per simulated second; target < 60), peak RSS ${gb(r.log.peak_rss_bytes)} GB (target < 16)`);
      console.log(`  mean rate ${meanRate.toFixed(2)} spikes/s over ${r.spec.window.join('-')} ms vs mean-field ${meanTheory.toFixed(2)}; distance to the mean-field rates ${rateDistance(r.rates, theory).toFixed(3)}`);
      full.push(r);
    }
    results.full = { runs: full, theory };
  }

  if (cases.includes('metastable')) {
    const t = Number(opt('--metastable-t-sim', '100'));
    console.log(`\nFull scale, metastable state (default cc_weights_factor 1.9, cc_weights_I_factor 2.0), ${t} ms, 2 threads, procedural`);
    const r = runChild(spec({ scale: 1, state: 'metastable', tSim: t, connectivity: 'procedural', window: [t / 2, t] }));
    console.log(describe(r));
    console.log(`  ${(r.log.simulate_time_s / (t / 1000) / 3600).toFixed(2)} h wall per simulated second (build ${r.log.build_time_s.toFixed(0)} s once)`);
    results.metastable = r;
  }
  if (process.env.BENCH_SIM_OUT) writeFileAtomic(process.env.BENCH_SIM_OUT, JSON.stringify(results, null, 1));
  // Only runs of the full length count as the latest figures of a case (npm run bench prints them).
  if (tSim === 1000 && Object.keys(results).length > 0) {
    saveLatest(results as Record<string, object>);
    console.log(`\nlatest figures of these cases saved in ${LATEST_FILE} (npm run bench prints them)`);
  }
}

await main().catch((err: Error) => {
  // A bad option is the user's to fix: its message, not a stack trace.
  if (!err.message.startsWith('--')) throw err;
  console.error(`bench:sim: ${err.message}`);
  process.exit(2);
});

/**
 * `npm run bench:sim`: speed and memory of the spiking simulator beside NEST 3.10 on this machine.
 *
 * Cases (each run in its own child process, so that peak RSS belongs to that run alone):
 *   downscaled  32 areas, N = K = 0.01, ground-state weights (cc_weights_factor = cc_weights_I_factor = 1),
 *               1 s of biological time, 1 and 2 threads; the upstream network of
 *               ../shared/refs/structure/case_downscaled.json (the one NEST ran) when present, else ours;
 *   v1          V1 alone at N = K = 0.1, all other areas replaced by het_poisson_stat (bundled
 *               fullscale_rates.json), 1 s, 1 and 2 threads.
 * For the 32-area case it also compares the population rates over 200-1000 ms with the mean-field
 * rates of ../shared/refs/theory (full scale, ground state) and with the bundled full-scale rates.
 *
 * Usage: npx tsx bench/simulation.ts [--t-sim MS] [--cases downscaled,v1] [--threads 1,2]
 *        npx tsx bench/simulation.ts --child <case> <threads> <t_sim>   (internal)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as multiarea from '../multiarea/index.ts';
import { writeFileAtomic } from '../core/index.ts';
import { populationRates, Simulation, type RunLog } from '../simulation/index.ts';
import { Theory } from '../theory/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RATES = join(ROOT, 'data', 'multiarea', 'fullscale_rates.json');
const SHARED = process.env.MULTIAREA_SHARED ?? resolve(ROOT, '..', 'shared');

/** NEST 3.10 on this machine, 32 areas at N = K = 0.01, 1 s (from the issue). */
const NEST = { build_s: 10.4, simulate_s: { 1: 200, 2: 109 } as Record<number, number>, peak_rss_gb: 2.3, spikes: 0.5e6 };

/** The upstream reference network (the one NEST ran), when ../shared is present; parsed once (5 MB). */
let reference: ReturnType<typeof readReferenceDownscaled> | undefined;
function referenceDownscaled() {
  return (reference ??= readReferenceDownscaled());
}

function readReferenceDownscaled() {
  const file = join(SHARED, 'refs', 'structure', 'case_downscaled.json');
  if (!existsSync(file)) return null;
  // Python wrote bare NaN in fields the simulator does not use.
  const ref = JSON.parse(readFileSync(file, 'utf8').replace(/\bNaN\b/g, 'null'));
  const arrays: multiarea.NetworkArrays = {
    areaList: ref.area_list, structure: ref.structure, structureVec: ref.structure_vec, N: ref.N_vec, K: ref.K_matrix,
    synapses: ref.syn_matrix, W: ref.W_matrix, W_sd: ref.W_sd_matrix, J: ref.J_matrix, addDC: ref.add_DC_drive, distances: ref.distances,
  };
  // Upstream's effective parameters carry the same names and nesting as ours.
  return multiarea.networkSource(ref.label, ref.params_effective as multiarea.NetworkParams, arrays);
}

function network(caseName: string): multiarea.NetworkSource {
  if (caseName === 'downscaled') {
    const ref = referenceDownscaled();
    if (ref) return ref;
  }
  const ground = { cc_weights_factor: 1.0, cc_weights_I_factor: 1.0 };
  const scale = caseName === 'v1' ? 0.1 : 0.01;
  const model = new multiarea.MultiAreaModel({
    N_scaling: scale,
    K_scaling: scale,
    fullscale_rates: RATES,
    connection_params: { ...ground, replace_non_simulated_areas: 'het_poisson_stat', replace_cc_input_source: RATES },
  });
  return model;
}

async function child(caseName: string, threads: number, tSim: number): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'mam-bench-'));
  try {
    const t0 = performance.now();
    const net = network(caseName);
    const modelS = (performance.now() - t0) / 1e3;
    const sim = new Simulation(net, { t_sim: tSim, threads, areas_simulated: caseName === 'v1' ? ['V1'] : null }, { dataPath: out });
    const log = await sim.run();
    (log as any).network_source = caseName === 'downscaled' && referenceDownscaled() ? 'upstream case_downscaled.json' : 'MultiAreaModel';
    const rates = log.simulated_ms >= 1000 ? populationRates(sim.dataDir, 200, 1000) : null;
    process.stdout.write(JSON.stringify({ caseName, modelS, log, rates }) + '\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function compare(rates: Record<string, number>, ref: Record<string, number>) {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [k, v] of Object.entries(rates)) {
    const r = ref[k];
    if (r === undefined || !(v > 0) || !(r > 0)) continue;
    xs.push(v);
    ys.push(r);
  }
  const n = xs.length;
  const mlr = xs.reduce((s, x, i) => s + Math.abs(Math.log(x / ys[i])), 0) / n;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return { populations: n, meanAbsLogRatio: mlr, correlation: sxy / Math.sqrt(sxx * syy) };
}

function flatRates(nested: Record<string, Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [area, pops] of Object.entries(nested)) for (const [pop, r] of Object.entries(pops)) if (pop !== 'total') out[`${area}-${pop}`] = r;
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1], Number(args[2]), Number(args[3]));
  const opt = (name: string, def: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : def;
  };
  const tSim = Number(opt('--t-sim', '1000'));
  const cases = opt('--cases', 'downscaled,v1').split(',');
  const threadList = opt('--threads', '1,2').split(',').map(Number);
  console.log(`Spiking simulator benchmark: ${tSim} ms of biological time; machine load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const results: { caseName: string; threads: number; modelS: number; log: RunLog; rates: Record<string, number> | null }[] = [];
  for (const caseName of cases) {
    for (const threads of threadList) {
      const outText = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', caseName, String(threads), String(tSim)], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const r = JSON.parse(outText.trim().split('\n').pop()!);
      results.push({ ...r, threads });
      const L: RunLog = r.log;
      const perBio = L.simulate_time_s / (L.simulated_ms / 1000);
      const cpuPerBio = L.simulate_cpu_s / (L.simulated_ms / 1000);
      const nest = caseName === 'downscaled' ? NEST : null;
      console.log(
        [
          `${caseName.padEnd(10)} threads ${threads} (${(L as any).network_source}): ${L.neurons} neurons, ${(L.synapses / 1e6).toFixed(3)} M synapses (${L.bytes_per_synapse} B each), status ${L.status}`,
          `  build     ${L.build_time_s.toFixed(2)} s wall (${L.build_cpu_s.toFixed(2)} s CPU)` + (nest ? `   NEST ${nest.build_s} s -> ratio ${(L.build_time_s / nest.build_s).toFixed(3)}` : '') + `; model construction ${r.modelS.toFixed(2)} s`,
          `  simulate  ${perBio.toFixed(2)} s wall per bio s (${cpuPerBio.toFixed(2)} s CPU, all threads)` + (nest ? `   NEST ${nest.simulate_s[threads]} s -> ratio ${(perBio / nest.simulate_s[threads]).toFixed(3)}` : ''),
          `  spikes    ${L.spikes} (${(L.spikes / L.neurons / (L.simulated_ms / 1000)).toFixed(2)} spikes/s per neuron); synaptic events ${(L.synaptic_events / L.simulate_time_s / 1e6).toFixed(2)} M/s wall`,
          `  peak RSS  ${(L.peak_rss_bytes / 2 ** 20).toFixed(0)} MiB` + (nest ? `   NEST ${nest.peak_rss_gb} GB -> ratio ${(L.peak_rss_bytes / (nest.peak_rss_gb * 1e9)).toFixed(3)}` : ''),
        ].join('\n'),
      );
    }
  }
  const ds = results.filter((r) => r.caseName === 'downscaled' && r.rates);
  if (ds.length > 0) {
    const rates = ds[0].rates!;
    const ratesOut = process.env.BENCH_RATES_OUT;
    if (ratesOut) writeFileAtomic(ratesOut, JSON.stringify(rates, null, 1));
    if (ds.length > 1) {
      const same = JSON.stringify(ds[0].rates) === JSON.stringify(ds[1].rates);
      console.log(`Rates identical for ${ds.map((r) => r.threads).join(' and ')} threads: ${same}`);
    }
    const thFile = join(SHARED, 'refs', 'theory', 'theory_ground_state.json');
    if (existsSync(thFile)) {
      const th = JSON.parse(readFileSync(thFile, 'utf8'));
      const thRates: Record<string, number> = Object.fromEntries(th.labels.map((l: string, i: number) => [l, th.final_rates[i]]));
      const c = compare(rates, thRates);
      console.log(`Rates 200-1000 ms vs mean-field (full scale, ground state; ../shared/refs/theory): ${c.populations} populations, mean |log ratio| ${c.meanAbsLogRatio.toFixed(3)}, correlation ${c.correlation.toFixed(3)}`);
    }
    try {
      // Mean-field rates of this very network (down-scaled K, J and DC drive), integrated as upstream does.
      const theory = Theory.fromModel(referenceDownscaled() ?? network('downscaled'), { T: 50 });
      const final = theory.integrateSiegert().runs[0].final;
      const mf: Record<string, number> = Object.fromEntries(theory.structureVec.map((l, i) => [l, final[i]]));
      const c = compare(rates, mf);
      console.log(`Rates 200-1000 ms vs mean-field of the same down-scaled network (theory/): ${c.populations} populations, mean |log ratio| ${c.meanAbsLogRatio.toFixed(3)}, correlation ${c.correlation.toFixed(3)}`);
      const active = Object.keys(mf).filter((k) => mf[k] >= 1);
      const ca = compare(Object.fromEntries(active.map((k) => [k, rates[k]])), mf);
      console.log(`  ... over the ${ca.populations} populations with mean-field rate >= 1 spikes/s: mean |log ratio| ${ca.meanAbsLogRatio.toFixed(3)}, correlation ${ca.correlation.toFixed(3)}`);
    } catch (err) {
      console.log(`Mean-field comparison of the down-scaled network unavailable: ${(err as Error).message}`);
    }
    const c2 = compare(rates, flatRates(JSON.parse(readFileSync(RATES, 'utf8'))));
    console.log(`Rates 200-1000 ms vs bundled fullscale_rates.json: ${c2.populations} populations, mean |log ratio| ${c2.meanAbsLogRatio.toFixed(3)}, correlation ${c2.correlation.toFixed(3)}`);
    const silent = Object.values(rates).filter((r) => r === 0).length;
    console.log(`Populations silent over 200-1000 ms: ${silent} of ${Object.keys(rates).length}`);
  }
}

await main();

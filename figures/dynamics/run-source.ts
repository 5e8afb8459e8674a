/**
 * Everything the simulation figures read from a run folder goes through this module: what the run is
 * (`readRunInfo`: label, scale, duration, simulator, state) and its spikes (`loadRunAnalysis`, the one
 * place that reads spikes; today through analysisOfRun for folders of our engine, later through the
 * unified reader of NEST .dat and SONATA files).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Analysis, analysisOfRun } from '../../analysis/index.ts';
import { canonicalHash } from '../../core/index.ts';

/** What a figure says about the run it comes from. */
export interface RunInfo {
  dir: string;
  /** Label of the run (content hash of its simulation parameters and network). */
  label: string;
  network_label: string;
  simulator: string;
  N_scaling: number;
  K_scaling: number;
  /** Cortico-cortical weight factors chi and chi_I of the network. */
  chi: number;
  chi_I: number;
  t_sim_ms: number;
  /** Biological time the run covers (less than t_sim_ms when it stopped early). */
  simulated_ms: number;
  status: string;
  /** Simulated areas (null: all). */
  areas_simulated: string[] | null;
  seed: number;
}

function readJson(file: string, what: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot be read as JSON (${(err as Error).message}); expected ${what}`);
  }
}

/**
 * Checks that `dir` is the folder of a finished simulation run and describes it. Errors name the folder
 * and what is missing: a folder without params.json / populations.json / spike files is no run; one
 * without run_log.json, or an interrupted one, did not finish.
 */
export function readRunInfo(dir: string): RunInfo {
  const runDir = resolve(dir);
  const expected = 'expected a run folder of `mam simulate` (params.json, populations.json, spikes-<k>.bin, run_log.json)';
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new Error(`run folder ${runDir}: not a folder; ${expected}`);
  for (const file of ['params.json', 'populations.json']) {
    if (!existsSync(join(runDir, file))) throw new Error(`run folder ${runDir}: ${file} not found; ${expected}`);
  }
  if (!readdirSync(runDir).some((f) => /^spikes-\d+\.bin$/.test(f))) throw new Error(`run folder ${runDir}: no spikes-<k>.bin files; ${expected}`);
  if (!existsSync(join(runDir, 'run_log.json'))) {
    throw new Error(`run folder ${runDir}: run_log.json not found, so the run did not finish (killed?); rerun it or give a finished run`);
  }
  const params = readJson(join(runDir, 'params.json'), 'the parameters a simulation writes');
  const log = readJson(join(runDir, 'run_log.json'), 'the log a simulation writes');
  const sim = params.sim_params;
  const net = params.network_params;
  if (!sim || typeof sim !== 'object' || !net || typeof net !== 'object' || typeof params.network_label !== 'string') {
    throw new Error(`${join(runDir, 'params.json')}: no sim_params / network_params / network_label; ${expected}`);
  }
  if (log.status === 'interrupted') {
    throw new Error(`run folder ${runDir}: the run was interrupted at ${log.simulated_ms} ms (${log.message}); rerun it or give a finished run`);
  }
  const cp = net.connection_params ?? {};
  return {
    dir: runDir,
    label: String(log.label),
    network_label: params.network_label,
    simulator: `multiarea engine (iaf_psc_exp, dt ${sim.dt} ms)`,
    N_scaling: net.N_scaling ?? 1,
    K_scaling: net.K_scaling ?? 1,
    chi: cp.cc_weights_factor ?? 1.9,
    chi_I: cp.cc_weights_I_factor ?? 2,
    t_sim_ms: sim.t_sim,
    simulated_ms: log.simulated_ms,
    status: String(log.status),
    areas_simulated: sim.areas_simulated ?? null,
    seed: sim.rng_seed,
  };
}

/** The network parameters a run was simulated with (params.json: network_params). */
export function runNetworkParams(dir: string): Record<string, unknown> {
  return readJson(join(resolve(dir), 'params.json'), 'the parameters a simulation writes').network_params;
}

/**
 * A content fingerprint of a finished run: its log, parameters and the sizes of its spike files. A rule
 * keyed by it reruns when the folder holds another run.
 */
export function runFingerprint(dir: string): string {
  const runDir = resolve(dir);
  const spikeFiles = readdirSync(runDir)
    .filter((f) => /^spikes-\d+\.bin$/.test(f))
    .sort()
    .map((f) => [f, statSync(join(runDir, f)).size]);
  return canonicalHash(
    {
      log: readFileSync(join(runDir, 'run_log.json'), 'utf8'),
      params: readFileSync(join(runDir, 'params.json'), 'utf8'),
      spikeFiles,
    },
    16,
  );
}

/**
 * The Analysis of a run over [t_min_ms, end of the run]: the one function through which the figures
 * read spikes.
 */
export function loadRunAnalysis(dir: string, t_min_ms: number): Analysis {
  const info = readRunInfo(dir);
  if (!(t_min_ms < info.simulated_ms)) {
    throw new Error(`run folder ${info.dir}: analysis start t_min_ms = ${t_min_ms} ms; expected less than the ${info.simulated_ms} ms the run covers`);
  }
  return analysisOfRun(info.dir, { window: { t_min_ms, t_max_ms: info.simulated_ms } });
}

/** Scale and duration of the run, e.g. "scale 1 %, 2.00 s" (and how it stopped, if it stopped early). */
export function runSetting(info: RunInfo): string {
  const scale = info.N_scaling === info.K_scaling ? `scale ${percent(info.N_scaling)}` : `N ${percent(info.N_scaling)}, K ${percent(info.K_scaling)}`;
  const stopped = info.status === 'completed' ? '' : ` (${info.status} at ${info.simulated_ms} ms)`;
  return `${scale}, ${(info.t_sim_ms / 1000).toFixed(2)} s${stopped}`;
}

/** One line naming the run a panel comes from: label, chi, scale, duration, simulator. */
export function runCaption(info: RunInfo): string {
  return `run ${info.label.slice(0, 8)}: χ = ${info.chi}, ${runSetting(info)}, ${info.simulator}`;
}

/**
 * Caption lines of the runs of a panel: the runs (label and chi) and, on a second line, their scale,
 * duration and simulator when they share them (else one line per run).
 */
export function runsCaption(runs: readonly RunInfo[]): string[] {
  const settings = new Set(runs.map((r) => `${runSetting(r)}; ${r.simulator}`));
  if (settings.size > 1) return runs.map(runCaption);
  const names = runs.map((r) => `${r.label.slice(0, 8)} (χ = ${r.chi})`);
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 3) lines.push(`${i === 0 ? (runs.length === 1 ? 'run ' : 'runs ') : '  '}${names.slice(i, i + 3).join(', ')}`);
  return [...lines, [...settings][0]];
}

function percent(x: number): string {
  return `${Number((x * 100).toPrecision(3))} %`;
}

/**
 * Everything the simulation figures read from a run goes through this module, and through the spike
 * sources of simulation/ (docs/analysis.md, "Spike sources"): our run folders, NEST run folders of
 * run_nest.py, upstream's NEST output and SONATA spike files. `readRunInfo` says what the run is
 * (label, scale, duration, simulator, state), from the source's info without reading spikes;
 * `loadRunAnalysis` is the one place that reads spikes (openSpikeSource, then analysisOfRun).
 *
 * A figure state is a network of a given chi, so a run must bring its network parameters: without
 * them neither its state nor the network its interactions need is known, and it is refused. Runs that
 * did not finish are refused by the sources; runs stopped by an interruption or lack of memory here
 * (a run stopped for runaway activity is a result and is used up to where it stopped).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Analysis, analysisOfRun } from '../../analysis/index.ts';
import { canonicalHash } from '../../core/index.ts';
import { defaultNetworkParams } from '../../multiarea/index.ts';
import { describeSpikeSource, openSpikeSource, type RunEnd, type SpikeSourceFormat, type SpikeSourceInfo } from '../../simulation/index.ts';

/** What a figure says about the run it comes from. */
export interface RunInfo {
  /** The run as given: a folder, or a SONATA spike file. */
  path: string;
  format: SpikeSourceFormat;
  /** Label of the run (ours: content hash of its simulation parameters and network). */
  label: string;
  network_label: string | null;
  simulator: string;
  N_scaling: number;
  K_scaling: number;
  /** Cortico-cortical weight factors chi and chi_I of the network. */
  chi: number;
  chi_I: number;
  t_sim_ms: number;
  /** The window within which its spikes are complete (ms): from the start of the recording to where the run ended. */
  window_ms: [number, number];
  /** Biological time the run covers (ms): the end of that window (less than t_sim_ms when it stopped early). */
  simulated_ms: number;
  /** How the run ended (completed, runaway, interrupted, memory). */
  status: RunEnd;
  seed: number | null;
}

const EXPECTED =
  'expected a finished run with its network parameters: a run folder of `mam simulate`, a NEST run folder of `mam nest-export` + run_nest.py, ' +
  "upstream multi-area-model's output (custom_params_<label>), or a SONATA spike file in a run folder or beside the simulation_config.json of `mam sonata-export`";

/** A number of the network parameters, or the default of upstream nesting. */
function param(params: Record<string, any>, section: string | null, name: string): number {
  const value = section === null ? params[name] : params[section]?.[name];
  if (typeof value === 'number') return value;
  const defaults = defaultNetworkParams() as Record<string, any>;
  return section === null ? defaults[name] : defaults[section][name];
}

/** The RunInfo of a spike source's info (see the module comment for what is refused). */
export function runInfoOf(info: SpikeSourceInfo, window: { t_min_ms: number; t_max_ms: number }): RunInfo {
  if (info.end === 'interrupted' || info.end === 'memory') {
    // Stopped for technical reasons, not by its dynamics (a runaway stop is a result): not the state's run.
    const why = info.end === 'interrupted' ? 'was interrupted' : 'ran out of memory for in-flight events';
    throw new Error(`${info.path}: the run ${why} at ${window.t_max_ms} ms of t_sim = ${info.t_sim_ms} ms; rerun it or give a finished run`);
  }
  const np = info.networkParams;
  if (np === null || typeof np !== 'object') {
    throw new Error(
      `${info.path}: this ${info.format} source holds no network parameters, so neither the state it stands for (chi = cc_weights_factor) ` +
        `nor the network its theory and interactions need is known; ${EXPECTED}`,
    );
  }
  const params = np as Record<string, any>;
  return {
    path: info.path,
    format: info.format,
    label: info.label ?? info.path,
    network_label: info.networkLabel,
    simulator: info.simulator,
    N_scaling: info.N_scaling ?? param(params, null, 'N_scaling'),
    K_scaling: info.K_scaling ?? param(params, null, 'K_scaling'),
    chi: param(params, 'connection_params', 'cc_weights_factor'),
    chi_I: param(params, 'connection_params', 'cc_weights_I_factor'),
    t_sim_ms: info.t_sim_ms,
    window_ms: [window.t_min_ms, window.t_max_ms],
    simulated_ms: window.t_max_ms,
    status: info.end,
    seed: info.seed,
  };
}

/**
 * Checks that `path` is a finished run of any layout the spike sources read, with its network
 * parameters, and describes it (without reading its spikes). Errors name the path and say why.
 */
export function readRunInfo(path: string): RunInfo {
  const { info, window } = describeSpikeSource(path);
  return runInfoOf(info, window);
}

/** Sizes of the files of a run (a SONATA file: itself; a folder: every file below it), by relative path. */
function fileSizes(path: string): [string, number][] {
  if (statSync(path).isFile()) return [['.', statSync(path).size]];
  const out: [string, number][] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full, `${rel}${name}/`);
      else out.push([`${rel}${name}`, st.size]);
    }
  };
  walk(path, '');
  return out;
}

/**
 * A content fingerprint of a finished run: what its source says about it (label, network parameters,
 * t_sim, how it ended) and the sizes of its files. A rule keyed by it reruns when the path holds another run.
 */
export function runFingerprint(path: string): string {
  return describeGivenRun(path).fingerprint;
}

/**
 * A finished run given to the figures (`--from-run`), described once: what readRunInfo returns and
 * its runFingerprint. Fails, with the reason, for anything that is not a finished run with its network.
 */
export function describeGivenRun(path: string): { info: RunInfo; fingerprint: string } {
  const p = resolve(path);
  const { info: described, window } = describeSpikeSource(p);
  const { notes: _notes, ...identity } = described;
  return { info: runInfoOf(described, window), fingerprint: canonicalHash({ info: identity, files: fileSizes(p) }, 16) };
}

/**
 * The Analysis of a run over [t_min_ms, end of its valid data]: the one function through which the
 * figures read spikes. `network`: 'required' for statistics of interactions (a clear error when the
 * network cannot be rebuilt from the run's parameters), false where no statistic needs it.
 */
export async function loadRunAnalysis(info: RunInfo, t_min_ms: number, network: 'required' | false = false): Promise<Analysis> {
  const source = await openSpikeSource(info.path);
  if (!(t_min_ms < source.window.t_max_ms)) {
    throw new Error(`${info.path}: analysis start t_min_ms = ${t_min_ms} ms; expected less than the ${source.window.t_max_ms} ms the run covers`);
  }
  return analysisOfRun(source, { window: { t_min_ms, t_max_ms: source.window.t_max_ms }, network });
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

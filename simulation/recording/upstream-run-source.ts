/**
 * Upstream multi-area-model's own NEST output (multiarea_model/simulation.py) as a SpikeSource:
 *
 *   <data_path>/<label>/custom_params_<label>        JSON {sim_params, network_params, network_label}
 *                                                    (the custom parameters only; defaults below)
 *   <data_path>/<label>/recordings/network_gids.txt  "area,pop,first id,last id" per population
 *   <data_path>/<label>/recordings/<label>-<spike label>-<recorder id>-<vp>.dat   (NEST 3; .gdf for NEST 2)
 *   <data_path>/<label>/recordings/<label>_logfile_<rank>   JSON per rank < 30, written after Simulate
 *
 * Defaults (upstream default_params.py): t_sim 10 ms, dt 0.1 ms, 1 process x 1 thread, rng_seed 1,
 * spike_dict {label 'spikes', start 0}, every simulated area recorded. Completeness: nest-recording.ts
 * (upstream logs no spike counts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { populationLabel } from '../../multiarea/index.ts';
import { nestSpikeSource, nestVerdict, nestVersionOf } from './nest-recording.ts';
import { readJsonFile } from './record-reader.ts';
import { checkLayout, recordingStartMs, type OpenSpikeSourceOptions, type SourcePopulation, type SpikeSource } from './spike-source.ts';

/** Upstream writes logs for the first 30 ranks only. */
const LOGGED_RANKS = 30;

/** The custom_params_<label> file of an upstream run folder, or null. */
function customParamsFile(dir: string): string | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  const found = readdirSync(dir).filter((f) => f.startsWith('custom_params_'));
  if (found.length > 1) throw new Error(`${dir}: ${found.join(', ')}; expected one custom_params_<label> file (the folder of one upstream run)`);
  return found.length === 1 ? join(dir, found[0]) : null;
}

/** The folder of an upstream run (given it or its recordings/), or null when `path` is none. */
export function upstreamRunFolder(path: string): string | null {
  const p = resolve(path);
  const isRun = (d: string) => customParamsFile(d) !== null && existsSync(join(d, 'recordings', 'network_gids.txt'));
  if (isRun(p)) return p;
  if (basename(p) === 'recordings' && isRun(dirname(p))) return dirname(p);
  return null;
}

function readNetworkGids(file: string): (SourcePopulation & { area: string })[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    const f = line.split(',').map((s) => s.trim());
    const first = Number(f[2]);
    const last = Number(f[3]);
    if (f.length !== 4 || !Number.isInteger(first) || !Number.isInteger(last) || last < first - 1) {
      throw new Error(`${file} line ${i + 1}: '${line}'; expected "area,pop,first id,last id" as upstream's simulation.py writes it`);
    }
    return { label: populationLabel(f[0], f[1]), area: f[0], first, size: last - first + 1, recordSpikes: true };
  });
}

/** Opens an upstream run folder; throws unless the run is complete (or allowIncomplete and its end is known). */
export function openUpstreamRunSource(path: string, opts: OpenSpikeSourceOptions = {}): SpikeSource {
  const runDir = upstreamRunFolder(path);
  if (runDir === null) throw new Error(`${resolve(path)}: not an upstream multi-area-model run; expected custom_params_<label> and recordings/network_gids.txt`);
  const paramsFile = customParamsFile(runDir)!;
  const label = basename(paramsFile).slice('custom_params_'.length);
  const custom = readJsonFile(paramsFile, 'the {sim_params, network_params, network_label} upstream writes');
  const sim = custom?.sim_params ?? {};
  const net = custom?.network_params ?? {};
  const rec = join(runDir, 'recordings');
  const gidsFile = join(rec, 'network_gids.txt');
  const recorded: string[] | undefined = sim.recording_dict?.areas_recorded;
  const populations: SourcePopulation[] = readNetworkGids(gidsFile).map(({ area, ...p }) => ({ ...p, recordSpikes: recorded === undefined || recorded.includes(area) }));
  checkLayout(populations, gidsFile);
  const dt = sim.dt ?? 0.1;
  const t_sim = sim.t_sim ?? 10;
  const processes = sim.num_processes ?? 1;
  const vps = processes * (sim.local_num_threads ?? 1);
  const spikeDict = sim.recording_dict?.spike_dict ?? {};
  const names = readdirSync(rec);
  const missing = Array.from({ length: Math.min(processes, LOGGED_RANKS) }, (_, r) => r).filter((r) => !names.includes(`${label}_logfile_${r}`));
  const verdict = nestVerdict(
    {
      where: `upstream run folder ${runDir}`,
      dir: rec,
      names,
      prefix: `${label}-${spikeDict.label ?? 'spikes'}`,
      vps,
      missingLogs: missing.length > 0 ? missing.map((r) => `recordings/${label}_logfile_${r}`).join(', ') : null,
      counts: null,
      countsFile: "upstream's simulation.py logs none",
      t_sim_ms: t_sim,
      start_ms: recordingStartMs(spikeDict.start ?? 0, dt),
    },
    opts,
  );
  const nest2 = verdict.files[0]?.endsWith('.gdf');
  return nestSpikeSource(
    {
      format: 'upstream-nest',
      path: runDir,
      label,
      networkLabel: typeof custom?.network_label === 'string' ? custom.network_label : null,
      simulator: `NEST ${nest2 ? '2' : (nestVersionOf(verdict.files) ?? '3')} (upstream multi-area-model, ${vps} virtual processes, dt ${dt} ms)`,
      N_scaling: net.N_scaling ?? 1,
      K_scaling: net.K_scaling ?? 1,
      t_sim_ms: t_sim,
      dt_ms: dt,
      seed: sim.rng_seed ?? 1,
      networkParams: net,
      networkParamsFile: paramsFile,
      networkLabelIsOurs: false,
      notes: [],
    },
    populations,
    verdict,
  );
}

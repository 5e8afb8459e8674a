/**
 * NEST run folders of `mam nest-export` run by python/run_nest.py (docs/nest-export.md) as a
 * SpikeSource: sim.json (dt, t_sim, processes, threads, recorder label and start) and recordings/
 * with populations.json (first NEST id and size per population), run_log-<rank>.json (written by
 * each rank after Simulate), spike_counts.json (rank 0, when every rank is done) and the spike files
 * `<spike label>-<recorder id>-<vp>.dat`. Completeness: nest-recording.ts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NEST_SIM_FORMAT, NEST_SIM_VERSION } from '../nest/sim-spec.ts';
import { nestSpikeSource, nestVerdict, nestVersionOf } from './nest-recording.ts';
import { readJsonFile } from './record-reader.ts';
import { checkLayout, recordingStartMs, type OpenSpikeSourceOptions, type SourcePopulation, type SpikeSource } from './spike-source.ts';


/** The run folder of a NEST run (given the folder or its recordings/), or null when `path` is none. */
export function nestRunFolder(path: string): string | null {
  const p = resolve(path);
  const isRun = (d: string) => existsSync(join(d, 'sim.json')) && existsSync(join(d, 'recordings')) && statSync(join(d, 'recordings')).isDirectory();
  if (isRun(p)) return p;
  if (basename(p) === 'recordings' && isRun(dirname(p))) return dirname(p);
  return null;
}

/** Opens a NEST run folder; throws unless the run is complete (or allowIncomplete and its end is known). */
export function openNestRunSource(path: string, opts: OpenSpikeSourceOptions = {}): SpikeSource {
  const runDir = nestRunFolder(path);
  if (runDir === null) throw new Error(`${resolve(path)}: not a NEST run folder; expected sim.json and recordings/ (mam nest-export, then run_nest.py)`);
  const simFile = join(runDir, 'sim.json');
  const sim = readJsonFile(simFile, 'the sim.json of `mam nest-export`');
  if (sim?.format !== NEST_SIM_FORMAT || sim?.version !== NEST_SIM_VERSION) {
    throw new Error(`${simFile}: format ${JSON.stringify(sim?.format)} version ${JSON.stringify(sim?.version)}; expected ${NEST_SIM_FORMAT} version ${NEST_SIM_VERSION}`);
  }
  const rec = join(runDir, 'recordings');
  const layoutFile = join(rec, 'populations.json');
  if (!existsSync(layoutFile)) {
    throw new Error(`${runDir}: ${layoutFile} not found: run_nest.py has not built the network yet (or was stopped before); run it (python3 run_nest.py)`);
  }
  const layout = readJsonFile(layoutFile, "run_nest.py's population layout");
  if (!Array.isArray(layout)) throw new Error(`${layoutFile}: expected a list of {label, first_id, size, record_spikes}`);
  const populations: SourcePopulation[] = layout.map((p: any) => ({ label: p?.label, first: p?.first_id ?? 0, size: p?.size, recordSpikes: p?.record_spikes === true && p?.first_id !== null }));
  checkLayout(populations, layoutFile);
  const names = readdirSync(rec);
  const ranks = names.map((n) => /^run_log-(\d+)\.json$/.exec(n)).filter((m) => m !== null).map((m) => Number(m![1]));
  const log0 = ranks.includes(0) ? readJsonFile(join(rec, 'run_log-0.json'), "rank 0's log of run_nest.py") : null;
  const processes = log0?.num_processes ?? sim.num_processes;
  const vps = log0?.total_num_virtual_procs ?? sim.num_processes * sim.local_num_threads;
  const missing = Array.from({ length: processes }, (_, r) => r).filter((r) => !ranks.includes(r));
  const countsFile = join(rec, 'spike_counts.json');
  const counts = existsSync(countsFile) ? readJsonFile(countsFile, "run_nest.py's spike counts").files : null;
  const dt = sim.dt_ms;
  const verdict = nestVerdict(
    {
      where: `NEST run folder ${runDir}`,
      dir: rec,
      names,
      prefix: sim.recording.spike_label,
      vps,
      missingLogs: missing.length > 0 ? missing.map((r) => `recordings/run_log-${r}.json`).join(', ') : null,
      counts: counts && typeof counts === 'object' ? counts : null,
      countsFile: counts ? countsFile : 'run_nest.py of this export writes no spike_counts.json (exported before it did)',
      t_sim_ms: sim.t_sim_ms,
      start_ms: recordingStartMs(sim.recording.spike_start_ms, dt),
    },
    opts,
  );
  const version = nestVersionOf(verdict.files);
  return nestSpikeSource(
    {
      format: 'nest-run',
      path: runDir,
      label: sim.label ?? null,
      networkLabel: sim.network_label ?? null,
      simulator: `NEST ${version ?? '3'} (run_nest.py, ${vps} virtual processes, dt ${dt} ms)`,
      N_scaling: null,
      K_scaling: null,
      t_sim_ms: sim.t_sim_ms,
      dt_ms: dt,
      seed: sim.rng_seed ?? null,
      networkParams: null,
      networkParamsFile: null,
      networkLabelIsOurs: true,
      notes: [],
    },
    populations,
    verdict,
  );
}

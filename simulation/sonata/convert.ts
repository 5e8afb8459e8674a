/**
 * Conversions between recordings: our run folders, NEST run folders (run_nest.py's ASCII .dat files)
 * and SONATA spike / report files. Node ids are ours throughout (the engine's global neuron ids,
 * the node ids of an exported circuit); NEST's ids are mapped through its populations.json.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunLayout } from '../recording/record-reader.ts';
import { NestIdMap, nestRecordingFiles, readNestDatFiles, writeNestDat, type NestRecords } from './nest-dat.ts';
import { readSonataSpikes, writeSonataSpikes, type SpikeSorting, type SpikeTrains } from './spike-file.ts';
import { samplesToReport, writeSonataReport, type ReportPopulation } from './report-file.ts';
import { runFolderSpikes, runFolderVmReport, writeRunFolder } from './run-folder.ts';

export type RecordingKind = 'run' | 'nest' | 'sonata';

/** What a path holds: a SONATA file (.h5), our run folder, or a NEST run folder (or its recordings/). */
export function detectRecording(path: string): RecordingKind {
  if (!existsSync(path)) throw new Error(`${path}: not found; expected a run folder, a NEST run folder or a SONATA spike file (.h5)`);
  if (statSync(path).isFile()) {
    if (/\.(h5|hdf5|sonata)$/i.test(path)) return 'sonata';
    throw new Error(`${path}: a file but not .h5; expected a SONATA spike file, or a run folder`);
  }
  const files = readdirSync(path);
  if (files.includes('populations.json') && files.some((f) => /^spikes-\d+\.bin$/.test(f))) return 'run';
  if (files.includes('recordings') || (files.includes('populations.json') && files.some((f) => f.endsWith('.dat')))) return 'nest';
  throw new Error(`${path}: neither a run folder (populations.json, spikes-<k>.bin) nor a NEST run folder (recordings/ with .dat files)`);
}

interface NestRun {
  recordings: string;
  ids: NestIdMap;
  spikeLabel: string;
  vmLabel: string;
  dt: number;
}

function readJson(file: string, what: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot be read (${(err as Error).message}); expected ${what}`);
  }
}

/** A NEST run folder exported by `mam nest-export` (or its recordings/ folder). */
function nestRun(path: string): NestRun {
  const recordings = existsSync(join(path, 'recordings')) ? join(path, 'recordings') : path;
  const runDir = recordings === path ? join(path, '..') : path;
  const simFile = join(runDir, 'sim.json');
  const sim = existsSync(simFile) ? readJson(simFile, 'the sim.json of a NEST export') : null;
  return {
    recordings,
    ids: NestIdMap.read(join(recordings, 'populations.json')),
    spikeLabel: sim?.recording?.spike_label ?? 'spikes',
    vmLabel: sim?.recording?.vm_label ?? 'vm',
    dt: sim?.dt_ms ?? 0.1,
  };
}

/** Spikes of NEST's spike recorder, with our node ids. */
export function nestRunSpikes(path: string): SpikeTrains {
  const run = nestRun(path);
  const files = nestRecordingFiles(run.recordings, run.spikeLabel);
  if (files.length === 0) throw new Error(`NEST recordings ${run.recordings}: no ${run.spikeLabel}-*.dat files`);
  const rec = readNestDatFiles(files, 'spikes');
  return { nodeIds: Float64Array.from(rec.senders, (g) => run.ids.nodeId(g)), timestampsMs: rec.timesMs };
}

/** NEST's voltmeter recordings as a report (our node ids), or null when there are none. */
export function nestRunVmReport(path: string): ReportPopulation | null {
  const run = nestRun(path);
  const files = nestRecordingFiles(run.recordings, run.vmLabel);
  if (files.length === 0) return null;
  const rec = readNestDatFiles(files, 'samples');
  const vm = rec.values.V_m;
  if (!vm) throw new Error(`NEST recordings ${run.recordings}: ${run.vmLabel}-*.dat files have no V_m column`);
  return samplesToReport(Float64Array.from(rec.senders, (g) => run.ids.nodeId(g)), rec.timesMs, vm, run.dt);
}

export interface ToSonataOptions {
  population: string;
  sorting?: SpikeSorting;
  /** Also write the V_m recordings as a SONATA report here. */
  vmOut?: string;
  /** Without V_m recordings, write no report instead of failing. */
  vmOptional?: boolean;
}

/** Converts a run folder or NEST run folder to a SONATA spike file; returns the spike count and whether a V_m report was written. */
export async function recordingToSonata(input: string, out: string, opts: ToSonataOptions): Promise<{ spikes: number; vm: boolean }> {
  const kind = detectRecording(input);
  if (kind === 'sonata') throw new Error(`${input}: already a SONATA file`);
  const spikes = kind === 'run' ? runFolderSpikes(input) : nestRunSpikes(input);
  await writeSonataSpikes(out, { [opts.population]: spikes }, opts.sorting ?? 'by_time');
  let vm = false;
  if (opts.vmOut) {
    const report = kind === 'run' ? runFolderVmReport(input) : nestRunVmReport(input);
    if (report === null && !opts.vmOptional) throw new Error(`${input}: no V_m recordings to convert (recording_dict.record_vm was false, or no neuron was recorded)`);
    if (report !== null) {
      await writeSonataReport(opts.vmOut, { [opts.population]: report });
      vm = true;
    }
  }
  return { spikes: spikes.nodeIds.length, vm };
}

/** The spikes of one population of a SONATA file (the only one when `population` is not given), and its name. */
export async function sonataPopulationSpikes(file: string, population?: string): Promise<SpikeTrains & { name: string }> {
  const all = await readSonataSpikes(file);
  const names = Object.keys(all);
  const name = population ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) throw new Error(`SONATA spike file ${file}: holds populations ${names.join(', ')}; choose one (--population, or the population option)`);
  if (!all[name]) throw new Error(`SONATA spike file ${file}: no population '${name}' (it holds ${names.join(', ')})`);
  return { name, nodeIds: all[name].nodeIds, timestampsMs: all[name].timestampsMs };
}

/**
 * Writes SONATA spikes as a NEST ASCII file `<outDir>/<label>-<deviceId>-0.dat`. With a NEST layout
 * (recordings/populations.json of a run_nest.py run) node ids become that run's NEST ids; without,
 * NEST id = node id + 1 (NEST numbers nodes from 1).
 */
export function spikesToNestDat(spikes: SpikeTrains, outDir: string, opts: { label?: string; deviceId?: number; layout?: string }): string {
  const ids = opts.layout ? NestIdMap.read(opts.layout) : null;
  const records: NestRecords = {
    senders: Float64Array.from(spikes.nodeIds, (id) => (ids ? ids.gid(id) : id + 1)),
    timesMs: spikes.timestampsMs,
    values: {},
  };
  const fine = spikes.timestampsMs.some((t) => Math.abs(Math.round(t * 1000) - t * 1000) > 1e-6);
  return writeNestDat(outDir, opts.label ?? 'spikes', opts.deviceId ?? 1, records, fine ? 6 : 3);
}

/**
 * The population layout of an exported circuit's simulation_config.json (its multiarea section and
 * run block) or of a run folder's populations.json.
 */
export function readLayout(file: string): RunLayout {
  const json = readJson(file, 'a populations.json of a run folder or the simulation_config.json of `mam sonata-export`');
  if (Array.isArray(json?.populations) && typeof json.dt === 'number') return json as RunLayout;
  const pops = json?.multiarea?.populations;
  if (Array.isArray(pops) && typeof json?.run?.dt === 'number') {
    return {
      dt: json.run.dt,
      t_sim: json.run.tstop,
      populations: pops.map((p: any) => ({ label: p.label, first: p.first, size: p.size, recordSpikes: true, nVm: 0 })),
    };
  }
  throw new Error(`${file}: neither a run folder's populations.json nor an exported simulation_config.json (with multiarea.populations and run.dt)`);
}

/** Writes SONATA spikes as one of our run folders, with the population layout of `layoutFile`. */
export function spikesToRunFolder(spikes: SpikeTrains, outDir: string, layoutFile: string): void {
  writeRunFolder(outDir, readLayout(layoutFile), spikes);
}

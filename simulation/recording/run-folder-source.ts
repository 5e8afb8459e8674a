/**
 * Our run folders (simulation.ts: params.json, populations.json, spikes-<k>.bin, run_log.json) as a
 * SpikeSource, opened only when complete (docs/simulation.md, "Complete runs"):
 *
 * - run_log.json exists (it is written last, after every spike file is closed) with a known status;
 *   completed runs are valid to t_sim, runs stopped early (runaway, interrupted, memory) to their
 *   logged simulated_ms;
 * - every spike file matches the record count the log gives it (spike_records; logs written before
 *   those counts: one spike file per thread, and the total when it can be compared). A missing, extra
 *   or longer file means the folder changed after the run: always refused. A shorter file was cut
 *   after the run: refused unless allowIncomplete.
 * - Without run_log.json the run did not finish: refused unless allowIncomplete, which uses the spikes
 *   up to the last complete step (unfinishedEnd below).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { HEADER_BYTES, SPIKE_MAGIC } from './record-format.ts';
import { mergeSpikeRecords, readJsonFile, readRunLayout, readSpikeFile, spikeFiles, type RunLayout, type SpikeData } from './record-reader.ts';
import {
  allowIncompleteHint,
  checkLayout,
  fmtMs,
  IncompleteRunError,
  recordingStartMs,
  sortedWithin,
  stepsToMs,
  type OpenSpikeSourceOptions,
  type RunEnd,
  type SourcePopulation,
  type SpikeSource,
  type SpikeWindow,
} from './spike-source.ts';

/** Statuses our engine writes in run_log.json; all but completed stop early with valid data up to simulated_ms. */
const LOGGED_ENDS: readonly RunEnd[] = ['completed', 'runaway', 'interrupted', 'memory'];

interface SpikeFileState {
  name: string;
  records: number;
  trailingBytes: number;
  /** Time stamp (steps) of the last whole record; 0 when there is none. */
  lastStamp: number;
}


/** Size, header and last record of a spike file, without reading it all. */
function spikeFileState(file: string, dt: number): SpikeFileState {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEADER_BYTES);
    const got = readSync(fd, head, 0, HEADER_BYTES, 0);
    if (got < HEADER_BYTES) throw new Error(`${file}: ${size} bytes; expected a header of ${HEADER_BYTES} bytes (a spike file of a run)`);
    const magic = head.toString('latin1', 0, 8);
    if (magic !== SPIKE_MAGIC || head.readUInt32LE(24) !== 8) throw new Error(`${file}: not a spike file (magic ${JSON.stringify(magic)}, record size ${head.readUInt32LE(24)}); expected ${SPIKE_MAGIC} with 8-byte records`);
    const fileDt = head.readDoubleLE(16);
    if (Math.abs(fileDt - dt) > 1e-12) throw new Error(`${file}: dt = ${fileDt} ms; expected the run's dt = ${dt} ms (populations.json)`);
    const records = Math.floor((size - HEADER_BYTES) / 8);
    let lastStamp = 0;
    if (records > 0) {
      const last = Buffer.alloc(8);
      readSync(fd, last, 0, 8, HEADER_BYTES + 8 * (records - 1));
      lastStamp = last.readUInt32LE(0);
    }
    return { name: basename(file), records, trailingBytes: size - HEADER_BYTES - 8 * records, lastStamp };
  } finally {
    closeSync(fd);
  }
}

/**
 * The last complete step of a run that did not finish, from its spike files alone. Each worker writes
 * its file in step order (flushing every 128 steps, at the end of every chunk of steps, and when its
 * buffer is full, which can be in the middle of a step; a kill can also cut a write). So a file whose
 * last whole record has time stamp L holds every record stamped before L, and the spikes of all files
 * are complete up to the stamp before the smallest such L: the last complete step ends at
 * (min over files of L - 1) x dt. A file without records says nothing, so then no step is known to be
 * complete.
 */
export function unfinishedEndMs(files: readonly SpikeFileState[], dt: number): number {
  if (files.length === 0) return 0;
  return stepsToMs(Math.max(0, Math.min(...files.map((f) => f.lastStamp)) - 1), dt);
}

function layoutOf(runDir: string): RunLayout {
  const layout = readRunLayout(runDir);
  const file = join(runDir, 'populations.json');
  if (!(layout && typeof layout.dt === 'number' && layout.dt > 0 && typeof layout.t_sim === 'number' && layout.t_sim > 0 && Array.isArray(layout.populations))) {
    throw new Error(`${file}: expected {dt, t_sim, populations} as a simulation writes it`);
  }
  checkLayout(layout.populations.map((p) => ({ label: p.label, first: p.first, size: p.size, recordSpikes: p.recordSpikes })), file);
  return layout;
}

/** Why a missing run folder is missing: a run still writing (or killed) uses `<label>.incomplete`. */
function notFound(runDir: string): Error {
  const sibling = `${runDir}.incomplete`;
  if (existsSync(sibling)) {
    return new IncompleteRunError(
      `run folder ${runDir} not found, but ${sibling} exists: that run did not finish (killed, crashed, or still running); rerun it, or open ${sibling} with --allow-incomplete (allowIncomplete: true) to use its spikes up to the last complete step`,
    );
  }
  return new Error(`run folder ${runDir}: not found; expected the output folder of a simulation`);
}

interface Verdict {
  end: RunEnd;
  endMs: number;
  complete: boolean;
  notes: string[];
}

/** Checks the spike files against run_log.json. */
function checkAgainstLog(runDir: string, log: any, files: SpikeFileState[], layout: RunLayout, spikeStart_ms: number, opts: OpenSpikeSourceOptions): Verdict {
  const logFile = join(runDir, 'run_log.json');
  const status = log?.status;
  if (!LOGGED_ENDS.includes(status)) throw new Error(`${logFile}: status ${JSON.stringify(status)}; expected one of ${LOGGED_ENDS.join(', ')}`);
  const simulated = log.simulated_ms;
  if (!(typeof simulated === 'number' && simulated >= 0 && simulated <= layout.t_sim + 1e-9)) {
    throw new Error(`${logFile}: simulated_ms = ${JSON.stringify(simulated)}; expected a time in ms within t_sim = ${layout.t_sim} ms`);
  }
  const notes: string[] = [];
  const changed = (what: string) =>
    new Error(`run folder ${runDir}: ${what}; the folder was changed after the run, so its spikes are not the run's. Rerun it (or restore its files); --allow-incomplete cannot help`);
  const cut: SpikeFileState[] = [];
  const byName = new Map(files.map((f) => [f.name, f]));
  const logged = log.spike_records as Record<string, number> | undefined;
  if (logged && typeof logged === 'object') {
    for (const [name, count] of Object.entries(logged)) {
      const f = byName.get(name);
      if (!f) throw changed(`${name} is missing, but run_log.json records ${count} spikes in it`);
      if (f.records > count) throw changed(`${name} holds ${f.records} spike records, but run_log.json records ${count}`);
      if (f.records < count || f.trailingBytes !== 0) cut.push(f);
    }
    for (const f of files) if (!(f.name in logged)) throw changed(`${f.name} was not written by the run (run_log.json does not name it)`);
    if (cut.length > 0) {
      const what = cut.map((f) => `${f.name} holds ${f.records} of the ${logged[f.name]} spike records run_log.json counts`).join('; ');
      const endMs = Math.min(simulated, unfinishedEndMs(cut, layout.dt));
      if (!opts.allowIncomplete || endMs <= spikeStart_ms) throw new IncompleteRunError(`run folder ${runDir}: ${what}: cut short after the run (a copy or disk that filled up?); ${allowIncompleteHint(endMs)}`);
      notes.push(`--allow-incomplete: ${what}; using the spikes up to t = ${fmtMs(endMs)} ms, where the shortest file ends (records are written in step order)`);
      return { end: status, endMs, complete: false, notes };
    }
  } else {
    notes.push('run_log.json predates per-file spike counts (spike_records): checked one spike file per thread and, when every population is recorded from t = 0, the total');
    const recorded = layout.populations.some((p) => p.recordSpikes);
    const threads = log.threads;
    if (recorded && Number.isInteger(threads)) {
      for (let k = 0; k < threads; k++) if (!byName.has(`spikes-${k}.bin`)) throw changed(`spikes-${k}.bin is missing, but run_log.json says ${threads} threads wrote one spike file each`);
    }
    if (layout.populations.every((p) => p.recordSpikes) && spikeStart_ms === 0 && typeof log.spikes === 'number') {
      const total = files.reduce((a, f) => a + f.records, 0);
      if (total > log.spikes) throw changed(`the spike files hold ${total} records, but run_log.json counts ${log.spikes} spikes`);
      if (total < log.spikes) {
        throw new IncompleteRunError(`run folder ${runDir}: the spike files hold ${total} records, but run_log.json counts ${log.spikes} spikes: files were cut short after the run; rerun it`);
      }
    }
  }
  if (status !== 'completed') notes.push(`the run stopped early (${status}: ${log.message ?? 'no message'}); its spikes are valid up to ${fmtMs(simulated)} ms of t_sim = ${fmtMs(layout.t_sim)} ms, where windows end`);
  return { end: status, endMs: simulated, complete: status === 'completed' && Math.abs(simulated - layout.t_sim) < 1e-9, notes };
}

/** A run without run_log.json: refused, or with allowIncomplete valid up to its last complete step. */
function unfinished(runDir: string, files: SpikeFileState[], layout: RunLayout, spikeStart_ms: number, opts: OpenSpikeSourceOptions): Verdict {
  const names = files.map((f) => f.name);
  names.forEach((name, k) => {
    if (name !== `spikes-${k}.bin`) throw new Error(`run folder ${runDir}: spike files ${names.join(', ')}; expected spikes-0.bin .. spikes-${names.length - 1}.bin without gaps (a file was deleted?); rerun it`);
  });
  const endMs = layout.populations.some((p) => p.recordSpikes) ? unfinishedEndMs(files, layout.dt) : 0;
  const lock = join(runDir, 'lock.json');
  const holder = existsSync(lock) ? ` (${lock} names process ${readJsonFile(lock, 'a lock file').pid}, which may still be running)` : '';
  const what = `run folder ${runDir} has no run_log.json: the run did not finish (it was killed, crashed, lost power, or is still running${holder}); its spike files are complete up to t = ${fmtMs(endMs)} ms of t_sim = ${fmtMs(layout.t_sim)} ms`;
  if (!opts.allowIncomplete || endMs <= spikeStart_ms) throw new IncompleteRunError(`${what}; ${allowIncompleteHint(endMs > spikeStart_ms ? endMs : null)}`);
  return {
    end: 'unfinished',
    endMs,
    complete: false,
    notes: [
      `--allow-incomplete: the run did not finish (no run_log.json); using its spikes up to the last complete step, t = ${fmtMs(endMs)} ms of t_sim = ${fmtMs(layout.t_sim)} ms (where the earliest-ending of its ${files.length} spike files ends; records are written in step order)`,
    ],
  };
}

/** Opens one of our run folders; throws unless the run is complete (see the module comment). */
export function openRunFolderSource(dir: string, opts: OpenSpikeSourceOptions = {}): SpikeSource {
  const runDir = resolve(dir);
  if (!existsSync(runDir)) throw notFound(runDir);
  const layout = layoutOf(runDir);
  const paramsFile = join(runDir, 'params.json');
  const params = existsSync(paramsFile) ? readJsonFile(paramsFile, 'the parameters a simulation writes') : null;
  const start = params?.sim_params?.recording_dict?.spike_dict?.start;
  const spikeStart_ms = recordingStartMs(typeof start === 'number' ? start : 0, layout.dt);
  const files = spikeFiles(runDir).map((f) => spikeFileState(f, layout.dt));
  const logFile = join(runDir, 'run_log.json');
  const log = existsSync(logFile) ? readJsonFile(logFile, 'the log a simulation writes') : null;
  const verdict = log ? checkAgainstLog(runDir, log, files, layout, spikeStart_ms, opts) : unfinished(runDir, files, layout, spikeStart_ms, opts);
  const window: SpikeWindow = { t_min_ms: spikeStart_ms, t_max_ms: verdict.endMs };
  const net = params?.network_params;
  const populations: SourcePopulation[] = layout.populations.map((p) => ({ label: p.label, first: p.first, size: p.size, recordSpikes: p.recordSpikes }));
  let cached: SpikeData | null = null;
  return {
    info: {
      format: 'multiarea-run',
      path: runDir,
      label: typeof log?.label === 'string' ? log.label : basename(runDir).replace(/\.incomplete$/, ''),
      networkLabel: params?.network_label ?? log?.network_label ?? null,
      simulator: `multiarea engine (iaf_psc_exp, dt ${layout.dt} ms)`,
      N_scaling: typeof net?.N_scaling === 'number' ? net.N_scaling : null,
      K_scaling: typeof net?.K_scaling === 'number' ? net.K_scaling : null,
      t_sim_ms: layout.t_sim,
      dt_ms: layout.dt,
      seed: typeof params?.sim_params?.rng_seed === 'number' ? params.sim_params.rng_seed : null,
      end: verdict.end,
      complete: verdict.complete,
      networkParams: net ?? null,
      networkParamsFile: params ? paramsFile : null,
      networkLabelIsOurs: true,
      notes: verdict.notes,
    },
    populations,
    window,
    spikes() {
      if (!cached) {
        const parts = files.map((f) => readSpikeFile(join(runDir, f.name)));
        const all = mergeSpikeRecords(parts, layout.dt, true);
        cached = sortedWithin(all.timesMs, all.senders, window);
      }
      return cached;
    },
  };
}

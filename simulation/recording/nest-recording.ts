/**
 * Completeness of a NEST spike recording (one ASCII file per virtual process), shared by the readers
 * of run_nest.py folders and of upstream multi-area-model's output. Complete: every MPI rank wrote its
 * log (each does so after Simulate returns, when NEST has closed its files), there is one spike file
 * per virtual process, every file ends with a whole line, and, where the writer logged them, the
 * record counts of the files match. Otherwise the run is refused, or with allowIncomplete used up to
 * its last complete step (nestUnfinishedEndMs).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { concatNestRecords, endsWithWholeLine, nestFileVp, nestUnfinishedEndMs, readNestAsciiSpikes, type NestAsciiSpikes } from './nest-ascii.ts';
import type { SpikeData } from './record-reader.ts';
import {
  allowIncompleteHint,
  fmtMs,
  IncompleteRunError,
  sortedWithin,
  type OpenSpikeSourceOptions,
  type RunEnd,
  type SourcePopulation,
  type SpikeSource,
  type SpikeSourceInfo,
  type SpikeWindow,
} from './spike-source.ts';

export interface NestRecording {
  /** The run folder, for messages. */
  where: string;
  /** Folder of the spike files and their name prefix (`<prefix>-<recorder>-<vp>.dat|gdf`). */
  dir: string;
  names: string[];
  prefix: string;
  /** Virtual processes of the run: one spike file each. */
  vps: number;
  /** null when every rank logged the end of its run; else what is missing (e.g. "run_log-1.json"). */
  missingLogs: string | null;
  /** Records per spike file as the writer logged them, and the file holding them (null: not logged). */
  counts: Record<string, number> | null;
  countsFile: string | null;
  t_sim_ms: number;
  /** Start of the valid window (ms). */
  start_ms: number;
}

export interface NestVerdict {
  end: RunEnd;
  window: SpikeWindow;
  complete: boolean;
  notes: string[];
  files: string[];
  /** Files already read (unfinished runs are read to find their end). */
  parsed: NestAsciiSpikes[] | null;
}

/** The spike files of the recording, checked to be one recorder with one file per virtual process. */
function spikeFilesOf(rec: NestRecording): string[] {
  const found = rec.names.map((name) => ({ name, id: nestFileVp(name, rec.prefix) })).filter((f) => f.id !== null);
  const recorders = [...new Set(found.map((f) => f.id!.recorder))];
  if (recorders.length === 0) throw new Error(`${rec.where}: no spike files ${rec.prefix}-<recorder>-<vp>.dat (or .gdf) in ${rec.dir}; expected the recordings of a NEST run`);
  if (recorders.length > 1) throw new Error(`${rec.where}: spike files of ${recorders.length} recorders (ids ${recorders.join(', ')}) in ${rec.dir}; expected those of one run (delete the files of other runs)`);
  const exts = new Set(found.map((f) => f.name.slice(-3)));
  if (exts.size > 1) throw new Error(`${rec.where}: both .dat and .gdf spike files in ${rec.dir}; expected those of one run`);
  const vps = new Set(found.map((f) => f.id!.vp));
  const missing = Array.from({ length: rec.vps }, (_, vp) => vp).filter((vp) => !vps.has(vp));
  const extra = [...vps].filter((vp) => vp >= rec.vps);
  if (missing.length > 0 || extra.length > 0) {
    const ext = [...exts][0];
    const what = missing.length > 0 ? `the spike files of virtual processes ${missing.join(', ')} are missing` : `spike files of virtual processes ${extra.join(', ')} do not belong to its ${rec.vps}`;
    throw new Error(
      `${rec.where}: the run had ${rec.vps} virtual processes, one spike file ${rec.prefix}-${recorders[0]}-<vp>.${ext} each, but ${what}; the recordings are not those of one whole run: rerun it (--allow-incomplete cannot help)`,
    );
  }
  return found.sort((a, b) => a.id!.vp - b.id!.vp).map((f) => join(rec.dir, f.name));
}

/** Decides whether a NEST recording is complete and which window its spikes are valid in. */
export function nestVerdict(rec: NestRecording, opts: OpenSpikeSourceOptions): NestVerdict {
  const files = spikeFilesOf(rec);
  const notes: string[] = [];
  const unfinished = (what: string, parsed = files.map(readNestAsciiSpikes)): NestVerdict => {
    const endMs = Math.min(rec.t_sim_ms, nestUnfinishedEndMs(parsed));
    if (!opts.allowIncomplete || endMs <= rec.start_ms) {
      throw new IncompleteRunError(`${rec.where}: ${what}; its spike files are complete up to t = ${fmtMs(endMs)} ms of t_sim = ${fmtMs(rec.t_sim_ms)} ms; ${allowIncompleteHint(endMs > rec.start_ms ? endMs : null)}`);
    }
    notes.push(
      `--allow-incomplete: ${what}; using its spikes up to t = ${fmtMs(endMs)} ms of t_sim = ${fmtMs(rec.t_sim_ms)} ms (1 ms, NEST's largest min_delay here, before the latest spike of the earliest-ending of its ${files.length} files)`,
    );
    return { end: 'unfinished', window: { t_min_ms: rec.start_ms, t_max_ms: endMs }, complete: false, notes, files, parsed };
  };
  if (rec.missingLogs !== null) return unfinished(`the run did not finish (no ${rec.missingLogs}: killed, crashed, or still running)`);
  const cut = files.filter((f) => !endsWithWholeLine(f));
  if (cut.length > 0) return unfinished(`${cut.map((f) => basename(f)).join(', ')} end(s) inside a line: cut short after the run`);
  if (rec.counts) {
    const parsed = files.map(readNestAsciiSpikes);
    for (const p of parsed) {
      const name = basename(p.file);
      const logged = rec.counts[name];
      if (logged === undefined || p.senders.length > logged) {
        throw new Error(`${rec.where}: ${name} holds ${p.senders.length} spikes, but ${rec.countsFile} records ${logged ?? 'no count'} for it; the recordings were changed after the run: rerun it`);
      }
      if (p.senders.length < logged) return unfinished(`${name} holds ${p.senders.length} of the ${logged} spikes ${rec.countsFile} records: cut short after the run`, parsed);
    }
    return { end: 'completed', window: { t_min_ms: rec.start_ms, t_max_ms: rec.t_sim_ms }, complete: true, notes, files, parsed };
  }
  notes.push(`no spike counts were logged for the files (${rec.countsFile ?? 'the writer logs none'}): checked that every rank finished, one file per virtual process, and whole lines`);
  return { end: 'completed', window: { t_min_ms: rec.start_ms, t_max_ms: rec.t_sim_ms }, complete: true, notes, files, parsed: null };
}

/** A SpikeSource over a checked NEST recording (`info` without the verdict's fields). */
export function nestSpikeSource(
  info: Omit<SpikeSourceInfo, 'end' | 'complete' | 'notes'> & { notes?: string[] },
  populations: SourcePopulation[],
  verdict: NestVerdict,
): SpikeSource {
  let cached: SpikeData | null = null;
  return {
    info: { ...info, end: verdict.end, complete: verdict.complete, notes: [...(info.notes ?? []), ...verdict.notes] },
    populations,
    window: verdict.window,
    spikes() {
      if (!cached) {
        const all = concatNestRecords(verdict.parsed ?? verdict.files.map(readNestAsciiSpikes));
        cached = sortedWithin(all.timesMs, all.senders, verdict.window);
        verdict.parsed = null;
      }
      return cached;
    },
  };
}

/** The NEST version in the first line of a NEST 3 spike file ("# NEST version: 3.10.0"), or null. */
export function nestVersionOf(files: readonly string[]): string | null {
  if (files.length === 0) return null;
  const head = readNestHead(files[0]);
  const m = /^# NEST version: (\S+)/.exec(head);
  return m ? m[1] : null;
}

function readNestHead(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(200);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.toString('latin1', 0, n);
  } finally {
    closeSync(fd);
  }
}

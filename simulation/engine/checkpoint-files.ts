/**
 * Checkpoints on disk (Node side of checkpoint-format.ts). A checkpoint of a run after S steps is the
 * folder `<run>/checkpoint-<S>/` with one state file per worker (`state-<k>.bin`), one part file per
 * worker (`part-<k>.json`: records in its record files, spikes and events counted) and, written last
 * and atomically once every part is durable, `checkpoint.json`. A folder without checkpoint.json is
 * incomplete and ignored; once a checkpoint is complete, the older ones are deleted.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, mkdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteSink, ByteSource } from './checkpoint-format.ts';
import type { Shard } from './shard.ts';

export const CHECKPOINT_FORMAT = 'multiarea-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;
const MANIFEST = 'checkpoint.json';

export interface CheckpointPart {
  worker: number;
  file_index: number;
  spike_records: number | null;
  vm_records: number | null;
  spikes: number;
  events: number;
}

export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  label: string;
  network_label: string;
  steps_done: number;
  simulated_ms: number;
  threads: number;
  connectivity: string;
  /** One per worker of the run that wrote it. */
  parts: CheckpointPart[];
  /** Record files of earlier segments of the run (resumed with another thread count), with their records. */
  closed_files: { file_index: number; spike_records: number | null; vm_records: number | null }[];
  spikes: number;
  events: number;
  /** Wall time spent simulating up to here (all segments), s. */
  simulate_wall_s: number;
  written_at: string;
}

export function checkpointDir(runDir: string, stepsDone: number): string {
  return join(runDir, `checkpoint-${String(stepsDone).padStart(10, '0')}`);
}

/** Writes bytes to a new file and makes them durable. */
function writeDurable(path: string, pieces: (sink: ByteSink) => void): void {
  const fd = openSync(path, 'w');
  try {
    pieces({
      write(bytes) {
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      },
    });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a JSON file durably and atomically (temp file, fsync, rename, fsync of the folder). */
function writeJsonDurable(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeDurable(tmp, (sink) => sink.write(new TextEncoder().encode(JSON.stringify(value, null, 1))));
  renameSync(tmp, path);
  syncDir(join(path, '..'));
}

/** This worker's part of the checkpoint after `stepsDone` steps. */
export function writeCheckpointPart(runDir: string, shard: Shard, stepsDone: number, fileIndex: number): void {
  const dir = checkpointDir(runDir, stepsDone);
  mkdirSync(dir, { recursive: true });
  const worker = shard.layout.worker;
  const records = shard.syncRecords();
  writeDurable(join(dir, `state-${worker}.bin`), (sink) => shard.writeState(stepsDone, sink));
  const stats = shard.statistics;
  const part: CheckpointPart = { worker, file_index: fileIndex, spike_records: records.spikes, vm_records: records.vm, spikes: stats.spikes, events: stats.events };
  writeJsonDurable(join(dir, `part-${worker}.json`), part);
}

/** Completes the checkpoint (every part written) and deletes the older ones. */
export function completeCheckpoint(
  runDir: string,
  stepsDone: number,
  info: Omit<CheckpointManifest, 'format' | 'version' | 'steps_done' | 'parts' | 'spikes' | 'events' | 'written_at'>,
): CheckpointManifest {
  const dir = checkpointDir(runDir, stepsDone);
  const parts: CheckpointPart[] = [];
  for (let k = 0; k < info.threads; k++) parts.push(JSON.parse(readFileSync(join(dir, `part-${k}.json`), 'utf8')));
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_FORMAT_VERSION,
    ...info,
    steps_done: stepsDone,
    parts,
    spikes: parts.reduce((s, p) => s + p.spikes, 0),
    events: parts.reduce((s, p) => s + p.events, 0),
    written_at: new Date().toISOString(),
  };
  writeJsonDurable(join(dir, MANIFEST), manifest);
  removeCheckpoints(runDir, (steps) => steps !== stepsDone);
  return manifest;
}

/** Checkpoint folders of a run folder (complete or not) with the step each was taken at, oldest first. */
function checkpointFolders(runDir: string): { name: string; steps: number }[] {
  const out: { name: string; steps: number }[] = [];
  for (const name of readdirSync(runDir)) {
    const m = /^checkpoint-(\d+)$/.exec(name);
    if (m) out.push({ name, steps: Number(m[1]) });
  }
  return out.sort((a, b) => a.steps - b.steps);
}

/** Deletes the checkpoint folders for whose step and folder `which` holds (all of them by default). */
export function removeCheckpoints(runDir: string, which: (steps: number, dir: string) => boolean = () => true): void {
  for (const { name, steps } of checkpointFolders(runDir)) {
    const dir = join(runDir, name);
    if (which(steps, dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/** The newest complete checkpoint of a run folder, or null. */
export function latestCheckpoint(runDir: string): (CheckpointManifest & { dir: string }) | null {
  if (!existsSync(runDir)) return null;
  const complete = checkpointFolders(runDir).filter(({ name }) => existsSync(join(runDir, name, MANIFEST)));
  if (complete.length === 0) return null;
  const dir = join(runDir, complete[complete.length - 1].name);
  const file = join(dir, MANIFEST);
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot be read (${(err as Error).message})`);
  }
  if (manifest.format !== CHECKPOINT_FORMAT || manifest.version !== CHECKPOINT_FORMAT_VERSION) {
    throw new Error(`${file}: format ${manifest.format} version ${manifest.version}; expected ${CHECKPOINT_FORMAT} version ${CHECKPOINT_FORMAT_VERSION}`);
  }
  return { ...manifest, dir };
}

/** Deletes checkpoint folders that never completed (a run killed while writing one). */
export function removeIncompleteCheckpoints(runDir: string): void {
  removeCheckpoints(runDir, (_steps, dir) => !existsSync(join(dir, MANIFEST)));
}

/** The state files of a checkpoint as byte sources (close them after reading). */
export function stateSources(manifest: CheckpointManifest & { dir: string }): (ByteSource & { close(): void })[] {
  return manifest.parts.map((p) => fileByteSource(join(manifest.dir, `state-${p.worker}.bin`)));
}

function fileByteSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  let position = 0;
  return {
    read(into) {
      let done = 0;
      while (done < into.length) {
        const n = readSync(fd, into, done, into.length - done, position);
        if (n === 0) throw new Error(`${path}: ends at byte ${position}; expected more (a damaged checkpoint)`);
        done += n;
        position += n;
      }
    },
    skip(n) {
      position += n;
    },
    close() {
      closeSync(fd);
    },
  };
}

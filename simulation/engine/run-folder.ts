/**
 * The run folder while a run is under way (Node side). A run writes into `<label>.incomplete/` beside
 * its final folder and renames it to `<label>/` when it ends (completed, interrupted with valid data,
 * runaway), so a folder with the final name is always a finished run. A run killed halfway leaves the
 * `.incomplete` folder, with its checkpoints if it took any; a build stopped by Ctrl-C leaves nothing.
 * A lock file names the process that uses a folder, so that two runs never share one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { latestCheckpoint } from './checkpoint-files.ts';

const LOCK = 'lock.json';
export const INCOMPLETE_SUFFIX = '.incomplete';

export function incompleteDir(dataDir: string): string {
  return `${dataDir}${INCOMPLETE_SUFFIX}`;
}

function lockHolder(dir: string): { pid: number; host: string } | null {
  const file = join(dir, LOCK);
  if (!existsSync(file)) return null;
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8'));
    if (lock.host !== hostname()) return lock;
    process.kill(lock.pid, 0);
    return lock;
  } catch {
    return null; // unreadable, or the process is gone
  }
}

/** Takes the folder for this process; an error if a live process holds it. */
export function lockRunFolder(dir: string): void {
  const holder = lockHolder(dir);
  if (holder && !(holder.pid === process.pid && holder.host === hostname())) {
    throw new Error(`${dir} is in use by process ${holder.pid} on ${holder.host}; wait for it to end (or delete ${join(dir, LOCK)} if that process is gone)`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOCK), JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }));
}

export function unlockRunFolder(dir: string): void {
  rmSync(join(dir, LOCK), { force: true });
}

/**
 * A fresh `.incomplete` folder for a new run of `dataDir`. An earlier incomplete folder is removed,
 * unless it holds a checkpoint (then the run must be resumed or the folder deleted by hand) or a live
 * process uses it.
 */
export function freshRunFolder(dataDir: string): string {
  const dir = incompleteDir(dataDir);
  if (existsSync(dir)) {
    lockRunFolder(dir);
    const checkpoint = latestCheckpoint(dir);
    if (checkpoint) {
      unlockRunFolder(dir);
      throw new Error(
        `${dir} holds a checkpoint of an unfinished run of this simulation (at ${checkpoint.simulated_ms} ms of ${basename(dataDir)}); ` +
          `continue it with \`mam simulate --resume ${dir}\` (Simulation.run({ resume: true })), or delete the folder to start over`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  lockRunFolder(dir);
  return dir;
}

/** Moves a finished run to its final name (replacing an older run of the same label) and unlocks it. */
export function finishRunFolder(workDir: string, dataDir: string): string {
  unlockRunFolder(workDir);
  if (workDir === dataDir) return dataDir;
  if (existsSync(dataDir)) {
    const old = `${dataDir}.replaced-${process.pid}`;
    renameSync(dataDir, old);
    renameSync(workDir, dataDir);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(workDir, dataDir);
  }
  return dataDir;
}

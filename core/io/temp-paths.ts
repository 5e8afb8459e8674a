/**
 * Temporary names `<path>.tmp-<pid>` of outputs being written, their clean-up after a killed process, and
 * putting a finished temporary folder in place of the final one.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsErrorReason } from './output-path.ts';

const TEMP_SUFFIX = /^(.*)\.tmp-(\d+)$/;

/** The temporary name of `path` for this process. */
export function tempPathFor(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/** True when a process with this id exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files and folders `<name>.tmp-<pid>` in `dir` whose process is no longer alive
 * (left by a killed run); those of live processes are kept. With `base`, only `<base>.tmp-<pid>`.
 * Returns the removed paths. (A pid of another machine sharing the folder cannot be checked.)
 */
export function removeStaleTemps(dir: string, base?: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = TEMP_SUFFIX.exec(name);
    if (!m || (base !== undefined && m[1] !== base) || isProcessAlive(Number(m[2]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/**
 * Puts the finished folder `tempDir` in place of `finalDir`, replacing an old `finalDir` (renamed aside
 * first and removed only once the new folder is in place, so a failure leaves the old one).
 */
export function replaceFolder(tempDir: string, finalDir: string): void {
  const old = `${finalDir}.old-${process.pid}`;
  try {
    if (existsSync(finalDir)) renameSync(finalDir, old);
    renameSync(tempDir, finalDir);
  } catch (err) {
    if (existsSync(old) && !existsSync(finalDir)) renameSync(old, finalDir);
    throw new Error(`cannot put the output folder ${finalDir} in place (from ${basename(tempDir)}): ${fsErrorReason(err)}`);
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Writes the folder `finalDir` so that it appears complete or not at all: `write` fills the empty
 * temporary folder `<finalDir>.tmp-<pid>` (returning a value or a promise), which then replaces
 * `finalDir` (replaceFolder). On any error the temporary folder is removed and an old `finalDir` is
 * left as it was. Temporary folders of `finalDir` left by killed processes are removed first.
 */
export function writeFolderAtomic<T>(finalDir: string, write: (tempDir: string) => T): T {
  removeStaleTemps(dirname(finalDir), basename(finalDir));
  const tempDir = tempPathFor(finalDir);
  const fail = (err: unknown): never => {
    rmSync(tempDir, { recursive: true, force: true });
    throw err;
  };
  const finish = <V>(value: V): V => {
    try {
      replaceFolder(tempDir, finalDir);
    } catch (err) {
      fail(err);
    }
    return value;
  };
  let result: T;
  try {
    rmSync(tempDir, { recursive: true, force: true });
    mkdirSync(tempDir, { recursive: true });
    result = write(tempDir);
  } catch (err) {
    return fail(err);
  }
  return result instanceof Promise ? (result.then(finish, fail) as T) : finish(result);
}

/**
 * Creating output folders and explaining why an output path cannot be written, in words that name the
 * path the user gave (never an internal temporary name).
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** Short human reason of a file-system error (its code in words), e.g. 'read-only file system'. */
export function fsErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  return (err as Error)?.message ?? String(err);
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`cannot use ${path}: ${fsErrorReason(err)}`);
  }
}

/**
 * Creates folder `dir` and its missing parents, one at a time. (Node's recursive mkdir reports errors with
 * an inner path, and loops forever on some virtual file systems such as /proc.) Errors name the folder that
 * cannot be created and why: a parent that is a file, permission denied, read-only file system, ...
 */
export function ensureDir(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  let current = target;
  for (;;) {
    const st = statOrNull(current);
    if (st) {
      if (!st.isDirectory()) {
        throw new Error(`cannot create folder ${target}: ${current} is a file, not a folder`);
      }
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) throw new Error(`cannot create folder ${target}: no existing parent folder`);
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statOrNull(folder)?.isDirectory()) continue;
      throw new Error(`cannot create folder ${folder} in ${dirname(folder)}: ${fsErrorReason(err)}`);
    }
  }
}

/** Throws when `path` exists and is a folder: an output file cannot replace it. */
export function assertNotFolder(path: string): void {
  if (statOrNull(path)?.isDirectory()) {
    throw new Error(`cannot write ${path}: it is a folder; expected the path of a file`);
  }
}

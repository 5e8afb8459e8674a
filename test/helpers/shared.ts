import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePythonJson } from '../../core/index.ts';

/** Project root (the folder holding package.json). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The reference material beside the project; may be absent on a fresh clone. */
export const SHARED_DIR = process.env.MULTIAREA_SHARED ?? resolve(PROJECT_ROOT, '..', 'shared');

export const HAS_SHARED = existsSync(join(SHARED_DIR, 'refs'));

export const SKIP_SHARED_MESSAGE = `../shared not found at ${SHARED_DIR}: skipping the tests that compare with upstream reference outputs (set MULTIAREA_SHARED to point at it)`;

if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/** Reads a reference JSON file; upstream's files may hold NaN/Infinity as Python writes them. */
export function readSharedJson<T = any>(...parts: string[]): T {
  const text = readFileSync(sharedPath(...parts), 'utf8');
  return parsePythonJson(text, sharedPath(...parts)) as T;
}

export function readProjectJson<T = any>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, ...parts), 'utf8')) as T;
}

/**
 * A Python interpreter with h5py and numpy for the SONATA and electrode checks: the first of
 * $MULTIAREA_PYTHON, python3, /usr/bin/python3 that imports both. Tests that need it skip (with the
 * message below) when there is none.
 */
import { spawnSync } from 'node:child_process';

const CANDIDATES = [process.env.MULTIAREA_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);

export const PYTHON_H5PY: string | null = CANDIDATES.find((py) => spawnSync(py, ['-c', 'import h5py, numpy'], { encoding: 'utf8' }).status === 0) ?? null;

export const SKIP_H5PY_MESSAGE = `no Python with h5py and numpy (tried ${CANDIDATES.join(', ')}): skipping the checks with h5py (Debian: apt-get install python3-h5py)`;

if (PYTHON_H5PY === null) console.warn(SKIP_H5PY_MESSAGE);

/** Runs a Python script with JSON on stdin; returns its stdout parsed as JSON (throws with stderr on failure). */
export function runPythonJson(script: string, input: unknown, args: string[] = []): any {
  if (PYTHON_H5PY === null) throw new Error(SKIP_H5PY_MESSAGE);
  const r = spawnSync(PYTHON_H5PY, ['-c', script, ...args], { encoding: 'utf8', input: JSON.stringify(input), maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * Upstream inputs and references from ../shared for the model tests (undefined-safe: call only
 * inside suites that skip without ../shared).
 */
import { readFileSync } from 'node:fs';
import { parsePythonJson } from '../../../core/io/python-json.ts';
import { readNpy, type NpyArray } from '../../../core/io/npy.ts';
import type { ModelProcessedInput, ModelRawInput } from '../../../multiarea/model/model-types.ts';
import { sharedPath } from '../../helpers/shared.ts';

const cache = new Map<string, unknown>();

/** A Python-written JSON file (may contain NaN) below ../shared, memoized. */
export function sharedPyJson<T = any>(...parts: string[]): T {
  const path = sharedPath(...parts);
  if (!cache.has(path)) cache.set(path, parsePythonJson(readFileSync(path, 'utf8'), path));
  return cache.get(path) as T;
}

/** Upstream's raw and processed data and K' exactly as upstream's construction step read them. */
export function upstreamInputs(): { raw: ModelRawInput; processed: ModelProcessedInput; kPrime: NpyArray } {
  return {
    raw: sharedPyJson('data', 'multiarea', 'viscortex_raw_data.json'),
    processed: sharedPyJson('refs', 'structure', 'upstream_processed_data_default.json'),
    kPrime: readNpy(sharedPath('data', 'multiarea', 'K_prime_original.npy')),
  };
}

export interface Deviation {
  worstRel: number;
  where: string;
  count: number;
}

/**
 * Worst relative deviation over all numbers of `expected` (walked recursively), where values whose
 * absolute difference is <= absTol count as equal (for entries that are 0 or nearly so).
 */
export function worstDeviation(actual: unknown, expected: unknown, absTol = 1e-9, path = ''): Deviation {
  const acc: Deviation = { worstRel: 0, where: '', count: 0 };
  const walk = (a: any, e: any, p: string): void => {
    if (typeof e === 'number') {
      acc.count++;
      if (Number.isNaN(e) && Number.isNaN(a)) return;
      if (typeof a !== 'number') {
        acc.worstRel = Infinity;
        acc.where = `${p}: got ${JSON.stringify(a)}, expected ${e}`;
        return;
      }
      const diff = Math.abs(a - e);
      if (diff <= absTol) return;
      const rel = diff / Math.abs(e);
      if (!(rel <= acc.worstRel)) {
        acc.worstRel = Number.isNaN(rel) ? Infinity : rel;
        acc.where = `${p}: got ${a}, expected ${e}`;
      }
      return;
    }
    if (e === null || typeof e !== 'object') {
      if (a !== e) {
        acc.worstRel = Infinity;
        acc.where = `${p}: got ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`;
      }
      return;
    }
    if (a === null || typeof a !== 'object') {
      acc.worstRel = Infinity;
      acc.where = `${p}: missing`;
      return;
    }
    for (const k of Object.keys(e)) walk(a[k], e[k], `${p}.${k}`);
  };
  walk(actual, expected, path);
  return acc;
}

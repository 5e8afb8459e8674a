/**
 * Files of population rates: a JSON object area -> population -> spikes/s, as upstream writes them
 * (Python's json, so bare NaN and Infinity may occur). Every reader of such a file goes through here.
 */
import { describeValue } from '../validation.ts';
import { dataSource } from './data-source.ts';
import { parsePythonJson } from './python-json.ts';

/** area -> population -> rate (spikes/s). */
export type RatesByPopulation = Record<string, Record<string, number>>;

/**
 * Reads a rates file; `what` names the parameter that gave the path (it starts every error message).
 * Only the shape is checked here; `rateOf` checks the entry that is used.
 */
export function readRatesFile(path: string, what: string): RatesByPopulation {
  const files = dataSource();
  if (!files.exists(path)) throw new Error(`${what}: cannot read ${path}: file not found; expected a JSON of rates (area -> population -> spikes/s)`);
  let data: unknown;
  try {
    data = parsePythonJson(files.readText(path), path);
  } catch (e) {
    throw new Error(`${what}: cannot read ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error(`${what}: file ${path} holds ${describeValue(data)}; expected an object area -> population -> rate`);
  }
  return data as RatesByPopulation;
}

/** The rate of one population, which must be a finite number >= 0; `where` names the file or object. */
export function rateOf(rates: RatesByPopulation, area: string, pop: string, where: string): number {
  const r = rates[area]?.[pop];
  if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) {
    throw new Error(`${where}: rate of ${area}-${pop} is ${describeValue(r)}; expected a rate >= 0 (spikes/s)`);
  }
  return r;
}

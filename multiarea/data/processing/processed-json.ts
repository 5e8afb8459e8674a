/**
 * The JSON form of ProcessedData in the compiled dataset (data/multiarea/processed.json). JSON has no NaN,
 * so NaN (types without density data in category_density) is written as null; only CoCoMac laminar
 * patterns are legitimately null, so decoding turns every other null back into NaN.
 */
import { stableJson } from '../../io/stable-json.ts';
import type { ProcessedData } from './types.ts';

/** File of the processed data (published SLN fit coefficients) inside data/multiarea/. */
export const PROCESSED_DATA_FILE = 'processed.json';

/** Keys of ProcessedData in upstream's order. */
export const PROCESSED_DATA_KEYS = [
  'cocomac_completed', 'architecture_completed', 'hierarchy_completed', 'SLN_completed', 'SLN_Data_FV91',
  'FLN_Data_FV91', 'FLN_completed', 'neuronal_densities', 'neuronal_density_data_FV91_4layers',
  'realistic_neuronal_numbers', 'total_thicknesses', 'laminar_thicknesses', 'category_density',
] as const satisfies readonly (keyof ProcessedData)[];

export function encodeProcessedDataJson(processed: ProcessedData): string {
  const ordered: Record<string, unknown> = {};
  for (const key of PROCESSED_DATA_KEYS) ordered[key] = processed[key];
  return stableJson(ordered);
}

function nullToNaN(value: unknown): unknown {
  if (value === null) return NaN;
  if (Array.isArray(value)) return value.map(nullToNaN);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = nullToNaN(v);
    return out;
  }
  return value;
}

/** Parse processed.json text; `source` names the file in error messages. */
export function decodeProcessedDataJson(text: string, source = PROCESSED_DATA_FILE): ProcessedData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: invalid JSON (${(err as Error).message}); rebuild with npm run compile-data`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${source}: expected a JSON object with the keys ${PROCESSED_DATA_KEYS.join(', ')}`);
  }
  const obj = parsed as Record<string, unknown>;
  const missing = PROCESSED_DATA_KEYS.filter((k) => !(k in obj));
  if (missing.length > 0) throw new Error(`${source}: missing keys ${missing.join(', ')}; rebuild with npm run compile-data`);
  const out: Record<string, unknown> = {};
  for (const key of PROCESSED_DATA_KEYS) out[key] = key === 'cocomac_completed' ? obj[key] : nullToNaN(obj[key]);
  return out as unknown as ProcessedData;
}

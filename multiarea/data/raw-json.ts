/**
 * The JSON form of RawData in the compiled dataset (data/multiarea/raw.json). JSON has no NaN, so missing
 * measurements are written as null; in RawData only CoCoMac laminar patterns are legitimately null, so
 * decoding turns every other null back into NaN.
 */
import { stableJson } from '../io/stable-json.ts';
import { RAW_DATA_KEYS, type RawData } from './raw/types.ts';

export function encodeRawDataJson(raw: RawData): string {
  const ordered: Record<string, unknown> = {};
  for (const key of RAW_DATA_KEYS) ordered[key] = raw[key];
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

/** Parse raw.json text; `source` names the file in error messages. */
export function decodeRawDataJson(text: string, source = 'raw.json'): RawData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: invalid JSON (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${source}: expected a JSON object with the RawData keys`);
  }
  const obj = parsed as Record<string, unknown>;
  const missing = RAW_DATA_KEYS.filter((k) => !(k in obj));
  if (missing.length > 0) {
    throw new Error(`${source}: missing keys ${missing.join(', ')} (rebuild with npm run compile-data)`);
  }
  const out: Record<string, unknown> = {};
  for (const key of RAW_DATA_KEYS) out[key] = key === 'cocomac_data' ? obj[key] : nullToNaN(obj[key]);
  return out as unknown as RawData;
}

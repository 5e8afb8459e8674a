/**
 * JSON form of the compiled datasets (raw.json, processed.json): one object with fixed keys in a fixed
 * order. JSON has no NaN, so missing measurements (NaN) are written as null; decoding turns null back
 * into NaN everywhere except under the one key whose nulls are real values (CoCoMac laminar patterns).
 */
import { stableJson } from './stable-json.ts';

/** Deterministic text of `data`, with exactly `keys` in that order. */
export function encodeKeyedJson<T extends object>(data: T, keys: readonly (keyof T & string)[]): string {
  const ordered: Record<string, unknown> = {};
  for (const key of keys) ordered[key] = data[key];
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

/**
 * Parses text written by {@link encodeKeyedJson}: every one of `keys` must be present; nulls become NaN
 * except under `keepNulls`. `source` names the file in error messages.
 */
export function decodeKeyedJson<T>(text: string, keys: readonly string[], source: string, keepNulls: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: invalid JSON (${(err as Error).message}); rebuild with npm run compile-data`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${source}: expected a JSON object with the keys ${keys.join(', ')}`);
  }
  const obj = parsed as Record<string, unknown>;
  const missing = keys.filter((k) => !(k in obj));
  if (missing.length > 0) throw new Error(`${source}: missing keys ${missing.join(', ')}; rebuild with npm run compile-data`);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = key === keepNulls ? obj[key] : nullToNaN(obj[key]);
  return out as T;
}

/**
 * The JSON form of RawData in the compiled dataset (data/multiarea/raw.json); missing measurements (NaN)
 * are written as null. In RawData only CoCoMac laminar patterns are legitimately null.
 */
import { decodeKeyedJson, encodeKeyedJson } from '../../core/index.ts';
import { RAW_DATA_KEYS, type RawData } from './raw/raw-types.ts';

export function encodeRawDataJson(raw: RawData): string {
  return encodeKeyedJson(raw, RAW_DATA_KEYS);
}

/** Parse raw.json text; `source` names the file in error messages. */
export function decodeRawDataJson(text: string, source = 'raw.json'): RawData {
  return decodeKeyedJson<RawData>(text, RAW_DATA_KEYS, source, 'cocomac_data');
}

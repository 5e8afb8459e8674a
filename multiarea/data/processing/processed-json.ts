/**
 * The JSON form of ProcessedData in the compiled dataset (data/multiarea/processed.json). NaN (types
 * without density data in category_density) is written as null; only CoCoMac laminar patterns are
 * legitimately null.
 */
import { decodeKeyedJson, encodeKeyedJson } from '../../../core/index.ts';
import type { ProcessedData } from './processed-types.ts';

/** File of the processed data (published SLN fit coefficients) inside data/multiarea/. */
export const PROCESSED_DATA_FILE = 'processed.json';

/** Keys of ProcessedData in upstream's order. */
export const PROCESSED_DATA_KEYS = [
  'cocomac_completed', 'architecture_completed', 'hierarchy_completed', 'SLN_completed', 'SLN_Data_FV91',
  'FLN_Data_FV91', 'FLN_completed', 'neuronal_densities', 'neuronal_density_data_FV91_4layers',
  'realistic_neuronal_numbers', 'total_thicknesses', 'laminar_thicknesses', 'category_density',
] as const satisfies readonly (keyof ProcessedData)[];

export function encodeProcessedDataJson(processed: ProcessedData): string {
  return encodeKeyedJson(processed, PROCESSED_DATA_KEYS);
}

/** Parse processed.json text; `source` names the file in error messages. */
export function decodeProcessedDataJson(text: string, source = PROCESSED_DATA_FILE): ProcessedData {
  return decodeKeyedJson<ProcessedData>(text, PROCESSED_DATA_KEYS, source, 'cocomac_completed');
}

/** Local (intrinsic) connectivity data: intrinsic FLN, microcircuit connection probabilities, V1 numbers. */
import type { NumV1Entry } from './raw-types.ts';
import { at, csvRecords, field, parseKeyedNumbers, pyFloat, takeRecords } from './table-common.ts';

/** Intrinsic_FLN_Data.csv (tab-separated, two header lines): area (or 'mean'), mean, error; 4 rows. */
export function parseIntrinsicFln(
  text: string,
  file = 'Intrinsic_FLN_Data.csv',
): Record<string, { mean: number; error: number }> {
  return parseKeyedNumbers(text, file, 4, ['mean', 'error']);
}

/**
 * Intrinsic_Connectivity.csv (tab-separated, two header lines, then a header of 9 source populations,
 * then 8 target rows): connection probabilities of the Potjans & Diesmann (2014) microcircuit,
 * result[target][source]; the 9th source is the thalamus ('Th').
 */
export function parseIntrinsicConnectivity(
  text: string,
  file = 'Intrinsic_Connectivity.csv',
): Record<string, Record<string, number>> {
  const records = takeRecords(csvRecords(text, '\t', 2, file), 9, file);
  const header = records[0].fields;
  const out: Record<string, Record<string, number>> = {};
  for (let i = 1; i <= 8; i++) {
    const { fields, index } = records[i];
    const where = at(file, index);
    const row: Record<string, number> = {};
    for (let j = 1; j <= 9; j++) row[field(header, j, at(file, records[0].index))] = pyFloat(field(fields, j, where), where);
    out[field(header, i, at(file, records[0].index))] = row;
  }
  return out;
}

/** Numbers_V1.csv (tab-separated, two header lines): population, neurons, external inputs; 9 rows. */
export function parseNumbersV1(text: string, file = 'Numbers_V1.csv'): Record<string, NumV1Entry> {
  return parseKeyedNumbers(text, file, 9, ['neurons', 'ext_inputs']);
}

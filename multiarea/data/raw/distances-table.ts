/** Inter-area distance tables (mm) and surface areas (mm^2). */
import type { DistanceTable } from './raw-types.ts';
import { at, csvRecords, field, pandasNumber, pandasRecords, pandasText, pyFloat } from './table-common.ts';

/**
 * A square distance table (tab-separated, two header lines, then a row of area names with an empty first
 * cell, then one row per area). `size` is the number of areas upstream reads (the table's order).
 * 'nan' cells are NaN.
 */
export function parseDistanceTable(text: string, file: string, size: number): DistanceTable {
  const records = csvRecords(text, '\t', 2, file);
  if (records.length < size + 1) {
    throw new Error(`${file}: expected a header row and ${size} rows of distances, found ${records.length} rows`);
  }
  const header = records[0].fields;
  if (header.length < size + 1) {
    throw new Error(`${at(file, records[0].index)}: expected ${size} area names, found ${header.length - 1}`);
  }
  const out: DistanceTable = {};
  for (let i = 1; i <= size; i++) {
    const { fields, index } = records[i];
    const where = at(file, index);
    const row: Record<string, number> = {};
    for (let j = 1; j <= size; j++) row[header[j]] = pyFloat(field(fields, j, where), where);
    out[header[i]] = row;
  }
  return out;
}

/** Number of areas upstream reads from each distance table. */
export const DISTANCE_TABLE_SIZES = {
  'Median_Distances_81areas.csv': 81,
  'Thom_Distances.csv': 32,
  'Thom_Distances_MERetal12.csv': 92,
  'Euclidean_Distances.csv': 32,
} as const;

/** cortical_surface.csv (tab-separated, two header lines): area, surface (mm^2). */
export function parseCorticalSurface(text: string, file = 'cortical_surface.csv'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { fields, index } of pandasRecords(text, '\t', 2, file)) {
    const where = at(file, index);
    out[pandasText(field(fields, 0, where), where)] = pandasNumber(field(fields, 1, where), where);
  }
  return out;
}

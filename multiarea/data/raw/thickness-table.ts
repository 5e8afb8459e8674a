/** Cortical thicknesses: laminar (cat V1; macaque areas from the literature) and total (Barbas lab). */
import type { CatLaminaThickness, LaminarThicknessEntry } from './raw-types.ts';
import { at, csvRecords, field, parseKeyedNumbers, pyFloat, takeRecords } from './table-common.ts';

/** Laminar_Thickness_cat.csv (tab-separated, two header lines): lamina, thickness (mm), error; 10 rows. */
export function parseLaminarThicknessCat(
  text: string,
  file = 'Laminar_Thickness_cat.csv',
): Record<string, CatLaminaThickness> {
  return parseKeyedNumbers(text, file, 10, ['thickness', 'error']);
}

/**
 * laminar_thicknesses_macaque.csv (tab-separated, two header lines, a header row, then one row per study
 * and area): area, 15 thickness columns (um; empty = NaN), source, note. The layer names drop 'L' and '/'
 * ('L2/3' -> '23'). An area with one study gets numbers, an area with several gets one number per study.
 *
 * Upstream's reading loop processes the file's last row twice (it reuses the row after the end of the
 * file is reached), so the last area gets a duplicated entry; this is reproduced to match the published
 * raw data.
 */
export function parseLaminarThicknesses(
  text: string,
  file = 'laminar_thicknesses_macaque.csv',
): Record<string, LaminarThicknessEntry> {
  const records = csvRecords(text, '\t', 2, file);
  if (records.length < 2) throw new Error(`${file}: expected a header row and at least one data row`);
  const names = records[0].fields.slice(1, 16).map((n) => n.replace(/L/g, '').replace(/\//g, ''));
  const rows = records.slice(1);
  rows.push(rows[rows.length - 1]);

  const out: Record<string, LaminarThicknessEntry> = {};
  for (const { fields, index } of rows) {
    const where = at(file, index);
    const area = field(fields, 0, where);
    const columns = fields.length - 3; // area in front, source and note behind
    if (columns > names.length) {
      throw new Error(`${where}: ${columns} thickness columns, but the header names only ${names.length}`);
    }
    const values: number[] = [];
    for (let j = 0; j < columns; j++) values.push(fields[j + 1] ? pyFloat(fields[j + 1], where) : NaN);

    const entry = out[area];
    if (entry === undefined) {
      const fresh: LaminarThicknessEntry = {};
      values.forEach((v, j) => (fresh[names[j]] = v));
      out[area] = fresh;
      continue;
    }
    // Whether the area already holds several studies is decided by its first layer, as upstream does.
    const single = typeof entry[names[0]] === 'number';
    values.forEach((v, j) => {
      const previous = entry[names[j]];
      if (previous === undefined) throw new Error(`${where}: area ${area} has no earlier value for layer ${names[j]}`);
      if (single) {
        if (typeof previous !== 'number') throw new Error(`${where}: area ${area}, layer ${names[j]}: inconsistent rows`);
        entry[names[j]] = [previous, v];
      } else {
        if (typeof previous === 'number') throw new Error(`${where}: area ${area}, layer ${names[j]}: inconsistent rows`);
        entry[names[j]] = [...previous, v];
      }
    });
  }
  return out;
}

/**
 * CorticalThickness.csv (tab-separated, two header lines, a column-header row, then 30 rows): area,
 * comments, type, density, thickness (mm). Result in um for every model area, NaN where unknown; rows of
 * other areas with a thickness are kept under their own name.
 */
export function parseTotalThickness(
  text: string,
  areaList: readonly string[],
  file = 'CorticalThickness.csv',
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const area of areaList) out[area] = NaN;
  for (const { fields, index } of takeRecords(csvRecords(text, '\t', 3, file), 30, file)) {
    const where = at(file, index);
    const thickness = field(fields, 4, where);
    if (thickness) out[field(fields, 0, where)] = pyFloat(thickness, where) * 1000; // mm -> um
  }
  return out;
}

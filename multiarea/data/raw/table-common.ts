/** Small helpers shared by the raw-table parsers. */
import { PANDAS_NA_STRINGS, parseDelimited, pyFloat, tryPyFloat } from '../../../core/index.ts';

/** The 32 areas of the model in model order (hard-coded upstream in the raw-data step). */
export const AREA_LIST: readonly string[] = [
  'V1', 'V2', 'VP', 'V3', 'PIP', 'V3A', 'MT', 'V4t', 'V4', 'PO', 'VOT', 'DP', 'MIP', 'MDP', 'MSTd', 'VIP',
  'LIP', 'PITv', 'PITd', 'AITv', 'MSTl', 'FST', 'CITv', 'CITd', '7a', 'STPp', 'STPa', 'FEF', '46', 'TF',
  'TH', 'AITd',
];

/** A location for error messages: file name and 1-based line number. */
export function at(file: string, recordIndex: number): string {
  return `${file} line ${recordIndex + 1}`;
}

/**
 * Records of a table read as upstream reads it with `csv.reader` after skipping `skip` records; each
 * record keeps its index in the file for error messages; `file` names the table in them.
 */
export function csvRecords(text: string, delimiter: string, skip: number, file: string): { fields: string[]; index: number }[] {
  return parseDelimited(text, delimiter, file)
    .map((fields, index) => ({ fields, index }))
    .slice(skip);
}

/**
 * Records of a table read as upstream reads it with pandas `read_csv(skiprows=skip, names=...)`:
 * leading lines skipped, blank lines dropped.
 */
export function pandasRecords(text: string, delimiter: string, skip: number, file: string): { fields: string[]; index: number }[] {
  return csvRecords(text, delimiter, skip, file).filter((r) => r.fields.length > 0);
}

/** Field `column` of a record, or an error naming the file and line. */
export function field(fields: string[], column: number, where: string): string {
  if (column >= fields.length) {
    throw new Error(`${where}: expected at least ${column + 1} columns, found ${fields.length}`);
  }
  return fields[column];
}

/**
 * A cell of a text column read by pandas. pandas turns its default NA strings into NaN; none of the
 * published tables relies on that in a text column, so meeting one is reported instead of guessed.
 */
export function pandasText(text: string, where: string): string {
  if (PANDAS_NA_STRINGS.has(text)) {
    throw new Error(`${where}: text cell ${JSON.stringify(text)} would be read as missing by upstream (pandas)`);
  }
  return text;
}

/** A cell of a numeric column read by pandas: empty or NA strings are NaN. */
export function pandasNumber(text: string, where: string): number {
  if (PANDAS_NA_STRINGS.has(text.trim())) return NaN;
  return pyFloat(text, where);
}

/** The first `count` records (upstream reads fixed row counts), or an error naming the shortfall. */
export function takeRecords(records: { fields: string[]; index: number }[], count: number, file: string) {
  if (records.length < count) throw new Error(`${file}: expected at least ${count} data rows, found ${records.length}`);
  return records.slice(0, count);
}

/**
 * A tab-separated table with two header lines, then `count` rows of a key followed by one number per
 * entry of `columns`: key -> {column: number} (e.g. Intrinsic_FLN_Data.csv: area -> {mean, error}).
 */
export function parseKeyedNumbers<C extends string>(
  text: string,
  file: string,
  count: number,
  columns: readonly C[],
): Record<string, Record<C, number>> {
  const out: Record<string, Record<C, number>> = {};
  for (const { fields, index } of takeRecords(csvRecords(text, '\t', 2, file), count, file)) {
    const where = at(file, index);
    const key = field(fields, 0, where);
    const row = {} as Record<C, number>;
    columns.forEach((name, j) => (row[name] = pyFloat(field(fields, j + 1, where), where)));
    out[key] = row;
  }
  return out;
}

export { pyFloat, tryPyFloat };

/**
 * Reader for the prepared SLN table that upstream hands to R for the SLN fit
 * (raw_data/RData_prepared_logdensities.txt): R `read.table` layout, i.e. whitespace-separated fields, a
 * header line naming the columns, and data lines that carry one extra leading field (the row name) when
 * the header is one name short. Lines starting with '#' are comments.
 *
 * Columns used: TO (target area), FROM (source area), S and I (supragranular and infragranular labelled
 * neurons) and DENS (ln(rho_target / rho_source) of the overall neuron densities, the fit's covariate; upstream's R script
 * selects it as the 7th column of this table). Other columns are kept verbatim in `extra`. Field names follow
 * the file's columns, as in the bundled dataset's rows (`loadSlnFitTable()` of ./dataset.ts, whose strict
 * parser requires upstream's exact 13 columns); this reader also takes trimmed tables such as test fixtures.
 */

import { dataSource } from '../../core/index.ts';
import type { SlnObservation } from './sln-probit-fit.ts';

export interface PreparedSlnRow {
  /** R row name (first field of a data line when the header is one field short), else the 1-based row index. */
  rowName: string;
  /** Target (injected) area. */
  TO: string;
  /** Source area. */
  FROM: string;
  /** Supragranular labelled neurons. */
  S: number;
  /** Infragranular labelled neurons. */
  I: number;
  /** ln(rho_target / rho_source) of the overall neuron densities (neurons/mm^3). */
  DENS: number;
  /** All other columns, as written. */
  extra: Record<string, string>;
}

/** The columns the fit needs, satisfied by PreparedSlnRow and by the bundled dataset's rows. */
export type SlnCountColumns = Pick<PreparedSlnRow, 'S' | 'I' | 'DENS'>;

const REQUIRED_COLUMNS = ['TO', 'FROM', 'S', 'I', 'DENS'] as const;

function parseCount(text: string, where: string): number {
  const value = Number(text);
  if (!/^\s*\d+(\.0*)?\s*$/.test(text) || !Number.isInteger(value)) {
    throw new Error(`${where} = "${text}"; expected a non-negative integer count`);
  }
  return value;
}

function parseFinite(text: string, where: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${where} = "${text}"; expected a finite number`);
  return value;
}

/** Parse the text of a prepared SLN table; `sourceName` names the file in error messages. */
export function parsePreparedSlnTable(text: string, sourceName = '<prepared SLN table>'): PreparedSlnRow[] {
  const lines = text
    .split(/\r?\n/)
    .map((line, index) => ({ fields: line.trim().split(/\s+/), lineNumber: index + 1, blank: line.trim() === '' || line.trim().startsWith('#') }))
    .filter((line) => !line.blank);
  if (lines.length === 0) throw new Error(`${sourceName}: no header line; expected a header naming the columns ${REQUIRED_COLUMNS.join(', ')}`);
  const header = lines[0].fields;
  const columnIndex = new Map(header.map((name, i) => [name, i]));
  for (const name of REQUIRED_COLUMNS) {
    if (!columnIndex.has(name)) {
      throw new Error(`${sourceName}: header [${header.join(' ')}] lacks column ${name}; expected columns ${REQUIRED_COLUMNS.join(', ')}`);
    }
  }
  const rows: PreparedSlnRow[] = [];
  for (let k = 1; k < lines.length; k++) {
    const { fields, lineNumber } = lines[k];
    let rowName: string;
    let values: string[];
    if (fields.length === header.length + 1) {
      rowName = fields[0];
      values = fields.slice(1);
    } else if (fields.length === header.length) {
      rowName = String(k);
      values = fields;
    } else {
      throw new Error(`${sourceName}:${lineNumber}: ${fields.length} fields; expected ${header.length} (or ${header.length + 1} with a row name)`);
    }
    const get = (name: string): string => values[columnIndex.get(name)!];
    const where = (name: string): string => `${sourceName}:${lineNumber} column ${name}`;
    const extra: Record<string, string> = {};
    header.forEach((name, i) => {
      if (!(REQUIRED_COLUMNS as readonly string[]).includes(name)) extra[name] = values[i];
    });
    rows.push({
      rowName,
      TO: get('TO'),
      FROM: get('FROM'),
      S: parseCount(get('S'), where('S')),
      I: parseCount(get('I'), where('I')),
      DENS: parseFinite(get('DENS'), where('DENS')),
      extra,
    });
  }
  if (rows.length === 0) throw new Error(`${sourceName}: header but no data rows; expected at least one row`);
  return rows;
}

/** Read and parse a prepared SLN table file. */
export function readPreparedSlnTable(path: string): PreparedSlnRow[] {
  let text: string;
  try {
    text = dataSource().readText(path);
  } catch (error) {
    throw new Error(`readPreparedSlnTable: cannot read ${path}: ${(error as Error).message}`);
  }
  return parsePreparedSlnTable(text, path);
}

/** Fit input: successes = S out of trials = S + I, covariate = DENS (as upstream's `cbind(S, I) ~ dens`). */
export function slnObservationsFromTable(rows: readonly SlnCountColumns[]): SlnObservation[] {
  return rows.map((row) => ({ x: row.DENS, successes: row.S, trials: row.S + row.I }));
}

/**
 * The prepared input of the SLN fit, RData_prepared_logdensities.txt: an R `write.table` of the SLN data
 * of Markov et al. (2014) with the log ratio of source and target neuron densities in column DENS.
 * Whitespace-separated; the header names 13 columns and each row starts with its R row name.
 */
import type { SlnFitRow } from './raw-types.ts';
import { pyFloat } from './table-common.ts';
import { pyInt } from '../../../core/index.ts';

export const SLN_FIT_COLUMNS = [
  'TO', 'FROM', 'S', 'I', 'TOT', 'DIST', 'DENS', 'Monkey', 'lFLN', 'SLN', 'INJ', 'FLN', 'cSLN',
] as const;

export function parseSlnFitTable(text: string, file = 'RData_prepared_logdensities.txt'): SlnFitRow[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const header = (lines[0] ?? '').trim().split(/\s+/);
  if (header.join(' ') !== SLN_FIT_COLUMNS.join(' ')) {
    throw new Error(`${file} line 1: expected the columns ${SLN_FIT_COLUMNS.join(' ')}, found ${header.join(' ')}`);
  }
  const rows: SlnFitRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = `${file} line ${i + 1}`;
    const c = line.split(/\s+/);
    if (c.length !== SLN_FIT_COLUMNS.length + 1) {
      throw new Error(`${where}: expected a row name and ${SLN_FIT_COLUMNS.length} values, found ${c.length} fields`);
    }
    rows.push({
      rowName: c[0],
      TO: c[1],
      FROM: c[2],
      S: pyInt(c[3], where),
      I: pyInt(c[4], where),
      TOT: pyInt(c[5], where),
      DIST: pyFloat(c[6], where),
      DENS: pyFloat(c[7], where),
      Monkey: c[8],
      lFLN: pyFloat(c[9], where),
      SLN: pyFloat(c[10], where),
      INJ: c[11],
      FLN: pyFloat(c[12], where),
      cSLN: pyFloat(c[13], where),
    });
  }
  if (rows.length === 0) throw new Error(`${file}: no data rows`);
  return rows;
}

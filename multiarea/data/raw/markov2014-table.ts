/** Retrograde tracing data of Markov et al. (2014): FLN, NLN and SLN per injection, and injection sites. */
import { pyInt } from '../../../core/index.ts';
import type { FlnInjection, InjectionSite, NlnInjection, SlnInjection } from './raw-types.ts';
import { at, field, pandasNumber, pandasRecords, pandasText, pyFloat } from './table-common.ts';

/**
 * Markov2014_FLN_rawdata.csv (tab-separated, two header lines): case, monkey, source area, target area,
 * FLN, NLN (number of labelled neurons), status ('Known' or 'NFP'). Both results are keyed by monkey
 * (one injection each); the target area is the one of the monkey's first row.
 */
export function parseMarkovFln(
  text: string,
  file = 'Markov2014_FLN_rawdata.csv',
): { FLN_Data: Record<string, FlnInjection>; NLN_Data: Record<string, NlnInjection> } {
  const FLN_Data: Record<string, FlnInjection> = {};
  const NLN_Data: Record<string, NlnInjection> = {};
  for (const { fields, index } of pandasRecords(text, '\t', 2, file)) {
    const where = at(file, index);
    const monkey = pandasText(field(fields, 1, where), where);
    const source = pandasText(field(fields, 2, where), where);
    const target = pandasText(field(fields, 3, where), where);
    const FLN = pandasNumber(field(fields, 4, where), where);
    const NLN = pandasNumber(field(fields, 5, where), where);
    const status = pandasText(field(fields, 6, where), where);
    (FLN_Data[monkey] ??= { target_area: target, source_areas: {} }).source_areas[source] = { FLN, status };
    (NLN_Data[monkey] ??= { target_area: target, source_areas: {} }).source_areas[source] = { NLN, status };
  }
  return { FLN_Data, NLN_Data };
}

/**
 * SLN_Data.csv (space-separated, three header lines): index, target, source, S, I, TOT, DIST, DENS, monkey,
 * log10 FLN, SLN, injection, FLN, SLN - 0.5. Keyed by monkey; the target area is the one of its first row.
 */
export function parseSlnData(text: string, file = 'SLN_Data.csv'): Record<string, SlnInjection> {
  const out: Record<string, SlnInjection> = {};
  for (const { fields, index } of pandasRecords(text, ' ', 3, file)) {
    const where = at(file, index);
    if (fields.length !== 14) throw new Error(`${where}: expected 14 space-separated columns, found ${fields.length}`);
    const target = pandasText(fields[1], where);
    const source = pandasText(fields[2], where);
    const monkey = pandasText(fields[8], where);
    const entry = {
      FLN: pyFloat(fields[12], where),
      S: pyInt(fields[3], where),
      I: pyInt(fields[4], where),
      TOT: pyInt(fields[5], where),
      SLN: pyFloat(fields[10], where),
    };
    (out[monkey] ??= { target_area: target, source_areas: {} }).source_areas[source] = entry;
  }
  return out;
}

/**
 * Markov2014_InjectionSites.csv (tab-separated; a title line, a column-header line and a blank line):
 * injected area, case, monkey, section plane, node number, F99 fiducial x, y, z (mm), FV91 area, comment.
 * Not part of the compiled raw data: the processing step reads it (processing/supplementaryTables.ts).
 */
export function parseInjectionSites(text: string, file = 'Markov2014_InjectionSites.csv'): InjectionSite[] {
  return pandasRecords(text, '\t', 3, file).map(({ fields, index }) => {
    const where = at(file, index);
    const cell = (column: number) => field(fields, column, where);
    return {
      injectedArea: cell(0),
      case: pyInt(cell(1), where),
      monkey: cell(2),
      sectionPlane: cell(3),
      nodeNumber: pyInt(cell(4), where),
      x: pyFloat(cell(5), where),
      y: pyFloat(cell(6), where),
      z: pyFloat(cell(7), where),
      fv91Area: cell(8),
      comment: fields[9] ?? '',
    };
  });
}

/** Translation of area names of the Barbas scheme to the FV91 scheme. */
import { at, field, pandasRecords, pandasText } from './table-common.ts';

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SchemeTranslation.csv (tab-separated, two header lines): Barbas area, FV91 area, one pair per row.
 * Result: Barbas area -> sorted distinct FV91 areas. As upstream reads the file, its column-header row is
 * read as a data row, giving the entry 'Area Barbas' -> ['Area Fellemann/Van Essen'].
 */
export function parseSchemeTranslation(text: string, file = 'SchemeTranslation.csv'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { fields, index } of pandasRecords(text, '\t', 2, file)) {
    const where = at(file, index);
    const barbas = pandasText(field(fields, 0, where), where);
    const fv91 = pandasText(field(fields, 1, where), where);
    (out[barbas] ??= []).push(fv91);
  }
  for (const area of Object.keys(out)) out[area] = [...new Set(out[area])].sort(codePointOrder);
  return out;
}

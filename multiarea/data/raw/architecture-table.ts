/** Architectural types of areas (Hilgetag et al. 2016): 2 (agranular) ... 8 (V1), '?' where unknown. */
import { pyInt } from '../../../core/index.ts';
import { at, field, pandasRecords, pandasText } from './table-common.ts';

/** ArchitecturalTypes.csv (tab-separated, two header lines): area, type. */
export function parseArchitecturalTypes(text: string, file = 'ArchitecturalTypes.csv'): Record<string, number | '?'> {
  const out: Record<string, number | '?'> = {};
  for (const { fields, index } of pandasRecords(text, '\t', 2, file)) {
    const where = at(file, index);
    const type = field(fields, 1, where);
    out[pandasText(field(fields, 0, where), where)] = type === '?' ? '?' : pyInt(type, where);
  }
  return out;
}

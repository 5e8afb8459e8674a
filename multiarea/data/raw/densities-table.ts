/** Neuron densities of the Barbas lab: NeuN (overall and laminar) and Nissl (overall) staining. */
import type { NeuronalDensityEntry, NisslDensityRow } from './raw-types.ts';
import { at, csvRecords, field, pandasNumber, pandasRecords, pandasText, tryPyFloat } from './table-common.ts';

/**
 * NeuronalDensities_NeuN.csv (tab-separated, two header lines): area, then value and error of the overall,
 * L2/3, L4 and L5/6 densities (neurons/mm^3).
 */
export function parseNeuronalDensitiesNeuN(
  text: string,
  file = 'NeuronalDensities_NeuN.csv',
): Record<string, NeuronalDensityEntry> {
  const out: Record<string, NeuronalDensityEntry> = {};
  for (const { fields, index } of pandasRecords(text, '\t', 2, file)) {
    const where = at(file, index);
    const num = (column: number) => pandasNumber(field(fields, column, where), where);
    out[pandasText(field(fields, 0, where), where)] = {
      overall: { value: num(1), error: num(2) },
      '23': { value: num(3), error: num(4) },
      '4': { value: num(5), error: num(6) },
      '56': { value: num(7), error: num(8) },
    };
  }
  return out;
}

/**
 * NeuronalDensities_Nissl.csv (comma-separated, two header lines): area, architectural type, density
 * (neurons/mm^3), thickness (mm); an em dash marks a missing value (NaN). Not part of the compiled raw
 * data: the processing step reads it (processing/supplementaryTables.ts).
 */
export function parseNeuronalDensitiesNissl(text: string, file = 'NeuronalDensities_Nissl.csv'): NisslDensityRow[] {
  const value = (cell: string) => tryPyFloat(cell) ?? NaN;
  return csvRecords(text, ',', 2, file)
    .filter((r) => r.fields.length > 0)
    .map(({ fields, index }) => {
      const where = at(file, index);
      return {
        area: field(fields, 0, where),
        architecturalType: value(field(fields, 1, where)),
        density: value(field(fields, 2, where)),
        thicknessMm: value(field(fields, 3, where)),
      };
    });
}

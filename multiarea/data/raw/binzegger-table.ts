/**
 * Binzegger et al. (2004): for each cell type of cat V1, the share of cells and, for each layer in which its
 * dendrites receive synapses, the number of synapses per neuron and the percentage coming from each
 * presynaptic cell type.
 */
import type { BinzeggerCellType } from './raw-types.ts';
import { at, csvRecords, field, pyFloat, takeRecords, tryPyFloat } from './table-common.ts';

/**
 * Number of rows upstream reads after the header: it stops before the thalamic types TIn and TRN,
 * which are therefore absent from the compiled data.
 */
export const BINZEGGER_ROWS = 37;

/**
 * BinzeggerData.csv (tab-separated, two header lines, then a header naming the columns, then rows):
 * cell type, layer of the synapses (empty for cell types with synapses in one layer only), percentage of
 * cells, number of synapses per neuron, then one column per presynaptic type. The layer key is the digits
 * of the layer ('L2/3' -> '23') or, when the layer is empty, of the cell type name after its last '('
 * ('ss4(L4)' -> '4', 'nb1' -> '1', 'TCs' -> '').
 */
export function parseBinzegger(text: string, file = 'BinzeggerData.csv'): Record<string, BinzeggerCellType> {
  const records = csvRecords(text, '\t', 2, file);
  if (records.length === 0) throw new Error(`${file}: missing the column-header row`);
  const preCells = records[0].fields;
  const out: Record<string, BinzeggerCellType> = {};
  for (const { fields, index } of takeRecords(records.slice(1), BINZEGGER_ROWS, file)) {
    const where = at(file, index);
    const cellType = fields[0] ?? '';
    if (cellType === '') continue;
    const layerText = field(fields, 1, where) === '' ? cellType.replace(/.*\(/, '') : fields[1];
    const synLayer = layerText.replace(/\D/g, '');
    if (fields.length > preCells.length) {
      throw new Error(`${where}: ${fields.length} columns, but the header row names only ${preCells.length}`);
    }
    const synapses: Record<string, number | string> = {};
    for (let j = 3; j < fields.length; j++) synapses[preCells[j]] = tryPyFloat(fields[j]) ?? fields[j];

    const known = out[cellType];
    if (known) known.syn_dict[synLayer] = synapses;
    else out[cellType] = { occurrence: pyFloat(field(fields, 2, where), where), syn_dict: { [synLayer]: synapses } };
  }
  return out;
}

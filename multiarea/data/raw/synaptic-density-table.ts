/** Average number of synapses per neuron: Cragg (1967) and O'Kusky & Colonnier (1982). */
import { pyFloat } from './table-common.ts';

/** SynapticDensity_*.csv: two header lines, then a single number. */
export function parseSingleValue(text: string, file: string): number {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').slice(2).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length !== 1) throw new Error(`${file}: expected one value after the two header lines, found ${lines.length} lines`);
  return pyFloat(lines[0], `${file} line 3`);
}

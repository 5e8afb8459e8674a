/**
 * Where do cortico-cortical synapses end up? From the reconstructions of Binzegger et al. (2004),
 * the probability that a cortico-cortical synapse formed in layer v sits on a cell whose body
 * belongs to model population i (Schmidt et al. 2018, Eqs. 11-12), with Binzegger's cell-type
 * frequencies replaced by the model's V1 population fractions.
 */
import type { BinzeggerCellType } from './model-types.ts';

/** Layers in which cortico-cortical synapses are counted. */
export const SYNAPSE_LAYERS = ['1', '23', '4', '5', '6'] as const;

/** Layer of a Binzegger cell type's body: digits of its name without the parenthesised part ('p5(L2/3)' -> '5'). */
function cellLayer(cellType: string): string {
  return cellType.replace(/\(.*\)/, '').replace(/\D/g, '');
}

/** Binzegger's inhibitory cell types are the (non-)basket cells, whose names contain 'b'. */
function isInhibitoryType(cellType: string): boolean {
  return cellType.includes('b');
}

/**
 * Layer v -> population -> P(cell body in population | CC synapse in layer v), identical for all
 * areas with all layers; in areas without L4 (TH) the L4 share is moved to the other layers in
 * proportion to their thicknesses.
 */
export function synapseToCellBody(
  binzegger: Record<string, BinzeggerCellType>,
  neuronNumbersV1: Record<string, number>,
  areas: readonly string[],
  laminarThicknesses: Record<string, Record<string, number>>,
  areasWithoutL4: readonly string[] = ['TH'],
): Record<string, Record<string, Record<string, number>>> {
  const cellTypes = Object.keys(binzegger);

  // Relative frequency of the 8 model populations among Binzegger's cells in layers 2/3-6.
  const relBinzegger: Record<string, number> = {};
  let occurrenceSum = 0;
  for (const cb of cellTypes) {
    const layer = cellLayer(cb);
    if (layer !== '' && layer !== '1') occurrenceSum += binzegger[cb].occurrence;
  }
  for (const cb of cellTypes) {
    const layer = cellLayer(cb);
    if (layer === '' || layer === '1') continue;
    const pop = layer + (isInhibitoryType(cb) ? 'I' : 'E');
    relBinzegger[pop] = (relBinzegger[pop] ?? 0) + binzegger[cb].occurrence / occurrenceSum;
  }
  const relModel: Record<string, number> = {};
  for (const pop of Object.keys(neuronNumbersV1)) {
    relModel[pop] = neuronNumbersV1[pop] / neuronNumbersV1.total;
  }

  // CC synapses on each cell type per layer, reweighted to the model's population fractions.
  const contributions: Array<{ layer: string; pop: string; value: number }> = [];
  const perLayer: Record<string, number> = {};
  for (const layer of SYNAPSE_LAYERS) perLayer[layer] = 0;
  for (const cb of cellTypes) {
    const pop = cellLayer(cb) + (isInhibitoryType(cb) ? 'I' : 'E');
    if (pop === '1I') continue; // layer-1 cells are not modelled
    for (const [v, stats] of Object.entries(binzegger[cb].syn_dict)) {
      if (!(v in perLayer)) continue;
      const ratio = relModel[pop] / relBinzegger[pop];
      const value =
        ((Number(stats.corticocortical) / 100) * Number(stats['number of synapses per neuron']) *
          binzegger[cb].occurrence) / 100 * ratio;
      perLayer[v] += value;
      contributions.push({ layer: v, pop, value });
    }
  }
  const basis: Record<string, Record<string, number>> = {};
  for (const { layer, pop, value } of contributions) {
    basis[layer] ??= {};
    basis[layer][pop] = (basis[layer][pop] ?? 0) + value / perLayer[layer];
  }

  const out: Record<string, Record<string, Record<string, number>>> = {};
  for (const area of areas) out[area] = structuredClone(basis);
  for (const area of areasWithoutL4) {
    if (!(area in out)) continue;
    const d = laminarThicknesses[area];
    for (const layer of Object.keys(out[area])) {
      const probs = out[area][layer];
      for (const [l4Pop, targets] of [['4E', ['23E', '5E', '6E']], ['4I', ['23I', '5I', '6I']]] as const) {
        const l4 = probs[l4Pop];
        if (l4 === undefined) continue;
        let thickness = 0;
        for (const pop of targets) thickness += d[pop.slice(0, -1)];
        for (const pop of targets) {
          probs[pop] = (probs[pop] ?? 0) + (l4 * d[pop.slice(0, -1)]) / thickness;
        }
        delete probs[l4Pop];
      }
    }
  }
  return out;
}

/**
 * Realistic neuron numbers N(A, i) = rho(A, layer) * S(A) * D(A, layer) * f_E/I(layer), with the
 * excitatory/inhibitory fractions per layer taken from the cat V1 counts (Binzegger et al. 2004) and
 * assumed equal in all areas. Units: density neurons/mm^3, surface mm^2, thickness mm.
 */
import type { LayerDensities, ModelLayer, PopulationName } from './processed-types.ts';

const CELL_LAYERS = ['23', '4', '5', '6'] as const;

export function computeNeuronNumbers(
  densities: Record<string, LayerDensities>,
  surfaces: Record<string, number>,
  laminarThicknesses: Record<string, Record<ModelLayer, number>>,
  numV1: Record<string, { neurons: number }>,
): Record<string, Record<PopulationName | 'total', number>> {
  const excitatoryFraction = {} as Record<(typeof CELL_LAYERS)[number], number>;
  for (const layer of CELL_LAYERS) {
    const e = numV1[`${layer}E`]?.neurons;
    const i = numV1[`${layer}I`]?.neurons;
    if (!(e >= 0 && i >= 0 && e + i > 0)) {
      throw new Error(`num_V1: neurons of ${layer}E / ${layer}I are ${e} / ${i}; expected non-negative numbers with a positive sum`);
    }
    excitatoryFraction[layer] = e / (e + i);
  }

  const numbers: Record<string, Record<PopulationName | 'total', number>> = {};
  for (const [area, density] of Object.entries(densities)) {
    const surface = surfaces[area];
    const thickness = laminarThicknesses[area];
    if (surface === undefined) throw new Error(`surface_data: no surface for area "${area}"; expected one per area`);
    if (thickness === undefined) throw new Error(`laminar thicknesses: none for area "${area}"; expected one per area`);
    const pops = {} as Record<PopulationName | 'total', number>;
    let total = 0;
    for (const layer of CELL_LAYERS) {
      const f = excitatoryFraction[layer];
      const nE = surface * thickness[layer] * density[layer] * f;
      const nI = (nE * (1 - f)) / f;
      pops[`${layer}E`] = nE;
      pops[`${layer}I`] = nI;
      total += nE;
      total += nI;
    }
    pops.total = total;
    numbers[area] = pops;
  }
  return numbers;
}

/**
 * Total and laminar cortical thicknesses (Schmidt et al. 2018, Methods "Laminar thicknesses"):
 * missing total thicknesses come from a linear fit of thickness vs log10 overall density; relative
 * laminar thicknesses are averaged over studies, missing L1, L2/3, L5, L6 take the mean over areas and
 * missing L4 a linear fit vs log10 overall density; finally they are normalised and scaled by the total.
 */
import { finiteMean, linearRegression } from './numeric.ts';
import type { LayerDensities, ModelLayer } from './processed-types.ts';

const MODEL_LAYERS: readonly ModelLayer[] = ['1', '23', '4', '5', '6'];

/** Total thicknesses (micrometre) of all areas of `totalThicknessData`, NaNs filled from the density fit. */
export function completeTotalThicknesses(
  totalThicknessData: Record<string, number>,
  densities: Record<string, LayerDensities>,
  areaList: readonly string[],
): Record<string, number> {
  const x: number[] = [];
  const y: number[] = [];
  for (const area of areaList) {
    const thickness = totalThicknessData[area];
    if (Number.isFinite(thickness)) {
      x.push(Math.log10(densities[area].overall));
      y.push(thickness);
    }
  }
  const fit = linearRegression(x, y, 'total thickness vs log10 overall neuron density');
  const completed: Record<string, number> = {};
  for (const [area, thickness] of Object.entries(totalThicknessData)) {
    completed[area] = Number.isNaN(thickness) ? fit.intercept + fit.slope * Math.log10(densities[area].overall) : thickness;
  }
  return completed;
}

/**
 * Fraction of the total thickness per study (NaN where unknown); a layer of zero thickness is a zero
 * fraction even where the total is unknown.
 */
function fractionsOfTotal(layers: Record<string, number | number[]>, area: string, layer: string): number | number[] {
  const value = layers[layer];
  const total = layers.total;
  if (value === undefined || total === undefined) {
    throw new Error(`laminar_thicknesses: area "${area}" lacks layer "${value === undefined ? layer : 'total'}"; expected keys ${MODEL_LAYERS.join(', ')}, total`);
  }
  if (typeof value === 'number') {
    if (typeof total !== 'number') throw new Error(`laminar_thicknesses: area "${area}" layer ${layer} is a number but its total is a list; expected the same shape`);
    return value === 0 ? 0 : value / total;
  }
  if (typeof total === 'number' || total.length !== value.length) {
    throw new Error(`laminar_thicknesses: area "${area}" layer ${layer} has ${value.length} studies but the total does not match; expected lists of equal length`);
  }
  return value.map((v, i) => (v === 0 ? 0 : v / total[i]));
}

function studyMean(fractions: number | number[]): number {
  return typeof fractions === 'number' ? fractions : finiteMean(fractions);
}

/** Laminar thicknesses (mm) of the model areas (in areaList order). */
export function completeLaminarThicknesses(
  laminarThicknesses: Record<string, Record<string, number | number[]>>,
  totalThicknesses: Record<string, number>,
  densities: Record<string, LayerDensities>,
  areaList: readonly string[],
): Record<string, Record<ModelLayer, number>> {
  const relative: Record<string, Record<ModelLayer, number>> = {};
  const layer4Fractions: Record<string, number | number[]> = {};
  for (const area of areaList) {
    const layers = laminarThicknesses[area];
    if (layers === undefined) throw new Error(`laminar_thicknesses: no entry for model area "${area}"; expected one per area of area_list`);
    const rel = {} as Record<ModelLayer, number>;
    for (const layer of MODEL_LAYERS) {
      const fractions = fractionsOfTotal(layers, area, layer);
      if (layer === '4') layer4Fractions[area] = fractions;
      rel[layer] = studyMean(fractions);
    }
    relative[area] = rel;
  }

  // Layers other than L4: fill gaps with the mean over areas.
  for (const layer of ['1', '23', '5', '6'] as const) {
    const meanOverAreas = finiteMean(areaList.map((a) => relative[a][layer]));
    for (const area of areaList) if (Number.isNaN(relative[area][layer])) relative[area][layer] = meanOverAreas;
  }

  // L4: linear fit of the per-area mean fraction vs log10 overall density.
  const x: number[] = [];
  const y: number[] = [];
  for (const area of areaList) {
    const fraction = studyMean(layer4Fractions[area]);
    if (Number.isFinite(fraction)) {
      x.push(Math.log10(densities[area].overall));
      y.push(fraction);
    }
  }
  const fit4 = linearRegression(x, y, 'relative L4 thickness vs log10 overall neuron density');
  for (const area of areaList) {
    if (Number.isNaN(relative[area]['4'])) relative[area]['4'] = fit4.intercept + fit4.slope * Math.log10(densities[area].overall);
  }

  const absolute: Record<string, Record<ModelLayer, number>> = {};
  for (const area of areaList) {
    let sum = 0;
    for (const layer of MODEL_LAYERS) sum += relative[area][layer];
    const out = {} as Record<ModelLayer, number>;
    // 0.001: micrometre -> mm; normalised so that the relative thicknesses sum to 1.
    for (const layer of MODEL_LAYERS) out[layer] = (0.001 * relative[area][layer] * totalThicknesses[area]) / sum;
    absolute[area] = out;
  }
  return absolute;
}

/**
 * Neuron densities (neurons/mm^3) of all model areas (Schmidt et al. 2018, Methods "Neuron densities"):
 * NeuN-stained laminar densities are rescaled to the Nissl scale by a linear fit, mapped to the FV91
 * parcellation, split into the model's layers (L5 and L6 share the L5/6 density), averaged per
 * architectural type, and areas without data get the average of their type.
 */
import { linearRegression, mean } from './numeric.ts';
import type { LayerDensities, RawData } from './processed-types.ts';

const DENSITY_KEYS = ['overall', '23', '4', '5', '6'] as const;

/** Map Barbas-lab area names to FV91 names: names of model areas are kept, others translated (one to many). */
function mapToFV91<T>(
  byArea: Record<string, T>,
  areaList: readonly string[],
  translation: Record<string, string[]>,
  requireTranslation: boolean,
): Map<string, T> {
  const mapped = new Map<string, T>();
  for (const [area, value] of Object.entries(byArea)) {
    if (areaList.includes(area)) {
      mapped.set(area, value);
    } else if (area in translation) {
      for (const fv91 of translation[area]) mapped.set(fv91, value);
    } else if (requireTranslation) {
      throw new Error(`neuronal_density_data: area "${area}" is neither a model area nor in Translation; expected one of them`);
    }
  }
  return mapped;
}

export interface DensityResult {
  /** Data-based densities of the areas with NeuN data (FV91 names). */
  fv91FourLayers: Record<string, LayerDensities>;
  /** Mean densities per architectural type 1..8 (NaN where a type has no data). */
  categoryDensity: Record<string, LayerDensities>;
  /** Densities of every area of the architecture table. */
  neuronalDensities: Record<string, LayerDensities>;
}

export function computeNeuronDensities(
  neunData: RawData['neuronal_density_data'],
  nisslData: Record<string, number>,
  architecture: Record<string, number>,
  areaList: readonly string[],
  translation: Record<string, string[]>,
): DensityResult {
  // NeuN staining undersamples neurons relative to Nissl staining: fit Nissl vs NeuN overall density.
  const neun: number[] = [];
  const nissl: number[] = [];
  for (const [area, density] of Object.entries(nisslData)) {
    if (area in neunData) {
      neun.push(neunData[area].overall.value);
      nissl.push(density);
    }
  }
  const toNissl = linearRegression(neun, nissl, 'Nissl vs NeuN overall neuron density');
  const rescale = (v: number): number => v * toNissl.slope + toNissl.intercept;

  const nisslFV91 = mapToFV91(nisslData, areaList, translation, false);
  const neunFV91 = mapToFV91(neunData, areaList, translation, true);

  const fv91FourLayers: Record<string, LayerDensities> = {};
  for (const [area, d] of neunFV91) {
    const layer = (v: number): number => (v > 0 ? rescale(v) : 0);
    const l56 = layer(d['56'].value);
    // Key order as upstream's file: '23', 'overall', '4', '5', '6'.
    fv91FourLayers[area] = {
      '23': layer(d['23'].value),
      overall: nisslFV91.has(area) ? nisslFV91.get(area)! : rescale(d.overall.value),
      '4': layer(d['4'].value),
      '5': l56,
      '6': l56,
    };
  }

  const perCategory = Array.from({ length: 8 }, () => ({ overall: [], '23': [], '4': [], '5': [], '6': [] }) as Record<
    (typeof DENSITY_KEYS)[number],
    number[]
  >);
  for (const [area, d] of Object.entries(fv91FourLayers)) {
    const category = architecture[area];
    if (!Number.isInteger(category) || category < 1 || category > 8) {
      throw new Error(`architecture: type of area "${area}" is ${String(category)}; expected an integer 1..8`);
    }
    for (const key of DENSITY_KEYS) perCategory[category - 1][key].push(d[key]);
  }
  const categoryDensity: Record<string, LayerDensities> = {};
  perCategory.forEach((lists, i) => {
    categoryDensity[String(i + 1)] = {
      overall: mean(lists.overall),
      '23': mean(lists['23']),
      '4': mean(lists['4']),
      '5': mean(lists['5']),
      '6': mean(lists['6']),
    };
  });

  const neuronalDensities: Record<string, LayerDensities> = {};
  for (const [area, category] of Object.entries(architecture)) {
    if (!Number.isInteger(category) || category < 1 || category > 8) {
      throw new Error(`architecture: type of area "${area}" is ${String(category)}; expected an integer 1..8`);
    }
    const source = area in fv91FourLayers ? fv91FourLayers[area] : categoryDensity[String(category)];
    neuronalDensities[area] = { ...source };
  }
  return { fv91FourLayers, categoryDensity, neuronalDensities };
}

/**
 * The anatomical inputs of model construction: the bundled dataset (data/multiarea/), unless the
 * caller supplies its own.
 */
import { loadKPrimeOriginal, loadRawData } from '../data/dataset.ts';
import { getProcessedData } from '../data/processing/load.ts';
import type { NpyArray } from '../../core/index.ts';
import type { ModelProcessedInput, ModelRawInput } from './model-types.ts';

export interface ModelInputOverrides {
  raw?: ModelRawInput;
  processed?: ModelProcessedInput;
}

/**
 * Raw and processed data for the model: the bundled dataset, processed with the published SLN fit
 * coefficients ('published', the published model) or with those fitted to the data ('fitted').
 */
export function loadModelInputs(
  slnFit: 'published' | 'fitted',
  overrides: ModelInputOverrides = {},
): { raw: ModelRawInput; processed: ModelProcessedInput } {
  return {
    raw: overrides.raw ?? (loadRawData() as ModelRawInput),
    processed: overrides.processed ?? (getProcessedData({ slnFit }) as ModelProcessedInput),
  };
}

/** The bundled stabilized indegree matrix K' (254 x 254) with its population labels. */
export function loadBundledKPrime(): NpyArray & { labels: string[] } {
  const k = loadKPrimeOriginal();
  return { shape: [...k.shape], data: k.data, labels: k.labels };
}

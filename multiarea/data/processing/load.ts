/**
 * Processed anatomical data of the bundled dataset, for the model builder. For the published SLN fit
 * coefficients (the default) it is read from the compiled data/multiarea/processed.json, which spares
 * loading the raw data and processing it; other coefficients are processed on demand (memoized).
 */
import { dataSource, type DataSource } from '../../../core/index.ts';
import { datasetPath, deepFreeze, loadRawData, loadRawTableText } from '../dataset.ts';
import { fitSlnProbit, type SlnFitMethod } from '../sln-probit-fit.ts';
import { buildSlnFitTableFromRaw, processRawData, PUBLISHED_SLN_FIT_COEFFICIENTS } from './process-raw-data.ts';
import { decodeProcessedDataJson, PROCESSED_DATA_FILE } from './processed-json.ts';
import { slnFitInput, type SlnFitTableRow } from './sln.ts';
import { parseSupplementaryTables } from './supplementary-tables.ts';
import type { ProcessedData, ProcessingInput, SlnFitCoefficients } from './processed-types.ts';

/**
 * Which SLN fit completes missing SLN values: 'published' (default; the coefficients of Schmidt et al.
 * 2018, so that the model equals the published one), 'fitted' (fit the data afresh), or explicit
 * [intercept, slope].
 */
export type SlnFitChoice = 'published' | 'fitted' | SlnFitCoefficients;

export interface ProcessedDataOptions {
  slnFit?: SlnFitChoice;
  /** With slnFit 'fitted': 'aod' (default) replays R's aod::betabin search, 'mle' finds the exact maximum. */
  slnFitMethod?: SlnFitMethod;
}

let cachedInput: ProcessingInput | undefined;

/** The processing input of the bundled dataset: raw data plus the three tables the dataset carries verbatim. Frozen. */
export function loadProcessingInput(): ProcessingInput {
  cachedInput ??= deepFreeze({
    ...loadRawData(),
    ...parseSupplementaryTables({
      nisslDensities: loadRawTableText('NeuronalDensities_Nissl.csv'),
      injectionSites: loadRawTableText('Markov2014_InjectionSites.csv'),
      slnData: loadRawTableText('SLN_Data.csv'),
    }),
  });
  return cachedInput;
}

let cachedSlnFitTable: readonly SlnFitTableRow[] | undefined;

/** The SLN-fit input table built from the bundled dataset (equals RData_prepared_logdensities.txt). Frozen. */
export function getSlnFitTable(): readonly SlnFitTableRow[] {
  cachedSlnFitTable ??= deepFreeze(buildSlnFitTableFromRaw(loadProcessingInput()));
  return cachedSlnFitTable;
}

/** The [intercept, slope] that a choice stands for (fitting the bundled data for 'fitted'). */
export function resolveSlnFitCoefficients(options: ProcessedDataOptions = {}): SlnFitCoefficients {
  const choice = options.slnFit ?? 'published';
  if (choice === 'published') return PUBLISHED_SLN_FIT_COEFFICIENTS;
  if (choice === 'fitted') {
    const fit = fitSlnProbit(slnFitInput(getSlnFitTable()), { method: options.slnFitMethod ?? 'aod' });
    return [fit.intercept, fit.slope];
  }
  if (Array.isArray(choice) && choice.length === 2 && choice.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return [choice[0], choice[1]];
  }
  throw new Error(
    `slnFit is ${JSON.stringify(choice)}; expected 'published', 'fitted' or [intercept, slope] (two finite numbers)`,
  );
}

const cachedPublished = new WeakMap<DataSource, ProcessedData>();

/** The compiled processed data (published SLN fit coefficients), data/multiarea/processed.json. Frozen. */
export function loadProcessedData(): ProcessedData {
  const source = dataSource();
  let processed = cachedPublished.get(source);
  if (processed === undefined) {
    const path = datasetPath(PROCESSED_DATA_FILE);
    processed = deepFreeze(decodeProcessedDataJson(source.readText(path), path));
    cachedPublished.set(source, processed);
  }
  return processed;
}

const processedCache = new Map<string, ProcessedData>();

/**
 * Processed anatomical data (FLN, SLN, CoCoMac, neuron densities and numbers, thicknesses) of the bundled
 * dataset: the compiled file for the published SLN coefficients, else processed and memoized per
 * coefficients. The result is frozen (shared between callers).
 */
export function getProcessedData(options: ProcessedDataOptions = {}): ProcessedData {
  const coefficients = resolveSlnFitCoefficients(options);
  if (coefficients[0] === PUBLISHED_SLN_FIT_COEFFICIENTS[0] && coefficients[1] === PUBLISHED_SLN_FIT_COEFFICIENTS[1]) {
    return loadProcessedData();
  }
  const key = `${coefficients[0]},${coefficients[1]}`;
  let processed = processedCache.get(key);
  if (processed === undefined) {
    processed = deepFreeze(processRawData(loadProcessingInput(), { slnFitCoefficients: coefficients }));
    processedCache.set(key, processed);
  }
  return processed;
}

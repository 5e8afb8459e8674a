// Public API of the data-processing step (raw tables -> processed anatomical quantities).
export { processRawData, buildSlnFitTableFromRaw, PUBLISHED_SLN_FIT_COEFFICIENTS } from './process-raw-data.ts';
export {
  getProcessedData,
  loadProcessedData,
  getSlnFitTable,
  loadProcessingInput,
  resolveSlnFitCoefficients,
  type ProcessedDataOptions,
  type SlnFitChoice,
} from './load.ts';
export {
  encodeProcessedDataJson,
  decodeProcessedDataJson,
  PROCESSED_DATA_FILE,
  PROCESSED_DATA_KEYS,
} from './processed-json.ts';
export { buildSlnFitTable, slnFitInput, slnFromDensities, m132OverallDensity, type SlnFitTableRow } from './sln.ts';
export {
  parseSupplementaryTables,
  parseNisslDensities,
  parseInjectionTargets,
  parseSlnDataRows,
  SUPPLEMENTARY_TABLE_FILES,
  type SupplementaryTableTexts,
} from './supplementary-tables.ts';
export type {
  ProcessedData,
  ProcessingInput,
  ProcessingOptions,
  SupplementaryRawData,
  SlnFitCoefficients,
  SlnObservation,
  InjectionTarget,
  LayerDensities,
  ModelLayer,
  PopulationName,
  CompletedCocomacEntry,
  CompletedLaminarPattern,
} from './processed-types.ts';

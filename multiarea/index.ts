// Public API of multiarea/: the model — its parameters, its bundled data and their processing, its
// construction, labels, saved specifications and exports. File formats, numerics and the user
// configuration are in core/.

// The model.
export { MultiAreaModel, type MultiAreaModelOptions } from './multi-area-model.ts';
export { scaleNetwork, pscToPsp } from './model/scaling.ts';
export type { NetworkArrays, SingleNeuronParams } from './network-arrays.ts';
export { networkSource, type NetworkSource } from './network-source.ts';
export { populationLabel, splitPopulationLabel, areaOfLabel, isInhibitoryPopulation, type PopulationId } from './population-label.ts';
export { delayMatrices, meanDelay, type DelayMatrices } from './model/delays.ts';

// Parameters: defaults, schema, merge and validation against the schema.
export * from './params/defaults.ts';
export { resolveNetworkParams, networkParamsSchema, type ResolveOptions } from './params/resolve.ts';

// Labels and saving/reloading by label.
export { modelLabel, labelParams, labelledFiles, LABEL_RULE, type LabelInput, type LabelledFile } from './label.ts';
export {
  saveModelSpec,
  loadModelSpec,
  listSavedLabels,
  modelSpecPath,
  NETWORK_SPEC_FILE,
  type SavedModelSpec,
  type SavableModel,
} from './model-store.ts';

// Bundled dataset: raw-table parsing, compiled-dataset loaders, processing to anatomical quantities.
export * from './data/raw/index.ts';
export { encodeRawDataJson, decodeRawDataJson } from './data/raw-json.ts';
export {
  DATASET_DIR,
  DATASET_FILES,
  datasetPath,
  loadRawData,
  loadRawTableText,
  VERBATIM_RAW_TABLES,
  type VerbatimRawTable,
  loadSlnFitTable,
  loadKPrimeOriginal,
  loadFullscaleRates,
  loadExpFunctionalConnectivity,
  expFunctionalConnectivityByArea,
  loadProvenance,
  datasetDigest,
  type KPrimeMeta,
  type LabelledMatrix,
  type ExpFunctionalConnectivity,
} from './data/dataset.ts';
export * from './data/processing/index.ts';
export {
  fitSlnProbit,
  betaBinomialProbitLogLikelihood,
  type SlnObservation,
  type SlnFitMethod,
  type SlnFitOptions,
  type SlnFitParameters,
  type SlnFitResult,
} from './data/sln-probit-fit.ts';
export {
  parsePreparedSlnTable,
  readPreparedSlnTable,
  slnObservationsFromTable,
  type PreparedSlnRow,
  type SlnCountColumns,
} from './data/sln-table.ts';

// Construction from the processed data: pure functions and dict/vector views.
export {
  buildModelData,
  buildFlatModelData,
  toModelData,
  synapseVolumeDensity,
  MODEL_AREA_LIST,
  MODEL_POPULATION_LIST,
  type FlatModelData,
} from './model/build-model-data.ts';
export type {
  ModelData,
  ModelBuildParams,
  ModelRawInput,
  ModelProcessedInput,
  ConnectivityDict,
  PopulationDict,
} from './model/model-types.ts';
export {
  structureVector,
  dictToVector,
  vectorToDict,
  dictToMatrix,
  matrixToDict,
  vectorMask,
  connectionMask,
  areaLevelIndegrees,
  type VectorMaskSpec,
  type ConnectionMaskSpec,
} from './model/views.ts';
export { pscOverPsp } from './model/weights.ts';

// Export of a built model (JSON/YAML/CSV).
export * from './export/index.ts';

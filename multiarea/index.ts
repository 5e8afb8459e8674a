// Public API of multiarea/.
// Parameters (defaults, schema, merge/validation).
export * from './params/defaults.ts';
export { resolveNetworkParams, networkParamsSchema, type ResolveOptions } from './params/resolve.ts';
export {
  mergeAndValidate,
  nestedMerge,
  formatZodIssues,
  ParameterError,
  describeValue,
  isPlainObject,
} from '../core/validation.ts';
// Model label and saving/reloading by label.
export { modelLabel, labelParams, quantizeForLabel, LABEL_SIGNIFICANT_DIGITS, type LabelInput } from './label.ts';
export {
  saveModelSpec,
  loadModelSpec,
  listSavedLabels,
  modelSpecPath,
  NETWORK_SPEC_FILE,
  type SavedModelSpec,
  type SavableModel,
} from './model-store.ts';
// The vectorized network that theory/, simulation/ and analysis/ consume.
export type { NetworkArrays, SingleNeuronParams } from './network-arrays.ts';
// File helpers used by other folders (simulation: replace_cc time series, atomic outputs).
export { readNpy, type NpyArray } from '../core/io/npy.ts';
export { writeFileAtomic } from '../core/io/atomic-write.ts';
// Bundled dataset: raw-table parsing (data/raw), compiled-dataset loaders, file formats (helper A).
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
export { decodeNpy, encodeNpy, writeNpy, npyRows, type NpyWriteDtype } from '../core/io/npy.ts';
export { stableJson } from '../core/io/stable-json.ts';
export { parsePythonJson } from '../core/io/python-json.ts';
export { parseDelimited, pyFloat, tryPyFloat } from '../core/io/delimited.ts';
// User configuration (data path, cluster job template).
export {
  loadUserConfig,
  fillTemplate,
  PROJECT_ROOT,
  type UserConfig,
  type ResolvedUserConfig,
  type LoadUserConfigOptions,
} from '../core/config.ts';
// Export of a built model (JSON/YAML/CSV).
export * from './export/index.ts';
// Data processing: raw tables -> processed anatomical quantities (FLN, SLN, CoCoMac, densities, neuron numbers).
export * from './data/processing/index.ts';
// The model class (helper D); exported here for the CLI.
export { MultiAreaModel, type MultiAreaModelOptions, pscToPsp, scaleNetwork } from './multi-area-model.ts';
// Model construction from the processed data (helper D): pure functions and dict/vector views.
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
// SLN fit: beta-binomial probit regression of SLN counts on the log density ratio (helper C).
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
// Numerical building blocks (normal distribution, log-gamma family, optimisers).
export { normalPdf, normalCdf, normalTails, normalQuantile } from '../core/math/normal.ts';
export { logGamma, logBeta, logChoose, digamma } from '../core/math/gamma.ts';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from '../core/math/nelder-mead.ts';
export { newtonMinimize, type NewtonOptions, type NewtonResult } from '../core/math/newton.ts';
export { fitProbitGlm, type ProbitGlmOptions, type ProbitGlmResult } from '../core/math/probit-glm.ts';
export { mulberry32, uniformGenerator } from '../core/math/random.ts';
export { integrate, type QuadOptions } from '../core/math/gauss-kronrod.ts';

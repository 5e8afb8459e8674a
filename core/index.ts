// Public API of core/: what every folder needs and that is not the model — file formats, numerics,
// parameter validation, project paths and the user configuration.
export { PROJECT_ROOT, DATA_DIR, BUNDLED } from './paths.ts';
export {
  loadUserConfig,
  fillTemplate,
  type UserConfig,
  type ResolvedUserConfig,
  type LoadUserConfigOptions,
} from './config.ts';
export {
  mergeAndValidate,
  nestedMerge,
  deepClone,
  keysAt,
  formatZodIssues,
  ParameterError,
  describeValue,
  isPlainObject,
} from './validation.ts';
// Host access: data files (injectable data source), paths, sha256 — Node's here, the page's in the browser build.
export { dataSource, setDataSource, type DataSource, type DataSourceEntry } from './io/data-source.ts';
export { hostPath, hostCwd, loadH5wasm, sha256, type Sha256 } from './io/node-host.ts';
// File formats.
export { readNpy, decodeNpy, encodeNpy, writeNpy, npyRows, type NpyArray, type NpyWriteDtype } from './io/npy.ts';
export { writeFileAtomic } from './io/atomic-write.ts';
export { ensureDir, assertNotFolder, fsErrorReason } from './io/output-path.ts';
export { tempPathFor, isProcessAlive, removeStaleTemps, replaceFolder, writeFolderAtomic } from './io/temp-paths.ts';
export { stableJson } from './io/stable-json.ts';
export { canonicalJson, canonicalHash, canonicalNumber, contentLabel, LABEL_HEX_DIGITS } from './io/canonical-json.ts';
export { OrderedRecord } from './io/ordered-record.ts';
export { parsePythonJson } from './io/python-json.ts';
export { readRatesFile, rateOf, type RatesByPopulation } from './io/rates-json.ts';
export { encodeKeyedJson, decodeKeyedJson } from './io/keyed-json.ts';
export { parseDelimited, pyFloat, pyInt, tryPyFloat, universalNewlines, PANDAS_NA_STRINGS } from './io/delimited.ts';
// Numerics.
export { normalPdf, normalCdf, normalTails, normalQuantile } from './math/normal.ts';
export { logGamma, logBeta, logChoose, digamma, stirlingCorrection } from './math/gamma.ts';
export { erfcx } from './math/erfcx.ts';
export { dawson, erfcxIntegral } from './math/special-integrals.ts';
export { integrate, type QuadOptions } from './math/gauss-kronrod.ts';
export { gaussLegendre, integrateGL } from './math/gauss-legendre.ts';
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './math/nelder-mead.ts';
export { newtonMinimize, hessianFromGradient, type NewtonOptions, type NewtonResult } from './math/newton.ts';
export { fitProbitGlm, type ProbitGlmOptions, type ProbitGlmResult } from './math/probit-glm.ts';
export { mulberry32, uniformGenerator } from './math/random.ts';

// Export of a network and its simulation to NEST 3 (run folder with a PyNEST script), and cluster jobs.
export {
  buildNestNetworkSpec,
  EXTERNAL_DELAY_MS,
  NEST_FORMAT_VERSION,
  NEST_NETWORK_FORMAT,
  type NestExportNetwork,
  type NestExternalInputSpec,
  type NestInputFile,
  type NestNetworkSpec,
  type NestPopulationSpec,
  type NestProjectionSpec,
  type NestReplacedInputSpec,
  type NestSpecOptions,
} from './network-spec.ts';
export { buildNestSimSpec, nestRunLabel, NEST_SIM_FORMAT, type NestSimOptions, type NestSimSpec } from './sim-spec.ts';
export {
  exportNestRun,
  NETWORK_FILE,
  RUN_NEST_SCRIPT,
  SCRIPT_FILE,
  SIM_FILE,
  type NestExportOptions,
  type NestExportResult,
} from './nest-export.ts';
export {
  defaultNestCommand,
  jobScriptValues,
  readNestSimSpec,
  shellQuote,
  submitJob,
  writeJobScript,
  type JobScriptOptions,
  type SubmitOptions,
  type SubmitResult,
} from './jobs.ts';

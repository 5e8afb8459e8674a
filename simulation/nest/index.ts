// Export of a network and its simulation to NEST 3 (run folder with a PyNEST script), and cluster jobs.
export { nestNetworkJson, NEST_NETWORK_FORMAT, NEST_NETWORK_VERSION, type NestInputFile, type NestNetworkSpec } from './network-json.ts';
export { buildNestSimSpec, nestRunLabel, NEST_SIM_FORMAT, NEST_SIM_VERSION, type NestSimOptions, type NestSimSpec } from './sim-spec.ts';
export { FORMATS_FILE, FORMATS_MODULE, jobScriptFile, NETWORK_FILE, RUN_NEST_SCRIPT, SCRIPT_FILE, SIM_FILE } from './run-files.ts';
export { exportNestRun, type NestExportOptions, type NestExportResult } from './nest-export.ts';
export { defaultNestCommand, jobScriptValues, renderJobScript, shellQuote, type JobScriptText } from './job-script.ts';
export {
  readNestSimSpec,
  resolveJobTemplate,
  resolveSubmitCommand,
  submitJob,
  writeJobScript,
  type JobScriptOptions,
  type SubmitOptions,
  type SubmitResult,
} from './jobs.ts';

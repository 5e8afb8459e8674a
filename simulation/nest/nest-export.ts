/**
 * Export of a network and its simulation parameters as a self-contained NEST 3 run folder:
 * network.json (the network description, network-json.ts), sim.json, run_nest.py (PyNEST script that
 * builds and runs it) with mam_formats.py (its reader of our JSON formats), inputs/ (time series
 * of replaced input, if any) and, when asked for, the job script. Everything is checked and rendered
 * before anything is written; the folder is written beside the target under a temporary name, then
 * renamed, so it appears complete or not at all.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPlainObject, writeFolderAtomic } from '../../core/index.ts';
import type { NetworkSource } from '../../multiarea/index.ts';
import { buildNetworkDescription, type NetworkBuildOptions } from '../network/build-network.ts';
import { resolveSimulationParams, type SimulationParams } from '../simulation-params.ts';
import { renderJobScript, type JobScriptText } from './job-script.ts';
import { nestNetworkJson, type NestNetworkSpec } from './network-json.ts';
import { FORMATS_FILE, FORMATS_MODULE, jobScriptFile, NETWORK_FILE, RUN_NEST_SCRIPT, SCRIPT_FILE, SIM_FILE } from './run-files.ts';
import { buildNestSimSpec, type NestSimOptions, type NestSimSpec } from './sim-spec.ts';

export interface NestExportOptions extends NetworkBuildOptions, NestSimOptions {
  /** Replace an existing non-empty outDir (default: error). */
  overwrite?: boolean;
  /** Also write the job script (job_script_<label>.sh) from this template. */
  jobScript?: JobScriptText;
}

export interface NestExportResult {
  /** Absolute path of the run folder. */
  dir: string;
  /** Label of the NEST run (nestRunLabel). */
  label: string;
  networkLabel: string;
  /** Files written, relative to dir. */
  files: string[];
  /** Absolute path of the job script, or null without options.jobScript. */
  jobScript: string | null;
  network: NestNetworkSpec;
  sim: NestSimSpec;
}

function isNonEmptyDir(path: string): boolean {
  return statSync(path).isDirectory() ? readdirSync(path).length > 0 : true;
}

/**
 * Writes the NEST run folder of `network` simulated with `simParams` (custom simulation parameters
 * in upstream nesting, or resolved ones) to `outDir`.
 */
export function exportNestRun(network: NetworkSource, simParams: unknown, outDir: string, options: NestExportOptions = {}): NestExportResult {
  // Our simulator runs one process, NEST runs under MPI: num_processes is taken out here.
  let custom = simParams;
  let numProcesses = options.numProcesses;
  if (isPlainObject(simParams) && 'num_processes' in simParams) {
    const { num_processes, ...rest } = simParams as Record<string, unknown>;
    custom = rest;
    numProcesses ??= num_processes as number;
  }
  const sim: SimulationParams = resolveSimulationParams(custom);
  const simSpec = buildNestSimSpec(sim, network.label, { ...options, numProcesses });
  const { spec, files: inputs } = nestNetworkJson(buildNetworkDescription(network, sim, options));
  const job = options.jobScript ? { name: jobScriptFile(simSpec.label), text: renderJobScript(simSpec, options.jobScript) } : null;

  const dir = resolve(outDir);
  if (existsSync(dir) && isNonEmptyDir(dir) && !options.overwrite) {
    throw new Error(`outDir: ${dir} exists and is not empty; expected a new or empty folder (or overwrite: true / --force)`);
  }
  writeFolderAtomic(dir, (tmp) => {
    if (inputs.length > 0) mkdirSync(join(tmp, 'inputs'));
    writeFileSync(join(tmp, NETWORK_FILE), JSON.stringify(spec, null, 1) + '\n');
    writeFileSync(join(tmp, SIM_FILE), JSON.stringify(simSpec, null, 1) + '\n');
    writeFileSync(join(tmp, SCRIPT_FILE), readFileSync(RUN_NEST_SCRIPT), { mode: 0o755 });
    writeFileSync(join(tmp, FORMATS_FILE), readFileSync(FORMATS_MODULE));
    for (const f of inputs) copyFileSync(f.from, join(tmp, f.to));
    if (job) writeFileSync(join(tmp, job.name), job.text, { mode: 0o755 });
  });
  return {
    dir,
    label: simSpec.label,
    networkLabel: network.label,
    files: [NETWORK_FILE, SIM_FILE, SCRIPT_FILE, FORMATS_FILE, ...inputs.map((f) => f.to), ...(job ? [job.name] : [])],
    jobScript: job ? join(dir, job.name) : null,
    network: spec,
    sim: simSpec,
  };
}

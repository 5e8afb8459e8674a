/**
 * Cluster jobs for exported NEST runs: the user's job-script template (config.ts) filled for a run
 * folder, and its submission with the configured submit command (run directly, without a shell).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fillTemplate, loadUserConfig, PROJECT_ROOT, writeFileAtomic, type UserConfig } from '../../core/index.ts';
import { SCRIPT_FILE, SIM_FILE } from './nest-export.ts';
import { NEST_SIM_FORMAT, NEST_SIM_VERSION, type NestSimSpec } from './sim-spec.ts';

export interface JobScriptOptions {
  /** Job-script template; default: jobscript_template of the user configuration. */
  template?: string | null;
  /** Config file to read instead of the default (see loadUserConfig). */
  configFile?: string;
  /** Value of {command}; default: defaultNestCommand(runDir, num_processes). */
  command?: string;
  /** Value of {base_path}; default: the project root. */
  basePath?: string;
}

export interface SubmitOptions {
  /** Submit command, e.g. 'sbatch' or 'sbatch --partition=batch' (split at spaces; no shell syntax), or program and arguments. Default: submit_cmd of the user configuration. */
  submitCmd?: string | string[] | null;
  configFile?: string;
}

export interface SubmitResult {
  /** Program and arguments run (the job script last). */
  argv: string[];
  stdout: string;
  stderr: string;
}

/** Quotes a word for a POSIX shell when it holds anything but plainly safe characters. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs an exported folder: python3 run_nest.py, under `mpirun -n P` when P > 1. */
export function defaultNestCommand(runDir: string, numProcesses: number): string {
  const run = `python3 ${shellQuote(join(resolve(runDir), SCRIPT_FILE))}`;
  return numProcesses > 1 ? `mpirun -n ${numProcesses} ${run}` : run;
}

/** Reads sim.json of an exported run folder. */
export function readNestSimSpec(runDir: string): NestSimSpec {
  const file = join(resolve(runDir), SIM_FILE);
  if (!existsSync(file)) throw new Error(`run folder: ${file} not found; expected a folder written by exportNestRun / mam nest-export`);
  let spec: any;
  try {
    spec = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`run folder: ${file} is not valid JSON (${(err as Error).message})`);
  }
  if (spec?.format !== NEST_SIM_FORMAT || spec?.version !== NEST_SIM_VERSION) {
    throw new Error(`run folder: ${file} has format ${JSON.stringify(spec?.format)} version ${JSON.stringify(spec?.version)}; expected '${NEST_SIM_FORMAT}' version ${NEST_SIM_VERSION}`);
  }
  return spec as NestSimSpec;
}

/** Placeholder values of a run folder's job script. */
export function jobScriptValues(runDir: string, options: Pick<JobScriptOptions, 'command' | 'basePath'> = {}): Record<string, string | number> {
  const dir = resolve(runDir);
  const sim = readNestSimSpec(dir);
  return {
    base_path: options.basePath ?? PROJECT_ROOT,
    sim_dir: dir,
    label: sim.label,
    network_label: sim.network_label,
    num_processes: sim.num_processes,
    local_num_threads: sim.local_num_threads,
    num_vp: sim.num_processes * sim.local_num_threads,
    command: options.command ?? defaultNestCommand(dir, sim.num_processes),
  };
}

/**
 * The value given in the options, else entry `key` of the user configuration; `where` names its
 * source for error messages.
 */
async function optionOrConfig<K extends keyof UserConfig, G>(
  given: G | undefined,
  key: K,
  configFile: string | undefined,
): Promise<{ value: G | UserConfig[K]; where: string }> {
  if (given !== undefined) return { value: given, where: 'the given options' };
  const config = await loadUserConfig({ configFile });
  return { value: config[key], where: config.source ?? 'the defaults of config.template.ts (no config.ts)' };
}

/**
 * Fills the job-script template for an exported run folder and writes it there as
 * job_script_<label>.sh (executable). Returns its path.
 */
export async function writeJobScript(runDir: string, options: JobScriptOptions = {}): Promise<string> {
  const { value: template, where } = await optionOrConfig(options.template, 'jobscript_template', options.configFile);
  if (template === null || template.trim() === '') {
    throw new Error(
      `jobscript_template: not configured (${template === null ? 'null' : 'empty'} in ${where}); expected a job-script template in config.ts, e.g. SLURM_EXAMPLE of config.template.ts`,
    );
  }
  const values = jobScriptValues(runDir, options);
  const text = fillTemplate(template, values);
  const path = join(resolve(runDir), `job_script_${values.label}.sh`);
  writeFileAtomic(path, text.endsWith('\n') ? text : `${text}\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * Submits a job script: runs the submit command with the script's path appended, in the script's
 * folder. Resolves with its output; rejects when it cannot be started or exits with an error.
 */
export async function submitJob(scriptPath: string, options: SubmitOptions = {}): Promise<SubmitResult> {
  const { value: cmd, where } = await optionOrConfig(options.submitCmd, 'submit_cmd', options.configFile);
  const words = cmd === null ? [] : Array.isArray(cmd) ? cmd : cmd.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    throw new Error(`submit_cmd: not configured (${JSON.stringify(cmd)} in ${where}); expected the command of the cluster's queue, e.g. 'sbatch'`);
  }
  const script = resolve(scriptPath);
  if (!existsSync(script)) throw new Error(`job script: ${script} not found; expected the file written by writeJobScript`);
  const argv = [...words, script];
  return new Promise<SubmitResult>((resolvePromise, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: dirname(script), stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? 'not found' : err.code === 'EACCES' ? 'not executable' : err.message;
      reject(new Error(`submit_cmd: cannot run '${argv[0]}' (${why}); expected an executable on PATH, e.g. sbatch`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise({ argv, stdout, stderr });
      else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(new Error(`submit_cmd: '${argv.join(' ')}' ${how}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
      }
    });
  });
}

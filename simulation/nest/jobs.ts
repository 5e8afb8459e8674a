/**
 * Cluster jobs for exported NEST runs: the job-script template and submit command from the user
 * configuration (config.ts), the job script written into a run folder, and its submission with the
 * submit command (run directly, without a shell, in the run folder).
 */
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { loadUserConfig, writeFileAtomic, type UserConfig } from '../../core/index.ts';
import { renderJobScript, type JobScriptText } from './job-script.ts';
import { jobScriptFile, SIM_FILE } from './run-files.ts';
import { NEST_SIM_FORMAT, NEST_SIM_VERSION, type NestSimSpec } from './sim-spec.ts';

export interface JobScriptOptions extends Omit<JobScriptText, 'template'> {
  /** Job-script template; default: jobscript_template of the user configuration. */
  template?: string | null;
  /** Config file to read instead of the default (see loadUserConfig). */
  configFile?: string;
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

/** The value given in the options, else entry `key` of the user configuration; `where` names its source for errors. */
async function optionOrConfig<K extends keyof UserConfig, G>(given: G | undefined, key: K, configFile: string | undefined): Promise<{ value: G | UserConfig[K]; where: string }> {
  if (given !== undefined) return { value: given, where: 'the given options' };
  const config = await loadUserConfig({ configFile });
  return { value: config[key], where: config.source ?? 'the defaults of config.template.ts (no config.ts)' };
}

/** The job-script template: the given one, else jobscript_template of the user configuration; an error when there is none. */
export async function resolveJobTemplate(options: { template?: string | null; configFile?: string } = {}): Promise<string> {
  const { value: template, where } = await optionOrConfig(options.template, 'jobscript_template', options.configFile);
  if (template === null || template.trim() === '') {
    throw new Error(
      `jobscript_template: not configured (${template === null ? 'null' : 'empty'} in ${where}); expected a job-script template in config.ts, e.g. SLURM_EXAMPLE of config.template.ts`,
    );
  }
  return template;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The submit command as program and arguments: the given one, else submit_cmd of the user
 * configuration. An error when there is none or its program is not an executable file (on PATH).
 */
export async function resolveSubmitCommand(options: SubmitOptions = {}): Promise<string[]> {
  const { value: cmd, where } = await optionOrConfig(options.submitCmd, 'submit_cmd', options.configFile);
  const words = cmd === null ? [] : Array.isArray(cmd) ? cmd : cmd.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    throw new Error(`submit_cmd: not configured (${JSON.stringify(cmd)} in ${where}); expected the command of the cluster's queue, e.g. 'sbatch'`);
  }
  // A path is taken from the current folder (the submission runs in the run folder).
  const program = words[0].includes('/') ? resolve(words[0]) : words[0];
  const found = program.includes('/')
    ? isExecutable(resolve(program))
    : (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && isAbsolute(d) && isExecutable(join(d, program)));
  if (!found) {
    throw new Error(`submit_cmd: cannot run '${program}' (${program.includes('/') ? 'not an executable file' : 'not found on PATH'}; from ${where}); expected an executable, e.g. sbatch`);
  }
  return [program, ...words.slice(1)];
}

/**
 * Fills the job-script template for an exported run folder and writes it there as
 * job_script_<label>.sh (executable). Returns its path. (`exportNestRun` with `jobScript` writes it
 * with the folder.)
 */
export async function writeJobScript(runDir: string, options: JobScriptOptions = {}): Promise<string> {
  const template = await resolveJobTemplate(options);
  const sim = readNestSimSpec(runDir);
  const text = renderJobScript(sim, { ...options, template });
  const path = join(resolve(runDir), jobScriptFile(sim.label));
  writeFileAtomic(path, text);
  chmodSync(path, 0o755);
  return path;
}

/**
 * Submits a job script: runs the submit command with the script's path appended, in the script's
 * folder (the run folder, where the job starts). Resolves with its output; rejects when it cannot be
 * started or exits with an error.
 */
export async function submitJob(scriptPath: string, options: SubmitOptions = {}): Promise<SubmitResult> {
  const words = await resolveSubmitCommand(options);
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

/**
 * The job script of a NEST run folder: the user's template (jobscript_template of config.ts) filled
 * with the run's values. Everything in it is relative to the run folder, in which the job starts
 * (submitJob submits from there; Slurm and LSF start a job in the folder it was submitted from), so a
 * folder exported on one machine runs unchanged wherever it is copied.
 */
import { fillTemplate } from '../../core/index.ts';
import { SCRIPT_FILE } from './run-files.ts';
import type { NestSimSpec } from './sim-spec.ts';

export interface JobScriptText {
  /** Template of the job script; placeholders as in fillTemplate ({{ and }} for literal braces). */
  template: string;
  /** Value of {command}, itself a template of the other placeholders; default: defaultNestCommand(num_processes). */
  command?: string;
  /** Value of {base_path}; default '.', the run folder. */
  basePath?: string;
}

/** Quotes a word for a POSIX shell when it holds anything but plainly safe characters. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs a run folder from inside it: python3 run_nest.py, under `mpirun -n P` when P > 1. */
export function defaultNestCommand(numProcesses: number): string {
  const run = `python3 ${SCRIPT_FILE}`;
  return numProcesses > 1 ? `mpirun -n ${numProcesses} ${run}` : run;
}

/**
 * Placeholder values of a run's job script. Paths are relative to the run folder: {sim_dir} and
 * {base_path} (the folder of the code the job runs, as in upstream's templates) are '.'.
 * {command} is filled from the other values, so `--command 'srun -n {num_processes} ...'` works.
 */
export function jobScriptValues(sim: NestSimSpec, options: Omit<JobScriptText, 'template'> = {}): Record<string, string | number> {
  const values: Record<string, string | number> = {
    base_path: options.basePath ?? '.',
    sim_dir: '.',
    label: sim.label,
    network_label: sim.network_label,
    num_processes: sim.num_processes,
    local_num_threads: sim.local_num_threads,
    num_vp: sim.num_processes * sim.local_num_threads,
  };
  const command = options.command === undefined ? defaultNestCommand(sim.num_processes) : fillTemplate(options.command, values, '--command');
  return { ...values, command };
}

/** The job script of `sim` from a template (ends with a newline). */
export function renderJobScript(sim: NestSimSpec, job: JobScriptText): string {
  if (job.template.trim() === '') throw new Error('jobscript_template: empty; expected a job-script template, e.g. SLURM_EXAMPLE of config.template.ts');
  const text = fillTemplate(job.template, jobScriptValues(sim, job));
  return text.endsWith('\n') ? text : `${text}\n`;
}

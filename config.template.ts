/**
 * User configuration template. Copy this file to `config.ts` (git-ignored) in the project root and
 * edit the copy; without a `config.ts` these defaults apply. Read it with `loadUserConfig()` from
 * multiarea/ (the environment variable MULTIAREA_CONFIG may point at another config file).
 *
 * Job-script placeholders, filled by the simulation's job submission:
 *   {base_path}          absolute path of the project
 *   {sim_dir}            folder of the simulation's outputs (<data_path>/<label>)
 *   {label}              simulation label
 *   {network_label}      network (model) label
 *   {num_processes}      number of processes
 *   {local_num_threads}  threads per process
 *   {command}            the command that runs the simulation (e.g. `npx mam simulate --label ...`)
 */
export interface UserConfig {
  /** Where models, simulations and analyses are stored; relative paths are taken from the config file's folder. */
  data_path: string;
  /** Job script for a cluster queue; `null` runs simulations directly. */
  jobscript_template: string | null;
  /** Command that submits a job script (its path is appended), e.g. 'sbatch'; `null` when not on a cluster. */
  submit_cmd: string | null;
}

/** Example job script for the Slurm queueing system (set `jobscript_template: SLURM_EXAMPLE`). */
export const SLURM_EXAMPLE = `#!/bin/bash
#SBATCH --job-name MAM
#SBATCH -o {sim_dir}/{label}.%j.o
#SBATCH -e {sim_dir}/{label}.%j.e
#SBATCH --mem=120G
#SBATCH --time=06:00:00
#SBATCH --exclusive
#SBATCH --cpus-per-task={local_num_threads}
#SBATCH --ntasks={num_processes}
cd {base_path}
{command}
`;

const config: UserConfig = {
  data_path: './simulations',
  jobscript_template: null,
  submit_cmd: null,
  // On a Slurm cluster, for example:
  // jobscript_template: SLURM_EXAMPLE,
  // submit_cmd: 'sbatch',
};

export default config;

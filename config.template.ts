/**
 * User configuration template. Copy this file to `config.ts` (git-ignored) in the project root, or
 * anywhere else and name it with `--config <file>` / MULTIAREA_CONFIG, and edit the copy; without a
 * config file these defaults apply. Read it with `loadUserConfig()` of core/.
 *
 * Job-script placeholders, filled by `mam nest-export --job/--submit` (docs/nest-export.md). The job
 * starts in the run folder (it is submitted from there), so paths in it are relative to that folder
 * and the folder can be copied to another machine:
 *   {sim_dir}            the run folder: '.'
 *   {base_path}          the folder of the code the job runs: '.' (the run folder holds run_nest.py)
 *   {label}              run label (32 hex digits)
 *   {network_label}      network (model) label
 *   {num_processes}      MPI processes
 *   {local_num_threads}  threads per process
 *   {num_vp}             virtual processes, num_processes x local_num_threads
 *   {command}            the command that runs NEST: `python3 run_nest.py`, under `mpirun -n P` when
 *                        P > 1, or `--command`, which may use the other placeholders
 * Braces that are not placeholders are written twice, as in Python's str.format: `${{SLURM_JOB_ID}}`
 * gives `${SLURM_JOB_ID}`, `f() {{ ...; }}` gives `f() { ...; }`. A single brace is an error.
 */
export interface UserConfig {
  /** Where models, simulations and analyses are stored; relative paths are taken from the config file's folder. */
  data_path: string;
  /** Job script for a cluster queue; `null` runs simulations directly. */
  jobscript_template: string | null;
  /** Command that submits a job script (its path is appended), e.g. 'sbatch'; `null` when not on a cluster. */
  submit_cmd: string | null;
}

/**
 * Example job script for the Slurm queueing system (set `jobscript_template: SLURM_EXAMPLE`). Slurm
 * starts the job in the folder it was submitted from: the run folder. (In a template literal, a
 * shell variable is written `\${{NAME}}`.)
 */
export const SLURM_EXAMPLE = `#!/bin/bash
#SBATCH --job-name MAM
#SBATCH -o {sim_dir}/{label}.%j.o
#SBATCH -e {sim_dir}/{label}.%j.e
#SBATCH --mem=120G
#SBATCH --time=06:00:00
#SBATCH --exclusive
#SBATCH --cpus-per-task={local_num_threads}
#SBATCH --ntasks={num_processes}
echo "job \${{SLURM_JOB_ID}}: run {label} on \${{SLURM_JOB_NUM_NODES}} node(s)"
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

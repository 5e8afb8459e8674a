/** The files of a NEST run folder (docs/nest-export.md, "The run folder"). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python');
/** The PyNEST script copied into every run folder. */
export const RUN_NEST_SCRIPT = join(PYTHON_DIR, 'run_nest.py');
/** The reader of our JSON formats that run_nest.py imports, copied beside it. */
export const FORMATS_MODULE = join(PYTHON_DIR, 'mam_formats.py');
export const NETWORK_FILE = 'network.json';
export const SIM_FILE = 'sim.json';
export const SCRIPT_FILE = 'run_nest.py';
export const FORMATS_FILE = 'mam_formats.py';

/** File name of the job script of the run labelled `label`. */
export function jobScriptFile(label: string): string {
  return `job_script_${label}.sh`;
}

/** `mam nest-export`: write a NEST 3 run folder for a network and simulation; optionally submit it to a cluster queue. */
import { Command } from 'commander';
import {
  defaultNestCommand,
  exportNestRun,
  resolveJobTemplate,
  resolveSubmitCommand,
  shellQuote,
  submitJob,
  type NestExportResult,
  type SubmitResult,
} from '../../simulation/index.ts';
import { addModelOptions, addSimOptions, decimal, modelFromOptions, optionParser, simParamsFromOptions, wholeNumber } from './command-options.ts';

export interface NestExportCommandOptions {
  params?: string;
  sim?: string;
  out: string;
  scale?: number;
  areas?: string[];
  tSim?: number;
  threads?: number;
  numProcesses?: number;
  ratesWindow?: [number, number];
  force?: boolean;
  job?: boolean;
  submit?: boolean;
  command?: string;
  /** User configuration file (default: config.ts / $MULTIAREA_CONFIG). */
  config?: string;
}

const ratesWindow = optionParser('--rates-window', 'start,stop in ms with 0 <= start < stop (e.g. 500,10500)', (v): [number, number] | undefined => {
  const [start, stop, ...rest] = v.split(',').map(decimal);
  return rest.length === 0 && start !== undefined && stop !== undefined && start >= 0 && start < stop ? [start, stop] : undefined;
});

/**
 * Runs the export as the CLI does; returns the run folder, and the job script and submission when
 * asked for. The configuration (template, submit command) and --command are checked before anything
 * is written; the job script is written with the folder. Only the submission itself can fail after
 * the (complete) folder is written: that error says so.
 */
export async function runNestExport(
  opts: NestExportCommandOptions,
): Promise<{ result: NestExportResult; jobScript: string | null; submission: SubmitResult | null }> {
  if (opts.command !== undefined && !opts.job && !opts.submit) throw new Error('--command: only used with --job or --submit; expected one of them too');
  const template = opts.job || opts.submit ? await resolveJobTemplate({ configFile: opts.config }) : null;
  const submitCmd = opts.submit ? await resolveSubmitCommand({ configFile: opts.config }) : null;
  const { model, baseDir } = modelFromOptions(opts);
  const sim = simParamsFromOptions(opts);
  const result = exportNestRun(model, sim, opts.out, {
    baseDir,
    numProcesses: opts.numProcesses,
    ratesWindowMs: opts.ratesWindow,
    overwrite: opts.force,
    jobScript: template === null ? undefined : { template, command: opts.command },
  });
  let submission: SubmitResult | null = null;
  if (submitCmd !== null) {
    try {
      submission = await submitJob(result.jobScript!, { submitCmd });
    } catch (err) {
      throw new Error(`run folder ${result.dir} written (complete); submitting ${result.jobScript} failed: ${(err as Error).message}`);
    }
  }
  return { result, jobScript: result.jobScript, submission };
}

export function nestExportCommand(): Command {
  const cmd = new Command('nest-export')
    .requiredOption('-o, --out <dir>', 'run folder to create (must be new or empty unless --force)');
  return addSimOptions(addModelOptions(cmd), '; num_processes = MPI processes')
    .option('--threads <n>', 'threads per MPI process (local_num_threads)', wholeNumber('--threads'))
    .option('--num-processes <n>', 'MPI processes (overrides num_processes of --sim)', wholeNumber('--num-processes'))
    .option('--rates-window <start,stop>', 'window of rates.json in ms (default: 0,t_sim)', ratesWindow)
    .option('--force', 'replace an existing non-empty --out folder')
    .option('--job', 'also write the job script from jobscript_template of config.ts')
    .option('--submit', 'write the job script and submit it with submit_cmd of config.ts')
    .option('--command <cmd>', 'command of the job script ({command}; may use the other placeholders, e.g. {num_processes}); default: python3 run_nest.py, under mpirun -n P when P > 1')
    .option('--config <file>', 'user configuration file instead of config.ts')
    .addHelpText(
      'after',
      `
Examples:
  npx mam nest-export --params net.yaml --sim sim.yaml --out runs/full
  npx mam nest-export --scale 0.01 --areas V1,V2 --t-sim 1000 --out runs/small
  npx mam nest-export --params net.yaml --sim sim.yaml --out runs/full --num-processes 8 --threads 16 --submit

Run it with NEST 3 from the run folder: python3 run_nest.py (mpirun -n P python3 run_nest.py for P processes).
The folder is self-contained and may be copied anywhere (e.g. to a cluster); job scripts start in it.
It writes <out>/recordings/ (spikes, populations.json, run logs) and <out>/rates.json ("area-pop" -> spikes/s).
See docs/nest-export.md.`,
    )
    .action(async (opts: NestExportCommandOptions) => {
      const { result, jobScript, submission } = await runNestExport(opts);
      const n = result.network;
      const neurons = n.populations.reduce((s, p) => s + p.size, 0);
      const synapses = n.projections.reduce((s, p) => s + p.synapses, 0);
      console.log(`Simulation ${result.label} of network ${result.networkLabel}: ${neurons} neurons, ${synapses} synapses, ${n.areas_simulated.length} area(s)`);
      console.log(`Run folder: ${result.dir}`);
      if (jobScript) console.log(`Job script: ${jobScript}`);
      if (submission) console.log(`Submitted: ${submission.argv.join(' ')}${submission.stdout.trim() ? `\n${submission.stdout.trim()}` : ''}`);
      else console.log(`Run with NEST 3: cd ${shellQuote(result.dir)} && ${defaultNestCommand(result.sim.num_processes)}`);
    });
}

/** `mam nest-export`: write a NEST 3 run folder for a network and simulation; optionally submit it to a cluster queue. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import yaml from 'js-yaml';
import * as multiarea from '../../multiarea/index.ts';
import { exportNestRun, submitJob, writeJobScript, type NestExportResult, type SubmitResult } from '../../simulation/index.ts';
import { readParamsFile } from './export.ts';

const BUNDLED_FULLSCALE_RATES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'multiarea', 'fullscale_rates.json');

export interface NestExportCommandOptions {
  params?: string;
  sim?: string;
  out: string;
  scale?: number;
  areas?: string;
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

function readSimParamsFile(path: string): Record<string, unknown> {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`--sim: file not found: ${file}; expected a .json or .yaml file of simulation parameters`);
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (err) {
    throw new Error(`--sim ${file}: cannot be read (${(err as Error).message})`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`--sim ${file}: got ${JSON.stringify(value)}; expected an object of simulation parameters`);
  return value as Record<string, unknown>;
}

function positiveNumber(name: string) {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`${name}: got '${v}'; expected a number > 0`);
    return x;
  };
}

function wholeNumber(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: got '${v}'; expected a whole number >= 1`);
    return n;
  };
}

function window(v: string): [number, number] {
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new Error(`--rates-window: got '${v}'; expected start,stop in ms (e.g. 500,10500)`);
  return [parts[0], parts[1]];
}

/** Runs the export as the CLI does; returns the run folder, and the job script and submission when asked for. */
export async function runNestExport(
  opts: NestExportCommandOptions,
): Promise<{ result: NestExportResult; jobScript: string | null; submission: SubmitResult | null }> {
  const net: any = opts.params ? readParamsFile(opts.params) : {};
  const baseDir = opts.params ? dirname(resolve(opts.params)) : process.cwd();
  if (opts.scale !== undefined) {
    net.N_scaling = opts.scale;
    net.K_scaling = opts.scale;
    // Down-scaling needs full-scale rates; the bundled ones apply unless the file names others.
    if (opts.scale !== 1 && net.fullscale_rates === undefined) net.fullscale_rates = BUNDLED_FULLSCALE_RATES;
  }
  const sim: any = opts.sim ? readSimParamsFile(opts.sim) : {};
  if (opts.tSim !== undefined) sim.t_sim = opts.tSim;
  if (opts.threads !== undefined) {
    sim.threads = opts.threads;
    delete sim.local_num_threads;
  }
  if (opts.areas !== undefined) sim.areas_simulated = opts.areas.split(',').map((a) => a.trim()).filter(Boolean);
  let model: InstanceType<typeof multiarea.MultiAreaModel>;
  try {
    model = new multiarea.MultiAreaModel(net, { baseDir });
  } catch (err) {
    throw new Error(`${(err as Error).message}${opts.params ? ` (from ${resolve(opts.params)})` : ''}`);
  }
  const result = exportNestRun({ arrays: () => model.arrays(), params: model.params, label: model.label }, sim, opts.out, {
    baseDir,
    numProcesses: opts.numProcesses,
    ratesWindowMs: opts.ratesWindow,
    overwrite: opts.force,
  });
  let jobScript: string | null = null;
  let submission: SubmitResult | null = null;
  if (opts.job || opts.submit) jobScript = await writeJobScript(result.dir, { command: opts.command, configFile: opts.config });
  if (opts.submit) submission = await submitJob(jobScript!, { configFile: opts.config });
  return { result, jobScript, submission };
}

export function nestExportCommand(): Command {
  return new Command('nest-export')
    .description('Write a NEST 3 run folder (network.json, sim.json, run_nest.py) for a network and simulation; optionally submit it to a cluster')
    .requiredOption('-o, --out <dir>', 'run folder to create (must be new or empty unless --force)')
    .option('-p, --params <file>', 'network parameters (.json/.yaml, upstream nesting, as for `mam export`)')
    .option('-s, --sim <file>', 'simulation parameters (.json/.yaml, upstream sim_params nesting; num_processes = MPI processes)')
    .option('--scale <s>', 'shortcut: N_scaling = K_scaling = s (bundled full-scale rates unless --params names others)', positiveNumber('--scale'))
    .option('--areas <list>', 'shortcut: areas_simulated, comma-separated (e.g. V1,V2)')
    .option('--t-sim <ms>', 'shortcut: simulated time (ms)', positiveNumber('--t-sim'))
    .option('--threads <n>', 'threads per MPI process (local_num_threads)', wholeNumber('--threads'))
    .option('--num-processes <n>', 'MPI processes (overrides num_processes of --sim)', wholeNumber('--num-processes'))
    .option('--rates-window <start,stop>', 'window of rates.json in ms (default: 0,t_sim)', window)
    .option('--force', 'replace an existing non-empty --out folder')
    .option('--job', 'also write the job script from jobscript_template of config.ts')
    .option('--submit', 'write the job script and submit it with submit_cmd of config.ts')
    .option('--command <cmd>', 'command of the job script ({command}); default: python3 <out>/run_nest.py, under mpirun -n P when P > 1')
    .option('--config <file>', 'user configuration file instead of config.ts')
    .addHelpText(
      'after',
      `
Examples:
  npx mam nest-export --params net.yaml --sim sim.yaml --out runs/full
  npx mam nest-export --scale 0.01 --areas V1,V2 --t-sim 1000 --out runs/small
  npx mam nest-export --params net.yaml --sim sim.yaml --out runs/full --num-processes 8 --threads 16 --submit

Run it with NEST 3: python3 <out>/run_nest.py (or mpirun -n P python3 <out>/run_nest.py).
It writes <out>/recordings/ (spikes, populations.json, run logs) and <out>/rates.json ("area-pop" -> spikes/s).
See docs/nest-export.md.`,
    )
    .action(async (opts: NestExportCommandOptions) => {
      try {
        const { result, jobScript, submission } = await runNestExport(opts);
        const n = result.network;
        const neurons = n.populations.reduce((s, p) => s + p.size, 0);
        const synapses = n.projections.reduce((s, p) => s + p.synapses, 0);
        console.log(`Simulation ${result.label} of network ${result.networkLabel}: ${neurons} neurons, ${synapses} synapses, ${n.areas_simulated.length} area(s)`);
        console.log(`Run folder: ${result.dir}`);
        if (jobScript) console.log(`Job script: ${jobScript}`);
        if (submission) console.log(`Submitted: ${submission.argv.join(' ')}${submission.stdout.trim() ? `\n${submission.stdout.trim()}` : ''}`);
        else console.log(`Run with NEST 3: python3 ${result.dir}/run_nest.py`);
      } catch (err) {
        console.error(`mam nest-export: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}

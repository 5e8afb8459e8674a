/**
 * `mam simulate`: build the network from a parameter file and simulate it with our engine;
 * `mam rates`: population rates of a finished (or interrupted) run.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import yaml from 'js-yaml';
import * as multiarea from '../../multiarea/index.ts';
import { Simulation, type RunLog } from '../../simulation/index.ts';
import { readParamsFile } from './export.ts';

const BUNDLED_FULLSCALE_RATES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'multiarea', 'fullscale_rates.json');

function readSimFile(path: string): Record<string, any> {
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
  return value as Record<string, any>;
}

function positiveNumber(name: string) {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`${name}: got '${v}'; expected a number > 0`);
    return x;
  };
}

export interface SimulateCommandOptions {
  params?: string;
  sim?: string;
  threads?: number;
  out?: string;
  scale?: number;
  tSim?: number;
  areas?: string;
  seed?: number;
  progress?: boolean;
}

/** Runs a simulation as the CLI does; returns the run folder and its log. */
export async function runSimulate(opts: SimulateCommandOptions): Promise<{ dir: string; log: RunLog }> {
  const net: any = opts.params ? readParamsFile(opts.params) : {};
  const baseDir = opts.params ? dirname(resolve(opts.params)) : process.cwd();
  if (opts.scale !== undefined) {
    net.N_scaling = opts.scale;
    net.K_scaling = opts.scale;
    // Down-scaling needs full-scale rates; the bundled ones apply unless the file names others.
    if (opts.scale !== 1 && net.fullscale_rates === undefined) net.fullscale_rates = BUNDLED_FULLSCALE_RATES;
  }
  const sim: any = opts.sim ? readSimFile(opts.sim) : {};
  if (opts.tSim !== undefined) sim.t_sim = opts.tSim;
  if (opts.threads !== undefined) {
    sim.threads = opts.threads;
    delete sim.local_num_threads;
  }
  if (opts.seed !== undefined) sim.rng_seed = opts.seed;
  if (opts.areas !== undefined) sim.areas_simulated = opts.areas.split(',').map((a) => a.trim()).filter(Boolean);
  let model: InstanceType<typeof multiarea.MultiAreaModel>;
  try {
    model = new multiarea.MultiAreaModel(net, { baseDir });
  } catch (err) {
    throw new Error(`${(err as Error).message}${opts.params ? ` (from ${resolve(opts.params)})` : ''}`);
  }
  const simulation = await Simulation.create(model, sim, { dataPath: opts.out ? resolve(opts.out) : undefined, baseDir });
  console.log(`Simulation ${simulation.label}: ${simulation.plan.totalNeurons} neurons, ${simulation.params.t_sim} ms, ${simulation.params.threads} thread(s)`);
  console.log(`Output: ${simulation.dataDir}`);
  const bar = opts.progress === false || !process.stderr.isTTY
    ? null
    : new cliProgress.SingleBar(
        { format: ' {bar} {value}/{total} ms simulated | wall {wall} s | {speed} ms/s', hideCursor: true, synchronousUpdate: true, fps: 5 },
        cliProgress.Presets.shades_classic,
      );
  bar?.start(simulation.params.t_sim, 0, { wall: '0.0', speed: '-' });
  const onSigint = () => simulation.requestStop();
  process.once('SIGINT', onSigint);
  let log: RunLog;
  try {
    log = await simulation.run({
      onProgress: (p) => bar?.update(Math.round(p.simulatedMs * 10) / 10, { wall: p.wallS.toFixed(1), speed: p.wallS > 0 ? (p.simulatedMs / p.wallS).toFixed(1) : '-' }),
    });
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
  }
  return { dir: simulation.dataDir, log };
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Simulate the spiking multi-area network (iaf_psc_exp, NEST semantics) and record spikes')
    .option('-p, --params <file>', 'network parameters (.json/.yaml, upstream nesting, as for `mam export`)')
    .option('-s, --sim <file>', 'simulation parameters (.json/.yaml, upstream sim_params nesting)')
    .option('--threads <n>', 'worker threads (results do not depend on it)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--threads: got '${v}'; expected a whole number >= 1`);
      return n;
    })
    .option('-o, --out <dir>', 'root folder of outputs (default: data_path of config.ts); the run goes to <dir>/<label>/')
    .option('--scale <s>', 'shortcut: N_scaling = K_scaling = s (bundled full-scale rates unless --params names others)', positiveNumber('--scale'))
    .option('--t-sim <ms>', 'shortcut: simulated time (ms)', positiveNumber('--t-sim'))
    .option('--areas <list>', 'shortcut: areas_simulated, comma-separated (e.g. V1,V2)')
    .option('--seed <n>', 'shortcut: rng_seed', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`--seed: got '${v}'; expected a whole number >= 0`);
      return n;
    })
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      `
Examples:
  npx mam simulate --scale 0.01 --t-sim 1000 --threads 2
  npx mam simulate --params net.yaml --sim sim.yaml --out ./simulations
  npx mam simulate --params net.yaml --areas V1,V2 --t-sim 500

Outputs: params.json, populations.json, spikes-<k>.bin (format in simulation/recording/format.ts),
vm-<k>.bin when recording_dict.record_vm, run_log.json. Exit code 2 when runaway activity stopped the run.`,
    )
    .action(async (opts: SimulateCommandOptions) => {
      let result: Awaited<ReturnType<typeof runSimulate>>;
      try {
        result = await runSimulate(opts);
      } catch (err) {
        console.error(`mam simulate: ${(err as Error).message}`);
        process.exitCode = 1;
        return;
      }
      const { dir, log } = result;
      console.log(log.message);
      console.log(
        `build ${log.build_time_s.toFixed(2)} s, simulate ${log.simulate_time_s.toFixed(2)} s, ${log.spikes} spikes, ` +
          `${log.synapses} synapses (${log.bytes_per_synapse} bytes each), peak RSS ${(log.peak_rss_bytes / 2 ** 20).toFixed(0)} MiB`,
      );
      console.log(`Run folder: ${dir}`);
      if (log.status === 'runaway') process.exitCode = 2;
      else if (log.status === 'interrupted') process.exitCode = 130;
    });
}

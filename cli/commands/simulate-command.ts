/**
 * `mam simulate`: build the network from a parameter file and simulate it with our engine.
 */
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { Simulation, type RunLog } from '../../simulation/index.ts';
import { addModelOptions, addSimOptions, modelFromOptions, simParamsFromOptions, wholeNumber } from './command-options.ts';

/** Exit code of a run stopped by runaway activity (2 is taken by usage errors). */
export const EXIT_RUNAWAY = 3;

export interface SimulateCommandOptions {
  params?: string;
  sim?: string;
  threads?: number;
  out?: string;
  scale?: number;
  tSim?: number;
  areas?: string[];
  seed?: number;
  progress?: boolean;
}

/** Runs a simulation as the CLI does; returns the run folder and its log. */
export async function runSimulate(opts: SimulateCommandOptions): Promise<{ dir: string; log: RunLog }> {
  const { model, baseDir } = modelFromOptions(opts);
  const sim = simParamsFromOptions(opts);
  if (opts.seed !== undefined) sim.rng_seed = opts.seed;
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
  const cmd = new Command('simulate');
  return addSimOptions(addModelOptions(cmd))
    .option('--threads <n>', 'worker threads (results do not depend on it)', wholeNumber('--threads'))
    .option('-o, --out <dir>', 'root folder of outputs (default: data_path of config.ts); the run goes to <dir>/<label>/')
    .option('--seed <n>', 'shortcut: rng_seed', wholeNumber('--seed', 0))
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      `
Examples:
  npx mam simulate --scale 0.01 --t-sim 1000 --threads 2
  npx mam simulate --params net.yaml --sim sim.yaml --out ./simulations
  npx mam simulate --params net.yaml --areas V1,V2 --t-sim 500

Outputs: params.json, populations.json, spikes-<k>.bin (format in simulation/recording/record-format.ts),
vm-<k>.bin when recording_dict.record_vm, run_log.json. Exit codes: 3 when runaway activity stopped the run, 130 when interrupted (Ctrl-C).`,
    )
    .action(async (opts: SimulateCommandOptions) => {
      const { dir, log } = await runSimulate(opts);
      console.log(log.message);
      console.log(
        `build ${log.build_time_s.toFixed(2)} s, simulate ${log.simulate_time_s.toFixed(2)} s, ${log.spikes} spikes, ` +
          `${log.synapses} synapses (${log.bytes_per_synapse} bytes each), peak RSS ${(log.peak_rss_bytes / 2 ** 20).toFixed(0)} MiB`,
      );
      console.log(`Run folder: ${dir}`);
      if (log.status === 'runaway') process.exitCode = EXIT_RUNAWAY;
      else if (log.status === 'interrupted') process.exitCode = 130;
    });
}

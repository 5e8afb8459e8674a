/**
 * `mam simulate`: build the network from a parameter file and simulate it with our engine.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { DEFAULT_POPULATION, recordingToSonata, Simulation, type RunLog } from '../../simulation/index.ts';
import { addModelOptions, addSimOptions, modelFromOptions, simParamsFromOptions, wholeNumber } from './command-options.ts';

/** Exit code of a run stopped by runaway activity (2 is taken by usage errors). */
export const EXIT_RUNAWAY = 3;
/** Files of --spikes-format sonata in the run folder: spikes, and V_m when recorded. */
const SONATA_OUTPUTS = ['spikes.h5', 'membrane_potential.h5'] as const;

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
  /** 'sonata': also write the spikes as <run>/spikes.h5 (and V_m as <run>/membrane_potential.h5) after the run. */
  spikesFormat?: 'native' | 'sonata';
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
  // SONATA files of an earlier run of this label would no longer match its recordings.
  for (const f of SONATA_OUTPUTS) rmSync(join(simulation.dataDir, f), { force: true });
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
  if (opts.spikesFormat === 'sonata') {
    // A conversion of the run folder's own recording (also of a stopped run: it holds what was simulated).
    const vmOut = simulation.params.recording_dict.record_vm ? join(simulation.dataDir, SONATA_OUTPUTS[1]) : undefined;
    const r = await recordingToSonata(simulation.dataDir, join(simulation.dataDir, SONATA_OUTPUTS[0]), { population: DEFAULT_POPULATION, vmOut, vmOptional: true });
    console.log(`SONATA: ${r.spikes} spikes in ${join(simulation.dataDir, 'spikes.h5')}${r.vm ? `, V_m in ${vmOut}` : ''}`);
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
    .addOption(new Option('--spikes-format <format>', 'sonata: also write spikes.h5 (SONATA, population multiarea) in the run folder').choices(['native', 'sonata']).default('native'))
    .addHelpText(
      'after',
      `
Examples:
  npx mam simulate --scale 0.01 --t-sim 1000 --threads 2
  npx mam simulate --params net.yaml --sim sim.yaml --out ./simulations
  npx mam simulate --params net.yaml --areas V1,V2 --t-sim 500
  npx mam simulate --scale 0.01 --t-sim 1000 --spikes-format sonata

Outputs: params.json, populations.json, spikes-<k>.bin (format in simulation/recording/record-format.ts),
vm-<k>.bin when recording_dict.record_vm, run_log.json; with --spikes-format sonata also spikes.h5 and
membrane_potential.h5 (docs/sonata.md). Exit codes: 3 when runaway activity stopped the run, 130 when interrupted (Ctrl-C).`,
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

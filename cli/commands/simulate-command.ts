/**
 * `mam simulate`: build the network from a parameter file and simulate it with our engine, with an
 * estimate of memory and time first, progress with ETA for the build and the simulation, checkpoints,
 * and resumption of a killed run; `mam rates`: population rates of a finished (or interrupted) run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { DEFAULT_POPULATION, recordingToSonata, simulateSonata, Simulation, type RunLog, type RunProgress, type RunStart } from '../../simulation/index.ts';
import { addModelOptions, addSimOptions, modelFromOptions, positiveNumber, simParamsFromOptions, wholeNumber } from './command-options.ts';

/** Exit code of a run stopped by runaway activity (2 is taken by usage errors). */
export const EXIT_RUNAWAY = 3;
/** Exit code of a run stopped because its in-flight synaptic events outgrew the memory available. */
export const EXIT_MEMORY = 4;
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
  connectivity?: 'auto' | 'explicit' | 'procedural';
  checkpointEvery?: number;
  resume?: string;
  assumedRate?: number;
  /** A SONATA circuit or simulation config to simulate instead of the model. */
  sonata?: string;
}

const GiB = 2 ** 30;
const gib = (b: number) => `${(b / GiB).toFixed(b < GiB ? 2 : 1)} GiB`;

/** Seconds as "42 s", "12 min", "3.5 h". */
function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(0)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The model and simulation of a run folder to resume: from the options given, or from its params.json. */
function resumeSimulation(opts: SimulateCommandOptions): Promise<Simulation> {
  const dir = resolve(opts.resume!);
  const file = join(dir, 'params.json');
  if (!existsSync(file)) throw new Error(`--resume ${dir}: no params.json; expected the folder of a run that took checkpoints (<label>.incomplete or <label>)`);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  const model = opts.params || opts.scale !== undefined ? modelFromOptions(opts).model : new MultiAreaModel(saved.network_params);
  if (model.label !== saved.network_label) {
    throw new Error(`--resume ${dir}: the run is of network ${saved.network_label}, the options give ${model.label}; give the same --params/--scale as the run (or none)`);
  }
  const sim = { ...saved.sim_params };
  if (opts.threads !== undefined) sim.threads = sim.local_num_threads = opts.threads;
  if (opts.connectivity !== undefined) sim.connectivity = opts.connectivity;
  if (opts.checkpointEvery !== undefined) sim.checkpoint = { every_min: opts.checkpointEvery };
  return Promise.resolve(new Simulation(model, sim, { dataPath: dirname(dir), assumedRate_Hz: opts.assumedRate }));
}

function describeStart(s: RunStart, sim: Simulation): string[] {
  const e = s.estimate;
  const m = e.memory;
  return [
    `Simulation ${sim.label}: ${sim.plan.totalNeurons} neurons, ${e.synapses} synapses, ${sim.params.t_sim} ms, ${s.threads} thread(s)`,
    `Connectivity: ${s.connectivity} (${s.connectivityReason})`,
    `Estimated memory ${gib(m.total)} (neurons ${gib(m.neurons)}, connectivity ${gib(m.connectivity)}, in-flight events ${gib(m.events)}, fixed ${gib(m.fixed)}) ` +
      `of ${gib(s.availableBytes)} available (${s.availableSource})`,
    `Estimated build ${duration(e.buildWall_s)}, first steps ${duration(e.burstWall_s)} (the neurons whose initial V_m is above threshold fire at once), simulation ${duration(e.wallPerBio_s)} wall per simulated second ` +
      `(assuming ${e.rate_Hz} spikes/s: ${e.eventsPerS.toExponential(2)} synaptic events/s)`,
    s.resumedFromMs !== null ? `Resuming at ${s.resumedFromMs} ms from the checkpoint in ${s.runDir}` : `Output: ${s.runDir ?? '(none)'}`,
  ];
}

/**
 * Remaining time from the progress of the last minute or so (the first steps of a run, when every neuron
 * starting above threshold fires at once, are much slower than the rest).
 */
function etaEstimator() {
  const samples: { wallS: number; value: number }[] = [];
  return (wallS: number, value: number, total: number): number => {
    samples.push({ wallS, value });
    while (samples.length > 2 && wallS - samples[1].wallS >= 60) samples.shift();
    const first = samples[0];
    const rate = (value - first.value) / (wallS - first.wallS);
    if (value >= total) return 0;
    return rate > 0 ? (total - value) / rate : value > 0 ? (wallS * (total - value)) / value : Infinity;
  };
}

/** Progress display: bars on a terminal, a line every 30 s otherwise. */
function progressDisplay(enabled: boolean) {
  const tty = enabled && process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let lastLine = 0;
  let eta = etaEstimator();
  let etaPhase = '';
  return {
    update(p: RunProgress) {
      const [value, total] = p.phase === 'build' ? [p.buildDone, p.buildTotal] : [p.simulatedMs, p.totalMs];
      if (etaPhase !== p.phase) {
        eta = etaEstimator();
        etaPhase = p.phase;
      }
      const remaining = eta(p.wallS, value, total);
      if (tty) {
        if (phase !== p.phase) {
          bar?.stop();
          const format = p.phase === 'build' ? ' build    {bar} {percentage}% | {wall} | ETA {eta}' : ' simulate {bar} {value}/{total} ms | {wall} | ETA {eta}';
          bar = new cliProgress.SingleBar({ format, hideCursor: true, fps: 5, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
          bar.start(Math.max(total, 1), 0, { wall: '0 s', eta: '?' });
          phase = p.phase;
        }
        bar!.setTotal(Math.max(total, 1));
        bar!.update(p.phase === 'build' ? value : Math.round(value * 10) / 10, { wall: duration(p.wallS), eta: duration(remaining) });
      } else if (enabled && (performance.now() - lastLine > 30e3 || phase !== p.phase)) {
        lastLine = performance.now();
        phase = p.phase;
        const what = p.phase === 'build' ? `build ${total > 0 ? ((100 * value) / total).toFixed(0) : 0} %` : `simulated ${value.toFixed(1)} of ${total} ms`;
        console.error(`  ${what}, wall ${duration(p.wallS)}, ETA ${duration(remaining)}`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Options that describe the model's network or its run, which a SONATA config gives itself. */
const NOT_WITH_SONATA = ['params', 'sim', 'scale', 'tSim', 'areas', 'resume', 'checkpointEvery'] as const;

/** Simulates a SONATA circuit as the CLI does (docs/sonata.md, "Running SONATA circuits on our engine"). */
async function runSonata(opts: SimulateCommandOptions): Promise<{ dir: string; log: RunLog }> {
  const clash = NOT_WITH_SONATA.filter((k) => opts[k] !== undefined);
  if (clash.length > 0) throw new Error(`--sonata: the SONATA config gives the network and run (run.dt, run.tstop); drop ${clash.map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())).join(', ')}`);
  const display = progressDisplay(opts.progress !== false);
  let simulation: Simulation | null = null;
  const onSigint = () => {
    console.error('\nmam simulate: stopping at the end of the current ms (the spikes simulated so far are written)');
    simulation?.requestStop();
  };
  process.on('SIGINT', onSigint);
  try {
    const r = await simulateSonata(
      opts.sonata!,
      { threads: opts.threads, connectivity: opts.connectivity, seed: opts.seed, outputDir: opts.out ? resolve(opts.out) : undefined, onSimulation: (s) => (simulation = s) },
      { onStart: (s) => describeStart(s, simulation!).forEach((l) => console.log(l)), onProgress: (p) => display.update(p) },
    );
    display.stop();
    const counts = Object.entries(r.populations).map(([k, n]) => `${k}: ${n}`).join(', ');
    console.log(`SONATA spikes: ${r.spikesFile} (${counts || 'no spikes'}); ${r.neurons} neurons, ${r.virtualNodes} virtual nodes`);
    return { dir: r.runDir, log: r.log };
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
  }
}

/** Runs a simulation as the CLI does; returns the run folder and its log. */
export async function runSimulate(opts: SimulateCommandOptions): Promise<{ dir: string; log: RunLog }> {
  if (opts.sonata) return runSonata(opts);
  let simulation: Simulation;
  if (opts.resume) {
    simulation = await resumeSimulation(opts);
  } else {
    const { model, baseDir } = modelFromOptions(opts);
    const sim = simParamsFromOptions(opts);
    if (opts.seed !== undefined) sim.rng_seed = opts.seed;
    if (opts.connectivity !== undefined) sim.connectivity = opts.connectivity;
    if (opts.checkpointEvery !== undefined) sim.checkpoint = { every_min: opts.checkpointEvery };
    simulation = await Simulation.create(model, sim, { dataPath: opts.out ? resolve(opts.out) : undefined, baseDir, assumedRate_Hz: opts.assumedRate });
  }
  const display = progressDisplay(opts.progress !== false);
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) {
      console.error('\nmam simulate: stopped at once (the run folder stays as it is, marked .incomplete)');
      process.exit(130);
    }
    console.error('\nmam simulate: stopping (Ctrl-C again to quit at once)');
    simulation.requestStop();
  };
  process.on('SIGINT', onSigint);
  let log: RunLog;
  try {
    log = await simulation.run({
      resume: opts.resume ? resolve(opts.resume) : undefined,
      onStart: (s) => describeStart(s, simulation).forEach((l) => console.log(l)),
      onProgress: (p) => display.update(p),
    });
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
  }
  if (opts.spikesFormat === 'sonata' && existsSync(join(simulation.dataDir, 'run_log.json'))) {
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
    .addOption(new Option('--connectivity <mode>', 'explicit (synapses stored, 8 bytes each), procedural (regenerated when their source fires) or auto (explicit when it fits); same spikes either way').choices(['auto', 'explicit', 'procedural']))
    .option('--checkpoint-every <min>', 'write a checkpoint every <min> minutes of wall time (and on Ctrl-C)', positiveNumber('--checkpoint-every'))
    .option('--resume <dir>', 'continue the run in <dir> (<label>.incomplete) from its latest checkpoint')
    .option('--assumed-rate <spikes/s>', 'mean rate assumed by the memory and time estimates (default 5)', positiveNumber('--assumed-rate'))
    .option('--no-progress', 'no progress display')
    .option('--sonata <config>', 'simulate a SONATA point-neuron circuit (circuit_config.json with a run section, or simulation_config.json) as BMTK PointNet would; writes output.output_dir/spikes_file (SONATA) and our run folder there')
    .addOption(new Option('--spikes-format <format>', 'sonata: also write spikes.h5 (SONATA, population multiarea) in the run folder').choices(['native', 'sonata']).default('native'))
    .addHelpText(
      'after',
      `
Examples:
  npx mam simulate --scale 0.01 --t-sim 1000 --threads 2
  npx mam simulate --params net.yaml --sim sim.yaml --out ./simulations
  npx mam simulate --params net.yaml --areas V1,V2 --t-sim 500
  npx mam simulate --t-sim 10500 --threads 2 --checkpoint-every 30      # full scale, overnight
  npx mam simulate --resume simulations/<label>.incomplete              # after a crash or kill
  npx mam simulate --scale 0.01 --t-sim 1000 --spikes-format sonata
  npx mam simulate --sonata circuit/simulation_config.json --threads 2   # a BMTK PointNet circuit

--sonata: node types nest:iaf_psc_exp or nest:iaf_psc_alpha (parameters from their dynamics_params
JSON, NEST defaults otherwise; per-node V_m), nest:poisson_generator and virtual nodes; static_synapse edges (weight =
nsyns x syn_weight in pA, delay in ms); inputs: spikes (SONATA spike file, module sonata/h5/hdf5) and
IClamp (current_clamp amp pA / delay / duration, or a csv of timestamps and amps). Spikes go to
output.output_dir/output.spikes_file (-o replaces output_dir), one population per node population, with
the circuit's node ids; the run folder (<output_dir>/<label>/) is ours. run.random_seed (or --seed)
seeds the Poisson inputs. Anything else is refused with the file and field named (docs/sonata.md).

Before building, the memory and time the run needs are estimated (cost model of the engine) and the run
is refused when the memory is not available. The run is written to <label>.incomplete/ and renamed to
<label>/ when it ends; Ctrl-C stops it at the end of the current ms (with a checkpoint when checkpoints
are on; during the build it leaves nothing behind).

Outputs: params.json, populations.json, spikes-<k>.bin (format in simulation/recording/record-format.ts),
vm-<k>.bin when recording_dict.record_vm, run_log.json; with --spikes-format sonata also spikes.h5 and
membrane_potential.h5 (docs/sonata.md). Exit codes: 2 usage errors, 3 when runaway activity stopped the
run, 4 when in-flight events outgrew the memory, 130 when interrupted.`,
    )
    .action(async (opts: SimulateCommandOptions) => {
      const { dir, log } = await runSimulate(opts);
      console.log(log.message);
      console.log(
        `build ${log.build_time_s.toFixed(2)} s, simulate ${log.simulate_time_s.toFixed(2)} s, ${log.spikes} spikes, ` +
          `${log.synapses} synapses (${log.connectivity}), peak RSS ${(log.peak_rss_bytes / 2 ** 20).toFixed(0)} MiB`,
      );
      if (existsSync(join(dir, 'run_log.json'))) console.log(`Run folder: ${dir}`);
      if (log.status === 'runaway') process.exitCode = EXIT_RUNAWAY;
      else if (log.status === 'memory') process.exitCode = EXIT_MEMORY;
      else if (log.status === 'interrupted') process.exitCode = 130;
    });
}

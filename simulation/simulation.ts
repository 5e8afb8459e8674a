/**
 * `Simulation`: parameters, label and output folder of a spiking simulation of a multi-area network,
 * its resources (estimated before anything is built), and its execution on one or more threads, with
 * checkpoints and resumption.
 *
 * Outputs in `<dataPath>/<label>/` (written as `<label>.incomplete/` until the run ends):
 * `params.json` (full simulation parameters, network label and parameters), `populations.json`
 * (neuron id ranges), `spikes-<k>.bin` / `vm-<k>.bin` (recording/record-format.ts), `run_log.json`
 * (times, counts, memory, status) and, while a run can still be resumed, `checkpoint-<step>/`.
 */
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadUserConfig, normalTails, writeFileAtomic } from '../core/index.ts';
import type { NetworkSource } from '../multiarea/index.ts';
import { latestCheckpoint, removeCheckpoints, removeIncompleteCheckpoints, type CheckpointManifest } from './engine/checkpoint-files.ts';
import { estimateResources, populationCosts, type ResourceEstimate } from './engine/cost-model.ts';
import { assignPopulations } from './engine/layout.ts';
import { availableMemory, gib } from './engine/memory-info.ts';
import { buildPlan, type NetworkPlan } from './engine/plan.ts';
import { runEngine, type EngineProgress } from './engine/run-engine.ts';
import { finishRunFolder, freshRunFolder, INCOMPLETE_SUFFIX, incompleteDir, lockRunFolder, unlockRunFolder } from './engine/run-folder.ts';
import type { RunawayInfo } from './engine/runaway-guard.ts';
import type { ConnectivityMode } from './engine/shard.ts';
import { allocateShared, CTRL } from './engine/shared-control.ts';
import { buildNetworkDescription, type NetworkBuildOptions } from './network/build-network.ts';
import type { NetworkDescription } from './network/network-types.ts';
import { spikeRecordCounts } from './recording/record-reader.ts';
import { recordFileLayout, type RunLog } from './run-log.ts';
import { resolveSimulationParams, simulationLabel, type SimulationParams } from './simulation-params.ts';

export const DEFAULT_DATA_PATH = './simulations';
/** Mean rate (spikes/s) the estimates assume unless told otherwise: a little above the full-scale ground state's 3.7. */
export const DEFAULT_ASSUMED_RATE_HZ = 5;
/** Share of the available memory a run may plan to use. */
const MEMORY_SHARE = 0.9;

export interface SimulationOptions extends NetworkBuildOptions {
  /** Root folder of simulation outputs (default ./simulations). */
  dataPath?: string;
  /** Write no files (spikes are then only counted). */
  noOutput?: boolean;
  /** Mean rate (spikes/s) assumed by the memory and time estimates (default DEFAULT_ASSUMED_RATE_HZ). */
  assumedRate_Hz?: number;
  /** Tuning: bytes of input per input group of a worker (engine/layout.ts; default 1 MiB). Results do not depend on it. */
  inputGroupBytes?: number;
}

export type RunProgress = EngineProgress & { totalMs: number };

export interface RunOptions {
  onProgress?: (p: RunProgress) => void;
  /** Called once resources are decided, before anything is built. */
  onStart?: (info: RunStart) => void;
  /** Continue the run from the latest checkpoint: true = in this simulation's run folder, or the folder given. */
  resume?: boolean | string;
}

/** What a run decided before building. */
export interface RunStart {
  threads: number;
  connectivity: ConnectivityMode;
  /** Why this connectivity (auto mode says why). */
  connectivityReason: string;
  estimate: ResourceEstimate;
  availableBytes: number;
  availableSource: string;
  /** Run folder being written (null without output). */
  runDir: string | null;
  resumedFromMs: number | null;
}

export type { RunLog } from './run-log.ts';

export interface PopulationLayout {
  label: string;
  first: number;
  size: number;
  recordSpikes: boolean;
  nVm: number;
}

/**
 * A network given as the engine's plan (e.g. read from a SONATA circuit) instead of built from a
 * model; `params` are recorded in params.json. The plan's dt, steps and seed must be the simulation
 * parameters'.
 */
export interface PlannedNetwork {
  label: string;
  params: unknown;
  plan: NetworkPlan;
}

export class Simulation {
  readonly params: SimulationParams;
  readonly label: string;
  readonly dataDir: string;
  /** The simulated network, as every backend reads it (null for a planned network). */
  readonly description: NetworkDescription | null;
  /** The engine's view of it. */
  readonly plan: NetworkPlan;
  readonly assumedRate_Hz: number;
  private readonly inputGroupBytes: number | undefined;
  private readonly network: NetworkSource | PlannedNetwork;
  private readonly noOutput: boolean;
  private control: Int32Array | null = null;
  private checkpointing = false;

  constructor(network: NetworkSource | PlannedNetwork, simParams: unknown = {}, opts: SimulationOptions = {}) {
    this.network = network;
    this.params = resolveSimulationParams(simParams);
    if ('plan' in network) {
      const { plan } = network;
      const p = this.params;
      if (plan.dt_ms !== p.dt || plan.nSteps !== Math.round(p.t_sim / p.dt) || plan.seed !== p.rng_seed) {
        throw new Error(`network ${network.label}: its plan has dt ${plan.dt_ms} ms, ${plan.nSteps} steps, seed ${plan.seed}; the simulation parameters say dt ${p.dt} ms, t_sim ${p.t_sim} ms, rng_seed ${p.rng_seed}`);
      }
      this.description = null;
      this.plan = plan;
    } else {
      // Reads and checks every input file before anything is built or run.
      this.description = buildNetworkDescription(network, this.params, opts);
      this.plan = buildPlan(this.description, this.params);
    }
    this.label = simulationLabel(this.params, network.label);
    this.dataDir = resolve(opts.dataPath ?? DEFAULT_DATA_PATH, this.label);
    this.noOutput = opts.noOutput ?? false;
    this.assumedRate_Hz = opts.assumedRate_Hz ?? DEFAULT_ASSUMED_RATE_HZ;
    this.inputGroupBytes = opts.inputGroupBytes;
    if (!(this.assumedRate_Hz > 0)) throw new Error(`assumedRate_Hz: got ${opts.assumedRate_Hz}; expected spikes/s > 0`);
  }

  /**
   * Like the constructor, but with `dataPath` defaulting to `data_path` of the user configuration
   * (config.ts, see multiarea's loadUserConfig) instead of ./simulations.
   */
  static async create(network: NetworkSource, simParams: unknown = {}, opts: SimulationOptions = {}): Promise<Simulation> {
    const dataPath = opts.dataPath ?? (await loadUserConfig()).data_path;
    return new Simulation(network, simParams, { ...opts, dataPath });
  }

  get populations(): PopulationLayout[] {
    return this.plan.populations.map((p) => ({ label: p.label, first: p.first, size: p.size, recordSpikes: p.recordSpikes, nVm: p.nVm }));
  }

  /** Number of synapses of the network. */
  get synapseCount(): number {
    return this.plan.pathways.reduce((sum, p) => sum + p.count, 0);
  }

  /** Threads a run uses: as asked, but no more than there are populations to split. */
  get threads(): number {
    const populated = this.plan.populations.filter((p) => p.size > 0).length;
    return Math.max(1, Math.min(this.params.threads, populated));
  }

  /** Estimated memory and wall time (cost model of the engine) for a connectivity mode. */
  estimate(connectivity: ConnectivityMode): ResourceEstimate {
    const { V0_mean_mV, V0_sd_mV, neuron } = this.plan;
    const burstShare = V0_sd_mV > 0 ? normalTails((neuron.V_th - V0_mean_mV) / V0_sd_mV).upper : V0_mean_mV >= neuron.V_th ? 1 : 0;
    return estimateResources(this.plan, { connectivity, threads: this.threads, rate_Hz: this.assumedRate_Hz, burstShare });
  }

  /** The connectivity mode of a run given the memory available, why, and the run's estimate in that mode. */
  chooseConnectivity(availableBytes: number): { connectivity: ConnectivityMode; reason: string; estimate: ResourceEstimate } {
    const asked = this.params.connectivity;
    if (asked !== 'auto') return { connectivity: asked, reason: `connectivity = ${asked}`, estimate: this.estimate(asked) };
    const explicit = this.estimate('explicit');
    const bytes = explicit.memory.total;
    if (bytes <= MEMORY_SHARE * availableBytes) return { connectivity: 'explicit', reason: `auto: explicit synapses fit (${gib(bytes)} of ${gib(availableBytes)} available)`, estimate: explicit };
    return {
      connectivity: 'procedural',
      reason: `auto: explicit synapses would need ${gib(bytes)} of ${gib(availableBytes)} available, so they are regenerated when their source fires (procedural)`,
      estimate: this.estimate('procedural'),
    };
  }

  /** Asks a running simulation to stop at the end of the current ms (recorded data stays valid; a checkpoint is taken if checkpoints are on). */
  requestStop(): void {
    if (!this.control) return;
    // Checkpoint first: whoever decides the stop must see the checkpoint request too.
    if (this.checkpointing) Atomics.store(this.control, CTRL.CHECKPOINT_REQUEST, 1);
    Atomics.store(this.control, CTRL.STOP_REQUEST, 1);
  }

  async run(opts: RunOptions = {}): Promise<RunLog> {
    const threads = this.threads;
    const available = availableMemory();
    const { connectivity, reason, estimate } = this.chooseConnectivity(available.bytes);
    if (estimate.memory.total > MEMORY_SHARE * available.bytes) {
      const m = estimate.memory;
      throw new Error(
        `network too large for this machine: ${estimate.neurons} neurons, ${estimate.synapses} synapses with ${connectivity} connectivity need an estimated ${gib(m.total)} ` +
          `(neurons ${gib(m.neurons)}, connectivity ${gib(m.connectivity)}, in-flight events ${gib(m.events)} at ${estimate.rate_Hz} spikes/s, fixed ${gib(m.fixed)}); ` +
          `${gib(available.bytes)} are available (${available.source}), of which a run may use ${MEMORY_SHARE * 100} %. ` +
          (connectivity === 'explicit' ? 'Use connectivity procedural, or reduce N_scaling/K_scaling or areas_simulated' : 'Reduce N_scaling/K_scaling or areas_simulated, or free memory'),
      );
    }
    const { runDir, manifest } = this.prepareFolder(opts.resume);
    this.checkpointing = runDir !== null && this.params.checkpoint.every_min !== null;
    opts.onStart?.({ threads, connectivity, connectivityReason: reason, estimate, availableBytes: available.bytes, availableSource: available.source, runDir, resumedFromMs: manifest?.simulated_ms ?? null });

    const assignment = assignPopulations(populationCosts(this.plan, connectivity, this.assumedRate_Hz), threads);
    const sizes = assignment.map((pops) => pops.reduce((s, p) => s + this.plan.populations[p].size, 0));
    const shared = allocateShared(this.plan, sizes);
    this.control = new Int32Array(shared.control);
    const files = recordFileLayout(runDir, manifest, threads);
    const eventBudgetBytes = (MEMORY_SHARE * available.bytes - (estimate.memory.total - estimate.memory.events)) / threads;
    const totalMs = this.plan.nSteps * this.plan.dt_ms;
    let result;
    try {
      result = await runEngine({
        plan: this.plan,
        assignment,
        shared,
        options: { connectivity, eventBudgetBytes, inputGroupBytes: this.inputGroupBytes },
        fileIndices: files.indices,
        runDir,
        resume: manifest && { checkpoint: manifest, records: files.records, spikes: manifest.spikes, events: manifest.events },
        checkpointEveryMin: this.params.checkpoint.every_min,
        checkpointInfo: (steps, wallS) => ({
          label: this.label,
          network_label: this.network.label,
          simulated_ms: steps * this.plan.dt_ms,
          threads,
          connectivity,
          closed_files: files.closed,
          simulate_wall_s: wallS,
        }),
        onProgress: opts.onProgress && ((p) => opts.onProgress!({ ...p, totalMs })),
      });
    } catch (err) {
      if (runDir) unlockRunFolder(runDir);
      throw err;
    } finally {
      this.control = null;
    }
    if (result.cancelled) {
      // Nothing valid was written: a new run folder goes; a resumed one stays as it was.
      if (runDir && !manifest) rmSync(runDir, { recursive: true, force: true });
      else if (runDir) unlockRunFolder(runDir);
    }
    const log = this.runLog(result, { threads, connectivity, estimate, available: available.bytes, manifest, totalMs, runDir });
    if (runDir && !result.cancelled) {
      if (log.status !== 'interrupted') removeCheckpoints(runDir);
      writeFileAtomic(join(runDir, 'run_log.json'), JSON.stringify(log, null, 1));
      finishRunFolder(runDir, runDir.endsWith(INCOMPLETE_SUFFIX) ? runDir.slice(0, -INCOMPLETE_SUFFIX.length) : runDir);
    }
    return log;
  }

  /** The folder a run writes: a fresh `.incomplete` folder, or the folder of the run resumed. */
  private prepareFolder(resume: RunOptions['resume']): { runDir: string | null; manifest: (CheckpointManifest & { dir: string }) | null } {
    if (resume) {
      if (this.noOutput) throw new Error('resume: a run without output (noOutput) has no checkpoints');
      const dir = typeof resume === 'string' ? resolve(resume) : [incompleteDir(this.dataDir), this.dataDir].find((d) => existsSync(d));
      if (!dir || !existsSync(dir)) throw new Error(`resume: no run folder of ${this.label} in ${dirname(this.dataDir)}; expected ${basename(this.dataDir)}${INCOMPLETE_SUFFIX} or ${basename(this.dataDir)}`);
      lockRunFolder(dir);
      try {
        removeIncompleteCheckpoints(dir);
        const manifest = latestCheckpoint(dir);
        if (!manifest) throw new Error(`resume: ${dir} holds no complete checkpoint (checkpoints are taken with checkpoint.every_min / --checkpoint-every)`);
        if (manifest.label !== this.label) throw new Error(`resume: the checkpoint in ${dir} is of simulation ${manifest.label}; these parameters give ${this.label}`);
        rmSync(join(dir, 'run_log.json'), { force: true });
        return { runDir: dir, manifest };
      } catch (err) {
        unlockRunFolder(dir);
        throw err;
      }
    }
    if (this.noOutput) return { runDir: null, manifest: null };
    const dir = freshRunFolder(this.dataDir);
    writeFileAtomic(
      join(dir, 'params.json'),
      JSON.stringify({ sim_params: this.params, network_label: this.network.label, network_params: this.network.params }, null, 1),
    );
    writeFileAtomic(join(dir, 'populations.json'), JSON.stringify({ dt: this.params.dt, t_sim: this.params.t_sim, populations: this.populations }, null, 1));
    return { runDir: dir, manifest: null };
  }

  private runLog(
    r: Awaited<ReturnType<typeof runEngine>>,
    c: { threads: number; connectivity: ConnectivityMode; estimate: ResourceEstimate; available: number; manifest: CheckpointManifest | null; totalMs: number; runDir: string | null },
  ): RunLog {
    const stats = r.stats;
    const s0 = stats[0];
    const stepsDone = s0?.stepsDone ?? (c.manifest?.steps_done ?? 0);
    const simulatedMs = stepsDone * this.plan.dt_ms;
    const runaway: RunawayInfo | null = s0?.runaway ?? null;
    const memory = stats.some((s) => s.memoryExceeded);
    const status: RunLog['status'] = r.cancelled ? 'interrupted' : runaway ? 'runaway' : memory ? 'memory' : s0.interrupted ? 'interrupted' : 'completed';
    const message = r.cancelled
      ? c.manifest
        ? `interrupted while building; the run folder is as it was (resume again later)`
        : `interrupted while building; nothing was written`
      : runaway
        ? `runaway activity: population ${runaway.population} fired at ${runaway.rateHz.toFixed(1)} spikes/s over the ${runaway.windowMs} ms before t = ${runaway.timeMs} ms (limit runaway.max_rate = ${runaway.maxRateHz} spikes/s); the run stopped there, data recorded up to then is valid`
        : memory
          ? `stopped at t = ${simulatedMs.toFixed(1)} ms: in-flight synaptic events outgrew the memory available (activity far above the ${this.assumedRate_Hz} spikes/s assumed); data recorded up to then is valid`
          : s0.interrupted
            ? `interrupted at t = ${simulatedMs.toFixed(1)} ms; data recorded up to then is valid`
            : `simulated ${simulatedMs} ms`;
    const synapses = stats.reduce((a, s) => a + s.synapses, 0);
    const m = c.estimate.memory;
    return {
      label: this.label,
      network_label: this.network.label,
      status,
      message,
      threads: c.threads,
      connectivity: c.connectivity,
      neurons: this.plan.totalNeurons,
      synapses: synapses || this.synapseCount,
      bytes_per_synapse: c.connectivity === 'explicit' ? 8 : 0,
      connectivity_bytes: stats.reduce((a, s) => a + s.connectivityBytes, 0),
      event_pool_bytes: stats.reduce((a, s) => a + s.eventPoolBytes, 0),
      build_time_s: r.buildS,
      simulate_time_s: r.simulateS,
      build_cpu_s: r.buildCpuS,
      simulate_cpu_s: r.simulateCpuS,
      barrier_wait_s: stats.map((s) => s.barrierWaitMs / 1e3),
      simulated_ms: simulatedMs,
      resumed_from_ms: c.manifest ? c.manifest.simulated_ms : null,
      spike_records: c.runDir && !r.cancelled ? spikeRecordCounts(c.runDir) : null,
      spikes: stats.reduce((a, s) => a + s.spikes, 0) || (c.manifest?.spikes ?? 0),
      synaptic_events: stats.reduce((a, s) => a + s.events, 0) || (c.manifest?.events ?? 0),
      peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
      estimate: { assumed_rate_hz: c.estimate.rate_Hz, memory_bytes: m.total, available_bytes: c.available, wall_per_bio_s: c.estimate.wallPerBio_s, build_wall_s: c.estimate.buildWall_s },
      runaway,
    };
  }
}

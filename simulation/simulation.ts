/**
 * `Simulation`: parameters, label and output folder of a spiking simulation of a multi-area network,
 * and its execution on one or more threads.
 *
 * Outputs in `<dataPath>/<label>/`: `params.json` (full simulation parameters, network label and
 * parameters), `populations.json` (neuron id ranges), `spikes-<k>.bin` / `vm-<k>.bin` (see
 * recording/format.ts) and `run_log.json` (times, counts, memory, status).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadUserConfig, writeFileAtomic } from '../core/index.ts';
import type { NetworkSource } from '../multiarea/index.ts';
import { buildPlan, type NetworkPlan } from './engine/plan.ts';
import type { RunawayInfo } from './engine/runaway-guard.ts';
import { Shard, type ShardStats } from './engine/shard.ts';
import { allocateShared, CTRL, partition, type SharedBlocks } from './engine/shared-control.ts';
import { workerScriptUrl } from './engine/worker-script.ts';
import { buildNetworkDescription, type NetworkBuildOptions } from './network/build-network.ts';
import type { NetworkDescription } from './network/network-types.ts';
import { recordFilesIn } from './recording/record-file.ts';
import { spikeRecordCounts } from './recording/record-reader.ts';
import { resolveSimulationParams, simulationLabel, type SimulationParams } from './simulation-params.ts';

export const DEFAULT_DATA_PATH = './simulations';

export interface SimulationOptions extends NetworkBuildOptions {
  /** Root folder of simulation outputs (default ./simulations). */
  dataPath?: string;
  /** Write no files (spikes are then only counted). */
  noOutput?: boolean;
}

export interface RunProgress {
  simulatedMs: number;
  totalMs: number;
  wallS: number;
}

export interface RunLog {
  label: string;
  network_label: string;
  status: 'completed' | 'runaway' | 'interrupted';
  message: string;
  threads: number;
  neurons: number;
  synapses: number;
  bytes_per_synapse: number;
  build_time_s: number;
  simulate_time_s: number;
  /** CPU time of the whole process (all threads) during build and simulation; robust to machine load. */
  build_cpu_s: number;
  simulate_cpu_s: number;
  simulated_ms: number;
  spikes: number;
  /**
   * Whole records in each spike file when the run closed it, by file name (null without output):
   * readers refuse a folder whose files no longer match (docs/simulation.md, "Complete runs").
   */
  spike_records: Record<string, number> | null;
  synaptic_events: number;
  peak_rss_bytes: number;
  runaway: RunawayInfo | null;
}

export interface PopulationLayout {
  label: string;
  first: number;
  size: number;
  recordSpikes: boolean;
  nVm: number;
}

export class Simulation {
  readonly params: SimulationParams;
  readonly label: string;
  readonly dataDir: string;
  /** The simulated network, as every backend reads it. */
  readonly description: NetworkDescription;
  /** The engine's view of it. */
  readonly plan: NetworkPlan;
  private readonly network: NetworkSource;
  private readonly noOutput: boolean;
  private stopRequest: Int32Array | null = null;

  constructor(network: NetworkSource, simParams: unknown = {}, opts: SimulationOptions = {}) {
    this.network = network;
    this.params = resolveSimulationParams(simParams);
    // Reads and checks every input file before anything is built or run.
    this.description = buildNetworkDescription(network, this.params, opts);
    this.plan = buildPlan(this.description, this.params);
    this.label = simulationLabel(this.params, network.label);
    this.dataDir = resolve(opts.dataPath ?? DEFAULT_DATA_PATH, this.label);
    this.noOutput = opts.noOutput ?? false;
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

  /** Number of synapses the plan will create. */
  get synapseCount(): number {
    return this.plan.pathways.reduce((sum, p) => sum + p.count, 0);
  }

  /** Fails early, before allocating, when the synapses cannot fit this machine or the 32-bit indices. */
  private checkCapacity(threads: number): void {
    const synapses = this.synapseCount;
    const bytes = synapses * 8;
    const available = totalmem();
    if (bytes > 0.9 * available) {
      throw new Error(
        `network too large: ${synapses} synapses need ${(bytes / 2 ** 30).toFixed(1)} GiB at 8 bytes each; ` +
          `this machine has ${(available / 2 ** 30).toFixed(1)} GiB (reduce N_scaling/K_scaling or areas_simulated)`,
      );
    }
    if (synapses / threads > 0.95 * 2 ** 32) {
      throw new Error(`threads = ${threads}: about ${Math.round(synapses / threads)} synapses per thread exceed 2^32; expected at least ${Math.ceil(synapses / (0.95 * 2 ** 32))} threads`);
    }
  }

  /** Asks a running simulation to stop after the current step (recorded data stays valid). */
  requestStop(): void {
    if (this.stopRequest) Atomics.store(this.stopRequest, CTRL.STOP_REQUEST, 1);
  }

  async run(opts: { onProgress?: (p: RunProgress) => void } = {}): Promise<RunLog> {
    const threads = Math.max(1, Math.min(this.params.threads, this.plan.totalNeurons || 1));
    this.checkCapacity(threads);
    const outDir = this.noOutput ? null : this.dataDir;
    if (outDir) {
      mkdirSync(outDir, { recursive: true });
      // A previous run of the same label (maybe with more threads) must not leave record files behind.
      for (const f of readdirSync(outDir)) {
        if (/^(spikes|vm)-\d+\.bin$/.test(f) || f === 'run_log.json') rmSync(join(outDir, f));
      }
      writeFileAtomic(
        join(outDir, 'params.json'),
        JSON.stringify({ sim_params: this.params, network_label: this.network.label, network_params: this.network.params }, null, 1),
      );
      writeFileAtomic(join(outDir, 'populations.json'), JSON.stringify({ dt: this.params.dt, t_sim: this.params.t_sim, populations: this.populations }, null, 1));
    }
    const shared = allocateShared(this.plan, threads);
    this.stopRequest = new Int32Array(shared.control);
    const ranges = partition(this.plan.totalNeurons, threads);
    const totalMs = this.plan.nSteps * this.plan.dt_ms;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let cpuBuild = 0;
    let stats: ShardStats[];
    let buildS: number;
    let simS: number;
    if (threads === 1) {
      const shard = new Shard(this.plan, 0, 1, 0, this.plan.totalNeurons, shared, outDir === null ? null : recordFilesIn(outDir));
      shard.build();
      buildS = (performance.now() - t0) / 1e3;
      cpuBuild = cpuSeconds(cpu0);
      const t1 = performance.now();
      const report = (steps: number) => opts.onProgress?.({ simulatedMs: steps * this.plan.dt_ms, totalMs, wallS: (performance.now() - t1) / 1e3 });
      stats = [await runInChunks(shard, report)];
      simS = (performance.now() - t1) / 1e3;
      report(stats[0].stepsDone);
    } else {
      ({ stats, buildS, simS, cpuBuild } = await this.runWorkers(threads, ranges, shared, outDir, totalMs, opts.onProgress, cpu0));
    }
    const s0 = stats[0];
    const synapses = stats.reduce((a, s) => a + s.synapses, 0);
    const bytes = stats.reduce((a, s) => a + s.synapseBytes, 0);
    const status: RunLog['status'] = s0.runaway ? 'runaway' : s0.interrupted ? 'interrupted' : 'completed';
    const simulatedMs = s0.stepsDone * this.plan.dt_ms;
    const message = s0.runaway
      ? `runaway activity: population ${s0.runaway.population} fired at ${s0.runaway.rateHz.toFixed(1)} spikes/s over the ${s0.runaway.windowMs} ms before t = ${s0.runaway.timeMs} ms (limit runaway.max_rate = ${s0.runaway.maxRateHz} spikes/s); the run stopped there, data recorded up to then is valid`
      : s0.interrupted
        ? `interrupted at t = ${simulatedMs.toFixed(1)} ms; data recorded up to then is valid`
        : `simulated ${simulatedMs} ms`;
    const log: RunLog = {
      label: this.label,
      network_label: this.network.label,
      status,
      message,
      threads,
      neurons: this.plan.totalNeurons,
      synapses,
      bytes_per_synapse: synapses > 0 ? bytes / synapses : 0,
      build_time_s: buildS,
      simulate_time_s: simS,
      build_cpu_s: cpuBuild,
      simulate_cpu_s: cpuSeconds(cpu0) - cpuBuild,
      simulated_ms: simulatedMs,
      spikes: stats.reduce((a, s) => a + s.spikes, 0),
      spike_records: outDir ? spikeRecordCounts(outDir) : null,
      synaptic_events: stats.reduce((a, s) => a + s.events, 0),
      peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
      runaway: s0.runaway,
    };
    if (outDir) writeFileAtomic(join(outDir, 'run_log.json'), JSON.stringify(log, null, 1));
    this.stopRequest = null;
    return log;
  }

  /**
   * Shard 0 runs in this thread, shards 1.. in worker threads (one isolate fewer than threads, which
   * saves memory); all meet at a shared-memory barrier every step.
   */
  private async runWorkers(
    threads: number,
    ranges: [number, number][],
    shared: SharedBlocks,
    outDir: string | null,
    totalMs: number,
    onProgress: ((p: RunProgress) => void) | undefined,
    cpu0: NodeJS.CpuUsage,
  ): Promise<{ stats: ShardStats[]; buildS: number; simS: number; cpuBuild: number }> {
    const t0 = performance.now();
    const script = await workerScriptUrl();
    const workers = ranges.slice(1).map(
      ([lo, hi], k) =>
        new Worker(script, {
          workerData: { plan: this.plan, worker: k + 1, workers: threads, lo, hi, shared, outDir },
        }),
    );
    const errors: Error[] = [];
    try {
      const failure = new Promise<never>((_, reject) => {
        const fail = (e: Error) => {
          errors.push(e);
          reject(e);
        };
        for (const w of workers) {
          w.on('error', fail);
          w.on('message', (m: any) => m.type === 'error' && fail(new Error(`simulation worker failed: ${m.message}`)));
          w.on('exit', (code) => code !== 0 && fail(new Error(`simulation worker exited with code ${code}`)));
        }
      });
      failure.catch(() => {});
      const waitFor = (type: string) =>
        Promise.race([
          Promise.all(
            workers.map(
              (w) =>
                new Promise<any>((res) => {
                  const h = (m: any) => {
                    if (m.type === type) {
                      w.off('message', h);
                      res(m);
                    }
                  };
                  w.on('message', h);
                }),
            ),
          ),
          failure,
        ]);
      const built = waitFor('built');
      const shard = new Shard(this.plan, 0, threads, ranges[0][0], ranges[0][1], shared, outDir === null ? null : recordFilesIn(outDir));
      shard.build();
      await built;
      const buildS = (performance.now() - t0) / 1e3;
      const cpuBuild = cpuSeconds(cpu0);
      const t1 = performance.now();
      const done = waitFor('done');
      for (const w of workers) w.postMessage({ type: 'run' });
      const report = (steps: number) => onProgress?.({ simulatedMs: steps * this.plan.dt_ms, totalMs, wallS: (performance.now() - t1) / 1e3 });
      let own: ShardStats;
      try {
        own = await runInChunks(shard, report);
      } catch (err) {
        shard.abort();
        // A worker's own failure explains ours better.
        await new Promise((r) => setTimeout(r, 100));
        throw errors[0] ?? err;
      }
      const msgs = await done;
      const simS = (performance.now() - t1) / 1e3;
      report(own.stepsDone);
      return { stats: [own, ...msgs.map((m: any) => m.stats as ShardStats)], buildS, simS, cpuBuild };
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
}

/** Steps simulated between two returns to the event loop (progress display, Ctrl-C). */
const CHUNK_STEPS = 200;

async function runInChunks(shard: Shard, report: (steps: number) => void): Promise<ShardStats> {
  shard.start();
  while (!shard.runChunk(CHUNK_STEPS)) {
    report(shard.statistics.stepsDone);
    await new Promise<void>((r) => setImmediate(r));
  }
  return shard.statistics;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

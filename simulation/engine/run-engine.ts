/**
 * Runs the shards of one simulation (Node side): shard 0 in this thread, shards 1.. in worker threads
 * (one isolate fewer than threads, which saves memory). The main thread builds and simulates in short
 * chunks, so that progress, Ctrl-C and checkpoint timing stay responsive; the workers build at full
 * speed and report progress through shared memory.
 */
import { Worker } from 'node:worker_threads';
import { recordFilesIn } from '../recording/record-file.ts';
import { completeCheckpoint, stateSources, writeCheckpointPart, type CheckpointManifest } from './checkpoint-files.ts';
import { workerLayout } from './layout.ts';
import type { NetworkPlan } from './plan.ts';
import { BuildCancelled, Shard, type ShardOptions, type ShardStats } from './shard.ts';
import { buildProgress, CTRL, type SharedBlocks } from './shared-control.ts';
import { workerScriptUrl } from './worker-script.ts';
import type { WorkerInput } from './worker.ts';
import type { RecordCounts } from './recorder.ts';

export interface EngineProgress {
  phase: 'build' | 'simulate';
  /** Build: work units done and in total (all workers). */
  buildDone: number;
  buildTotal: number;
  simulatedMs: number;
  /** Wall time of the phase so far (s). */
  wallS: number;
}

export interface EngineRun {
  plan: NetworkPlan;
  assignment: number[][];
  shared: SharedBlocks;
  options: Omit<ShardOptions, 'fileIndex'>;
  /** Record file number of each worker. */
  fileIndices: number[];
  runDir: string | null;
  /** Continue from the latest checkpoint of runDir: per worker the records already in its files, and the counts before. */
  resume: { checkpoint: CheckpointManifest & { dir: string }; records: (RecordCounts | null)[]; spikes: number; events: number } | null;
  checkpointEveryMin: number | null;
  /** What the manifest of a checkpoint after `stepsDone` steps says besides the parts. */
  checkpointInfo: (stepsDone: number, simulateWallS: number) => Omit<CheckpointManifest, 'format' | 'version' | 'steps_done' | 'parts' | 'spikes' | 'events' | 'written_at'>;
  onProgress?: (p: EngineProgress) => void;
}

export interface EngineResult {
  /** The build was stopped (Ctrl-C): nothing was simulated. */
  cancelled: boolean;
  stats: ShardStats[];
  buildS: number;
  simulateS: number;
  buildCpuS: number;
  simulateCpuS: number;
}

/** Wall time of one main-thread chunk (ms) between returns to the event loop. */
const CHUNK_MS = 100;

const nextTick = () => new Promise<void>((r) => setImmediate(r));

export async function runEngine(run: EngineRun): Promise<EngineResult> {
  const { plan, assignment, shared, runDir } = run;
  const threads = assignment.length;
  const control = new Int32Array(shared.control);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = (phase: EngineProgress['phase'], simulatedMs: number, since: number) => {
    const b = buildProgress(shared);
    run.onProgress?.({ phase, buildDone: b.done, buildTotal: b.total, simulatedMs, wallS: (performance.now() - since) / 1e3 });
  };
  const script = threads > 1 ? await workerScriptUrl() : null;
  const workers = assignment.slice(1).map((_, k) => {
    const worker = k + 1;
    const data: WorkerInput = {
      plan,
      assignment,
      worker,
      shared,
      options: { ...run.options, fileIndex: run.fileIndices[worker] },
      runDir,
      resume: run.resume && { checkpoint: run.resume.checkpoint, records: run.resume.records[worker], spikes: 0, events: 0 },
    };
    return new Worker(script!, { workerData: data });
  });
  const errors: Error[] = [];
  const messages = workers.map(() => [] as any[]);
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  workers.forEach((w, k) => {
    w.on('message', (m: any) => {
      if (m.type === 'error') errors.push(new Error(`simulation worker ${k + 1} failed: ${m.message}`));
      messages[k].push(m);
      wake();
    });
    w.on('error', (e) => {
      errors.push(e);
      wake();
    });
    w.on('exit', (code) => {
      if (code !== 0) errors.push(new Error(`simulation worker ${k + 1} exited with code ${code}`));
      wake();
    });
  });
  /** Waits (polling the event loop) until every worker has sent one of `types`; returns the messages. */
  const waitAll = async (types: string[], onPoll?: () => void): Promise<any[]> => {
    for (;;) {
      if (errors.length > 0) throw errors[0];
      const got = messages.map((list) => list.find((m) => types.includes(m.type)));
      if (got.every((m) => m !== undefined)) {
        messages.forEach((list, k) => list.splice(list.indexOf(got[k]), 1));
        return got;
      }
      onPoll?.();
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  const shard = new Shard(plan, workerLayout(plan, assignment, 0, run.options.inputGroupBytes), shared, runDir === null ? null : recordFilesIn(runDir), { ...run.options, fileIndex: run.fileIndices[0] });
  try {
    // Build: own shard in chunks, then wait for the workers.
    let cancelled = false;
    try {
      let chunkStart = performance.now();
      for (const _ of shard.build()) {
        if (performance.now() - chunkStart < CHUNK_MS) continue;
        report('build', 0, t0);
        await nextTick();
        if (errors.length > 0) throw errors[0];
        chunkStart = performance.now();
      }
    } catch (err) {
      if (!(err instanceof BuildCancelled)) throw err;
      cancelled = true;
    }
    const built = await waitAll(['built', 'cancelled'], () => report('build', 0, t0));
    cancelled ||= built.some((m) => m.type === 'cancelled') || Atomics.load(control, CTRL.STOP_REQUEST) !== 0;
    const buildS = (performance.now() - t0) / 1e3;
    const buildCpuS = cpuSeconds(cpu0);
    report('build', 0, t0);
    if (cancelled) return { cancelled: true, stats: [], buildS, simulateS: 0, buildCpuS, simulateCpuS: 0 };

    // Simulate.
    const t1 = performance.now();
    let lastCheckpointWall = t1;
    const priorWallS = run.resume?.checkpoint.simulate_wall_s ?? 0;
    if (runDir !== null) {
      shard.checkpointWriter = (s, steps) => writeCheckpointPart(runDir, s, steps, run.fileIndices[0]);
      shard.afterCheckpoint = (steps) => {
        completeCheckpoint(runDir, steps, run.checkpointInfo(steps, priorWallS + (performance.now() - t1) / 1e3));
        lastCheckpointWall = performance.now();
      };
    }
    for (const w of workers) w.postMessage({ type: 'run' });
    if (run.resume) {
      const sources = stateSources(run.resume.checkpoint);
      try {
        shard.start({ sources, records: run.resume.records[0], spikes: run.resume.spikes, events: run.resume.events });
      } finally {
        for (const s of sources) s.close();
      }
    } else {
      shard.start();
    }
    const everyMs = run.checkpointEveryMin === null || runDir === null ? Infinity : run.checkpointEveryMin * 60e3;
    try {
      while (!shard.runChunk(CHUNK_MS)) {
        report('simulate', shard.statistics.stepsDone * plan.dt_ms, t1);
        if (performance.now() - lastCheckpointWall >= everyMs) Atomics.store(control, CTRL.CHECKPOINT_REQUEST, 1);
        await nextTick();
        if (errors.length > 0) throw errors[0];
      }
    } catch (err) {
      shard.abort();
      // A worker's own failure explains ours better.
      await new Promise((r) => setTimeout(r, 100));
      throw errors[0] ?? err;
    }
    const done = await waitAll(['done']);
    const simulateS = (performance.now() - t1) / 1e3;
    report('simulate', shard.statistics.stepsDone * plan.dt_ms, t1);
    return {
      cancelled: false,
      stats: [shard.statistics, ...done.map((m) => m.stats as ShardStats)],
      buildS,
      simulateS,
      buildCpuS,
      simulateCpuS: cpuSeconds(cpu0) - buildCpuS,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

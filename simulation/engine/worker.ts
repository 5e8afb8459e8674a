/**
 * Worker-thread entry: builds one shard (reporting progress through shared memory, stopping when a stop
 * is requested), reports, waits for "run", simulates in lock-step with the other workers (shared-memory
 * barrier), writes its part of every checkpoint, and reports its statistics.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordFilesIn } from '../recording/record-file.ts';
import { stateSources, writeCheckpointPart, type CheckpointManifest } from './checkpoint-files.ts';
import { workerLayout } from './layout.ts';
import type { NetworkPlan } from './plan.ts';
import { BuildCancelled, Shard, type ShardOptions } from './shard.ts';
import type { SharedBlocks } from './shared-control.ts';
import type { RecordCounts } from './recorder.ts';

export interface WorkerInput {
  plan: NetworkPlan;
  assignment: number[][];
  worker: number;
  shared: SharedBlocks;
  options: ShardOptions;
  /** Run folder (record files, checkpoints); null = record nothing. */
  runDir: string | null;
  /** Resume from the latest checkpoint of runDir: records already in this worker's files, and counts before. */
  resume: { checkpoint: CheckpointManifest & { dir: string }; records: RecordCounts | null; spikes: number; events: number } | null;
}

const input = workerData as WorkerInput;
const port = parentPort!;
try {
  const { plan, assignment, worker, shared, options, runDir } = input;
  const sinks = runDir === null ? null : recordFilesIn(runDir);
  const shard = new Shard(plan, workerLayout(plan, assignment, worker, options.inputGroupBytes), shared, sinks, options);
  let cancelled = false;
  try {
    for (const _ of shard.build()) {
      // progress goes through shared memory
    }
  } catch (err) {
    if (!(err instanceof BuildCancelled)) throw err;
    cancelled = true;
  }
  port.postMessage({ type: cancelled ? 'cancelled' : 'built' });
  if (!cancelled) {
    port.once('message', (msg: { type: string }) => {
      if (msg.type !== 'run') return;
      try {
        if (runDir !== null) shard.checkpointWriter = (s, steps) => writeCheckpointPart(runDir, s, steps, options.fileIndex);
        if (input.resume) {
          const { checkpoint, ...counts } = input.resume;
          const sources = stateSources(checkpoint);
          try {
            shard.start({ sources, ...counts });
          } finally {
            for (const s of sources) s.close();
          }
        } else {
          shard.start();
        }
        const stats = shard.run();
        port.postMessage({ type: 'done', stats });
      } catch (err) {
        shard.abort();
        port.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
      }
    });
  }
} catch (err) {
  port.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
}

/**
 * Worker-thread entry: builds one shard, reports, waits for "run", simulates in lock-step with the
 * other workers (shared-memory barrier) and reports its statistics.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { recordFilesIn } from '../recording/record-file.ts';
import type { NetworkPlan } from './plan.ts';
import { Shard } from './shard.ts';
import type { SharedBlocks } from './shared-control.ts';

interface WorkerInput {
  plan: NetworkPlan;
  worker: number;
  workers: number;
  lo: number;
  hi: number;
  shared: SharedBlocks;
  /** Run folder of the record files; null = record nothing. */
  outDir: string | null;
}

const input = workerData as WorkerInput;
const port = parentPort!;
try {
  const sinks = input.outDir === null ? null : recordFilesIn(input.outDir);
  const shard = new Shard(input.plan, input.worker, input.workers, input.lo, input.hi, input.shared, sinks);
  shard.build();
  port.postMessage({ type: 'built' });
  port.once('message', (msg: { type: string }) => {
    if (msg.type !== 'run') return;
    try {
      const stats = shard.run();
      port.postMessage({ type: 'done', stats });
    } catch (err) {
      shard.abort();
      port.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
    }
  });
} catch (err) {
  port.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) });
}

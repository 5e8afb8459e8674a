/**
 * The LFP and dipole of many areas (areaSignals of each), computed on worker threads in parallel. The areas
 * are independent; each worker holds one copy of the unit kernels.
 */
import { Worker } from 'node:worker_threads';
import { areaSignals, type AreaConnectivity, type AreaUnitKernels } from './area-kernels.ts';
import type { DenseMatrix } from './dense-matrix.ts';

export interface AreaSignalJob {
  area: string;
  /** Spike counts per bin (bin = kernel dt) of each population of the area. */
  counts: Record<string, Float64Array>;
  conn: AreaConnectivity;
}

export type AreaSignalReply = { area: string; lfp: DenseMatrix; dipole: Float64Array } | { area: string; error: string };

export interface AreaSignalOptions {
  /** Worker threads (1: in this thread). */
  threads: number;
  /** Called at the start (0 done) and after each area with the areas done so far and their total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the computation (between areas); the promise then rejects with an Error 'interrupted'. */
  signal?: AbortSignal;
}

const interrupted = () => new Error('interrupted');

/** The signals of every job's area, keyed by area. */
export async function areaSignalsInParallel(
  kernels: AreaUnitKernels,
  jobs: AreaSignalJob[],
  opts: AreaSignalOptions,
): Promise<Map<string, { lfp: DenseMatrix; dipole: Float64Array }>> {
  const results = new Map<string, { lfp: DenseMatrix; dipole: Float64Array }>();
  const workers = Math.min(opts.threads, jobs.length);
  opts.onProgress?.(0, jobs.length);
  if (workers <= 1) {
    for (const job of jobs) {
      // Lets a pending abort (Ctrl-C) through between areas.
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.signal?.aborted) throw interrupted();
      results.set(job.area, areaSignals(kernels, job.counts, job.conn));
      opts.onProgress?.(results.size, jobs.length);
    }
    return results;
  }
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./lfp-worker-entry.mjs', import.meta.url), { workerData: { kernels } }));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      const fail = (err: Error) => reject(err);
      const feed = (worker: Worker) => {
        if (opts.signal?.aborted) return fail(interrupted());
        if (next < jobs.length) worker.postMessage(jobs[next++]);
      };
      opts.signal?.addEventListener('abort', () => fail(interrupted()), { once: true });
      for (const worker of pool) {
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (results.size < jobs.length) fail(new Error(`LFP worker thread stopped (exit code ${code}) before all areas were done`));
        });
        worker.on('message', (reply: AreaSignalReply) => {
          if ('error' in reply) return fail(new Error(`area ${reply.area}: ${reply.error}`));
          results.set(reply.area, { lfp: reply.lfp, dipole: reply.dipole });
          opts.onProgress?.(results.size, jobs.length);
          if (results.size === jobs.length) resolve();
          else feed(worker);
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results;
}

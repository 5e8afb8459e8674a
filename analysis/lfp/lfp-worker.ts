/**
 * Worker thread of {@link areaSignalsInParallel}: holds the unit kernels (workerData) and computes the
 * LFP and dipole of each area it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { areaSignals, type AreaUnitKernels } from './area-kernels.ts';
import type { AreaSignalJob, AreaSignalReply } from './area-signal-pool.ts';

const kernels = workerData.kernels as AreaUnitKernels;
const port = parentPort!;

/** Buffers that can be moved to the main thread (a view of part of a buffer cannot). */
const ownBuffers = (...arrays: Float64Array[]) => arrays.filter((a) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength).map((a) => a.buffer as ArrayBuffer);

port.on('message', (job: AreaSignalJob) => {
  let reply: AreaSignalReply;
  try {
    const { lfp, dipole } = areaSignals(kernels, job.counts, job.conn);
    reply = { area: job.area, lfp, dipole };
    port.postMessage(reply, ownBuffers(lfp.data, dipole));
  } catch (err) {
    reply = { area: job.area, error: (err as Error).message };
    port.postMessage(reply);
  }
});

/**
 * Our run folders (simulation.ts: populations.json, spikes-<k>.bin, vm-<k>.bin) as SONATA data and
 * back. Node ids are the engine's global neuron ids, which are also the node ids of the circuit that
 * `mam sonata-export` writes for the same network and simulation parameters.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeHeader, SPIKE_MAGIC } from '../recording/record-format.ts';
import { readRunLayout, readSpikes, readVm, type RunLayout } from '../recording/record-reader.ts';
import type { ReportPopulation } from './report-file.ts';
import type { SpikeTrains } from './spike-file.ts';

/** Whole steps per ms of a resolution dt = 1/k ms (the simulation parameters require it). */
function stepsPerMs(dt: number, where: string): number {
  const k = Math.round(1 / dt);
  if (!(k >= 1) || Math.abs(k * dt - 1) > 1e-9) throw new Error(`${where}: dt = ${dt} ms; expected 1 ms divided by a whole number`);
  return k;
}

/** Time of a grid stamp: stamp / k is the double nearest to stamp * dt (ms), e.g. 0.3 rather than 0.30000000000000004. */
function gridTime(t: number, k: number): number {
  return Math.round(t * k) / k;
}

/** All spikes of a run folder, in time order, with on-grid times (ms). */
export function runFolderSpikes(runDir: string): SpikeTrains {
  const layout = readRunLayout(runDir);
  const k = stepsPerMs(layout.dt, `run folder ${runDir}`);
  const { timesMs, senders } = readSpikes(runDir);
  return { nodeIds: Float64Array.from(senders), timestampsMs: Float64Array.from(timesMs, (t) => gridTime(t, k)) };
}

/**
 * The V_m recordings of a run folder as a report (one element per node, frames on the sampling grid),
 * or null when the run recorded none. Frames cut short by an interrupted run are dropped.
 */
export function runFolderVmReport(runDir: string): ReportPopulation | null {
  const layout = readRunLayout(runDir);
  const k = stepsPerMs(layout.dt, `run folder ${runDir}`);
  const { timesMs, senders, vmMv } = readVm(runDir);
  if (timesMs.length === 0) return null;
  const nodeIds = Float64Array.from(new Set(senders)).sort();
  const col = new Map<number, number>();
  nodeIds.forEach((id, i) => col.set(id, i));
  const frameTimes = [...new Set(Array.from(timesMs, (t) => gridTime(t, k)))].sort((a, b) => a - b);
  const n = nodeIds.length;
  const step = frameTimes.length > 1 ? gridTime(frameTimes[1] - frameTimes[0], k) : layout.dt;
  const complete = Math.floor(timesMs.length / n);
  const frames = Math.min(frameTimes.length, complete);
  const data = new Float32Array(frames * n);
  const start = frameTimes[0];
  for (let i = 0; i < timesMs.length; i++) {
    const f = Math.round((gridTime(timesMs[i], k) - start) / step);
    if (f < frames) data[f * n + col.get(senders[i])!] = vmMv[i];
  }
  return {
    nodeIds,
    indexPointers: Float64Array.from({ length: n + 1 }, (_, i) => i),
    elementIds: new Float64Array(n),
    data,
    time: [start, gridTime(start + frames * step, k), step],
    units: 'mV',
  };
}

/**
 * Writes spikes as a run folder (populations.json and spikes-0.bin) that `mam rates` and `mam analyze`
 * read. `layout` gives the populations (label, first node id, size) and dt, t_sim; spike times must
 * lie on the dt grid. The folder must be new or empty; it appears complete or not at all.
 */
export function writeRunFolder(outDir: string, layout: RunLayout, spikes: SpikeTrains): void {
  const k = stepsPerMs(layout.dt, 'layout');
  const total = layout.populations.reduce((m, p) => Math.max(m, p.first + p.size), 0);
  const n = spikes.nodeIds.length;
  const records = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = spikes.timestampsMs[i];
    const stamp = Math.round(t * k);
    if (Math.abs(stamp - t * k) > 1e-6) throw new Error(`spike ${i}: time ${t} ms is not on the dt = ${layout.dt} ms grid`);
    const id = spikes.nodeIds[i];
    if (!(Number.isInteger(id) && id >= 0 && id < total)) throw new Error(`spike ${i}: node id ${id} is outside the layout's ${total} neurons`);
    records[2 * i] = stamp;
    records[2 * i + 1] = id;
  }
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`run folder ${outDir} exists and is not empty; expected a new or empty folder`);
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'populations.json'), JSON.stringify(layout, null, 1));
    const header = encodeHeader(SPIKE_MAGIC, 0, layout.dt, 8);
    writeFileSync(join(tmp, 'spikes-0.bin'), Buffer.concat([header, new Uint8Array(records.buffer)]));
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

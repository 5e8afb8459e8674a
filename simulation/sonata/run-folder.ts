/**
 * Our run folders (simulation.ts: populations.json, spikes-<k>.bin, vm-<k>.bin) as SONATA data and
 * back. Node ids are the engine's global neuron ids, which are also the node ids of the circuit that
 * `mam sonata-export` writes for the same network and simulation parameters.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { writeFolderAtomic } from '../../core/index.ts';
import { join } from 'node:path';
import { encodeHeader, SPIKE_MAGIC } from '../recording/record-format.ts';
import { readRunLayout, readSpikes, readVm, type RunLayout } from '../recording/record-reader.ts';
import { samplesToReport, type ReportPopulation } from './report-file.ts';
import { sortSpikes, type SpikeTrains } from './spike-file.ts';
import { gridTime, stepsPerMs } from './time-grid.ts';

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
  const { timesMs, senders, vmMv } = readVm(runDir);
  return timesMs.length === 0 ? null : samplesToReport(Float64Array.from(senders), timesMs, vmMv, layout.dt);
}

/**
 * Writes spikes as a run folder (populations.json, spikes-0.bin and a completed run_log.json) that
 * `mam rates` and `mam analyze` read. `layout` gives the populations (label, first node id, size) and dt, t_sim; spike times must
 * lie on the dt grid. The folder must be new or empty; it appears complete or not at all.
 */
export function writeRunFolder(outDir: string, layout: RunLayout, unsorted: SpikeTrains): void {
  const k = stepsPerMs(layout.dt, 'layout');
  // Records of a spike file are in time order (record-format.ts).
  const spikes = sortSpikes(unsorted, 'by_time');
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
  writeFolderAtomic(outDir, (tmp) => {
    writeFileSync(join(tmp, 'populations.json'), JSON.stringify(layout, null, 1));
    const header = encodeHeader(SPIKE_MAGIC, 0, layout.dt, 8);
    writeFileSync(join(tmp, 'spikes-0.bin'), Buffer.concat([header, new Uint8Array(records.buffer)]));
    // The log that makes the folder a complete run for every reader (docs/simulation.md, "Complete runs").
    const log = {
      status: 'completed',
      message: `converted from spike data (${n} spikes); no simulation statistics`,
      simulated_ms: layout.t_sim,
      spikes: n,
      spike_records: { 'spikes-0.bin': n },
    };
    writeFileSync(join(tmp, 'run_log.json'), JSON.stringify(log, null, 1));
  });
}

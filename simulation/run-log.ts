/**
 * run_log.json of a run, and which record files a run (or a resumed run) writes.
 */
import { existsSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointManifest } from './engine/checkpoint-files.ts';
import type { RunawayInfo } from './engine/runaway-guard.ts';
import type { ConnectivityMode } from './engine/shard.ts';
import { recordFileBytes } from './recording/record-format.ts';
import type { RecordCounts } from './engine/recorder.ts';

export interface RunLog {
  label: string;
  network_label: string;
  /** memory: stopped because in-flight events outgrew the memory available. */
  status: 'completed' | 'runaway' | 'interrupted' | 'memory';
  message: string;
  threads: number;
  connectivity: ConnectivityMode;
  neurons: number;
  synapses: number;
  /** Bytes of each stored synapse (explicit: 8; procedural: 0, synapses are redrawn). */
  bytes_per_synapse: number;
  /** Bytes of the stored connectivity: explicit synapses and rows, per-source synapse counts. */
  connectivity_bytes: number;
  /** Peak bytes of the in-flight synaptic events (all threads). */
  event_pool_bytes: number;
  /** Wall and CPU time (all threads) of this process's build and simulation (s). */
  build_time_s: number;
  simulate_time_s: number;
  build_cpu_s: number;
  simulate_cpu_s: number;
  /** Per worker: wall time (s) spent waiting for the others at the step barriers (load imbalance). */
  barrier_wait_s: number[];
  simulated_ms: number;
  /** Biological time of the checkpoint this run resumed from, or null. */
  resumed_from_ms: number | null;
  spikes: number;
  /**
   * Whole records in each spike file when the run closed it, by file name (null without output):
   * readers refuse a folder whose files no longer match (docs/simulation.md, "Complete runs").
   */
  spike_records: Record<string, number> | null;
  synaptic_events: number;
  peak_rss_bytes: number;
  /** The estimate made before the build (cost model) and the memory available then. */
  estimate: { assumed_rate_hz: number; memory_bytes: number; available_bytes: number; wall_per_bio_s: number; build_wall_s: number };
  runaway: RunawayInfo | null;
}

/**
 * Record files of a run: new runs write `spikes-<k>.bin` for worker k. A resumed run continues the
 * files of the checkpoint (cut to its records) when it has as many threads as the run that wrote it;
 * otherwise those files are cut and closed, and the workers write new ones after them. Record files
 * the checkpoint does not name (written after it) are deleted.
 */
export function recordFileLayout(runDir: string | null, manifest: CheckpointManifest | null, threads: number) {
  const fresh = { indices: Array.from({ length: threads }, (_, k) => k), records: new Array<RecordCounts | null>(threads).fill(null), closed: [] as CheckpointManifest['closed_files'] };
  if (!runDir || !manifest) return fresh;
  const asRecords = (p: { spike_records: number | null; vm_records: number | null }): RecordCounts => ({ spikes: p.spike_records, vm: p.vm_records });
  const named = [...manifest.closed_files, ...manifest.parts];
  const keep = new Set(named.map((f) => f.file_index));
  for (const name of readdirSync(runDir)) {
    const m = /^(spikes|vm)-(\d+)\.bin$/.exec(name);
    if (m && !keep.has(Number(m[2]))) rmSync(join(runDir, name));
  }
  const cut = (f: (typeof named)[number]) => {
    for (const [kind, records, size] of [['spikes', f.spike_records, 8], ['vm', f.vm_records, 16]] as const) {
      const file = join(runDir, `${kind}-${f.file_index}.bin`);
      if (records !== null && existsSync(file)) truncateSync(file, recordFileBytes(records, size));
    }
  };
  manifest.closed_files.forEach(cut);
  if (manifest.parts.length === threads) {
    return { indices: manifest.parts.map((p) => p.file_index), records: manifest.parts.map(asRecords), closed: manifest.closed_files };
  }
  manifest.parts.forEach(cut);
  const next = Math.max(...named.map((f) => f.file_index)) + 1;
  return {
    indices: Array.from({ length: threads }, (_, k) => next + k),
    records: new Array<RecordCounts | null>(threads).fill(null),
    closed: named.map((f) => ({ file_index: f.file_index, spike_records: f.spike_records, vm_records: f.vm_records })),
  };
}

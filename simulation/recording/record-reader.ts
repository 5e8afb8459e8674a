/**
 * Reading a run folder: population layout, spikes and V_m traces (files described in format.ts),
 * and population rates over a time window.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADER_BYTES, SPIKE_MAGIC, VM_MAGIC } from './record-format.ts';

export interface RunPopulation {
  label: string;
  first: number;
  size: number;
  recordSpikes: boolean;
  nVm: number;
}

export interface RunLayout {
  dt: number;
  t_sim: number;
  populations: RunPopulation[];
}

export interface SpikeData {
  /** Spike times (ms), ascending; ties ordered by neuron id. */
  timesMs: Float64Array;
  /** Global neuron ids. */
  senders: Uint32Array;
}

export interface VmData {
  timesMs: Float64Array;
  senders: Uint32Array;
  vmMv: Float64Array;
}

function readJsonFile(file: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot be read as JSON (${(err as Error).message}); expected a file written by a simulation run`);
  }
}

export function readRunLayout(runDir: string): RunLayout {
  const file = join(runDir, 'populations.json');
  if (!existsSync(file)) throw new Error(`run folder ${runDir}: populations.json not found; expected the output folder of a simulation`);
  return readJsonFile(file) as RunLayout;
}

/**
 * Biological time (ms) a run actually covers: less than t_sim when it stopped early (runaway activity,
 * interruption), as recorded in run_log.json; t_sim while the run has no log yet.
 */
export function simulatedMs(runDir: string, layout: RunLayout = readRunLayout(runDir)): number {
  const log = join(runDir, 'run_log.json');
  return existsSync(log) ? (readJsonFile(log).simulated_ms as number) : layout.t_sim;
}

function recordFiles(runDir: string, prefix: string): string[] {
  return readdirSync(runDir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.bin'))
    .sort((a, b) => Number(a.slice(prefix.length, -4)) - Number(b.slice(prefix.length, -4)))
    .map((f) => join(runDir, f));
}

function checkHeader(file: string, buf: Buffer, magic: string, recordBytes: number): number {
  if (buf.length < HEADER_BYTES) throw new Error(`${file}: ${buf.length} bytes; expected a header of ${HEADER_BYTES} bytes`);
  const got = buf.toString('latin1', 0, 8);
  if (got !== magic) throw new Error(`${file}: magic ${JSON.stringify(got)}; expected ${JSON.stringify(magic)}`);
  const size = buf.readUInt32LE(24);
  if (size !== recordBytes) throw new Error(`${file}: record size ${size}; expected ${recordBytes}`);
  return buf.readDoubleLE(16);
}

/** Sorts records by (stamp, id) through an index permutation. */
function order(stamps: Uint32Array, ids: Uint32Array): Uint32Array {
  const n = stamps.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = stamps[i] * 4294967296 + ids[i];
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Records are unique per (stamp, id) for spikes; stable tie order for V_m is not needed either.
  return idx.sort((a, b) => keys[a] - keys[b]);
}

/** All recorded spikes of a run (every worker's file merged), in time order. */
export function readSpikes(runDir: string): SpikeData {
  const files = recordFiles(runDir, 'spikes-');
  const parts: { stamps: Uint32Array; ids: Uint32Array; dt: number }[] = [];
  for (const file of files) {
    const buf = readFileSync(file);
    const dt = checkHeader(file, buf, SPIKE_MAGIC, 8);
    const n = Math.floor((buf.length - HEADER_BYTES) / 8); // a trailing partial record is ignored
    const stamps = new Uint32Array(n);
    const ids = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      stamps[i] = buf.readUInt32LE(HEADER_BYTES + 8 * i);
      ids[i] = buf.readUInt32LE(HEADER_BYTES + 8 * i + 4);
    }
    parts.push({ stamps, ids, dt });
  }
  const total = parts.reduce((a, p) => a + p.stamps.length, 0);
  const stamps = new Uint32Array(total);
  const ids = new Uint32Array(total);
  let o = 0;
  for (const p of parts) {
    stamps.set(p.stamps, o);
    ids.set(p.ids, o);
    o += p.stamps.length;
  }
  const dt = parts[0]?.dt ?? readRunLayout(runDir).dt;
  const idx = order(stamps, ids);
  const timesMs = new Float64Array(total);
  const senders = new Uint32Array(total);
  for (let i = 0; i < total; i++) {
    timesMs[i] = stamps[idx[i]] * dt;
    senders[i] = ids[idx[i]];
  }
  return { timesMs, senders };
}

/** All recorded membrane potentials of a run, ordered by time then neuron id. */
export function readVm(runDir: string): VmData {
  const stampsL: number[] = [];
  const idsL: number[] = [];
  const vL: number[] = [];
  let dt = 0;
  for (const file of recordFiles(runDir, 'vm-')) {
    const buf = readFileSync(file);
    dt = checkHeader(file, buf, VM_MAGIC, 16);
    const n = Math.floor((buf.length - HEADER_BYTES) / 16);
    for (let i = 0; i < n; i++) {
      const at = HEADER_BYTES + 16 * i;
      stampsL.push(buf.readUInt32LE(at));
      idsL.push(buf.readUInt32LE(at + 4));
      vL.push(buf.readDoubleLE(at + 8));
    }
  }
  const stamps = Uint32Array.from(stampsL);
  const ids = Uint32Array.from(idsL);
  const idx = order(stamps, ids);
  return {
    timesMs: Float64Array.from(idx, (i) => stamps[i] * dt),
    senders: Uint32Array.from(idx, (i) => ids[i]),
    vmMv: Float64Array.from(idx, (i) => vL[i]),
  };
}

/**
 * Mean rate (spikes/s) of every recorded population over [tMinMs, tMaxMs), keyed "area-pop".
 * A spike at time t (its on-grid time stamp) counts if tMinMs <= t < tMaxMs.
 */
export function populationRates(runDir: string, tMinMs: number, tMaxMs: number): Record<string, number> {
  if (!(Number.isFinite(tMinMs) && Number.isFinite(tMaxMs) && tMaxMs > tMinMs && tMinMs >= 0)) {
    throw new Error(`time window [${tMinMs}, ${tMaxMs}) ms: expected 0 <= t_min < t_max`);
  }
  const layout = readRunLayout(runDir);
  const simulated = simulatedMs(runDir, layout);
  if (tMaxMs > simulated + 1e-9) {
    throw new Error(`t_max = ${tMaxMs} ms: the run covers only ${simulated} ms (see ${join(runDir, 'run_log.json')})`);
  }
  const spikes = readSpikes(runDir);
  const recorded = layout.populations.filter((p) => p.recordSpikes);
  const popOf = new Int32Array(recorded.reduce((m, p) => Math.max(m, p.first + p.size), 0)).fill(-1);
  recorded.forEach((p, k) => popOf.fill(k, p.first, p.first + p.size));
  const counts = new Float64Array(recorded.length);
  const eps = 1e-9;
  for (let i = 0; i < spikes.timesMs.length; i++) {
    const t = spikes.timesMs[i];
    if (t < tMinMs - eps || t >= tMaxMs - eps) continue;
    const k = popOf[spikes.senders[i]];
    if (k >= 0) counts[k]++;
  }
  const windowS = (tMaxMs - tMinMs) * 1e-3;
  const out: Record<string, number> = {};
  recorded.forEach((p, k) => (out[p.label] = p.size > 0 ? counts[k] / (p.size * windowS) : 0));
  return out;
}

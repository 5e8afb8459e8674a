/**
 * Reading the files of a run folder as they are: population layout, spikes and V_m traces (files
 * described in record-format.ts). Whether the run is complete is decided by run-folder-source.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { basename, join } from 'node:path';
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

/** A JSON file; errors name the file and what it should have been (`what`). */
export function readJsonFile(file: string, what = 'a file written by a simulation run'): any {
  if (!existsSync(file)) throw new Error(`${file} not found; expected ${what}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot be read as JSON (${(err as Error).message}); expected ${what}`);
  }
}

export function readRunLayout(runDir: string): RunLayout {
  const file = join(runDir, 'populations.json');
  if (!existsSync(file)) throw new Error(`run folder ${runDir}: populations.json not found; expected the output folder of a simulation`);
  return readJsonFile(file) as RunLayout;
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

/** The records of one spike file: time stamps (steps) and global neuron ids, in file order. */
export interface SpikeFileRecords {
  file: string;
  dt: number;
  stamps: Uint32Array;
  ids: Uint32Array;
  /** Bytes after the last whole record (a record cut short by a killed run). */
  trailingBytes: number;
}

/** Reads one spike file (header checked); a trailing partial record is left out and counted in trailingBytes. */
export function readSpikeFile(file: string): SpikeFileRecords {
  const buf = readFileSync(file);
  const dt = checkHeader(file, buf, SPIKE_MAGIC, 8);
  const n = Math.floor((buf.length - HEADER_BYTES) / 8);
  const words = new Uint32Array(2 * n);
  if (endianness() === 'LE') new Uint8Array(words.buffer).set(buf.subarray(HEADER_BYTES, HEADER_BYTES + 8 * n));
  else for (let i = 0; i < 2 * n; i++) words[i] = buf.readUInt32LE(HEADER_BYTES + 4 * i);
  const stamps = new Uint32Array(n);
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    stamps[i] = words[2 * i];
    ids[i] = words[2 * i + 1];
  }
  return { file, dt, stamps, ids, trailingBytes: buf.length - HEADER_BYTES - 8 * n };
}

/** The spike files of a run folder (`spikes-<k>.bin`, by k). */
export function spikeFiles(runDir: string): string[] {
  return recordFiles(runDir, 'spikes-');
}

/**
 * Whole records in each spike file of a run folder, by file name: what run_log.json records when
 * the run ends, so that readers can tell a folder changed since (a file deleted, cut or replaced).
 */
export function spikeRecordCounts(runDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of spikeFiles(runDir)) out[basename(file)] = Math.floor(Math.max(0, statSync(file).size - HEADER_BYTES) / 8);
  return out;
}

/**
 * Records of several spike files merged in time order (ties by id), as times (ms) and ids: stamp x dt,
 * or with `decimalTimes` and dt = 1/k ms, stamp / k, the double nearest the exact time (3 ms, not
 * 30 x 0.1 = 3.0000000000000004), which is what NEST's decimal output reads as.
 */
export function mergeSpikeRecords(parts: readonly SpikeFileRecords[], dt: number, decimalTimes = false): SpikeData {
  const total = parts.reduce((a, p) => a + p.stamps.length, 0);
  const stamps = new Uint32Array(total);
  const ids = new Uint32Array(total);
  let o = 0;
  for (const p of parts) {
    stamps.set(p.stamps, o);
    ids.set(p.ids, o);
    o += p.stamps.length;
  }
  const idx = order(stamps, ids);
  const timesMs = new Float64Array(total);
  const senders = new Uint32Array(total);
  const perMs = Math.round(1 / dt);
  const exact = decimalTimes && Math.abs(perMs * dt - 1) < 1e-12;
  for (let i = 0; i < total; i++) {
    timesMs[i] = exact ? stamps[idx[i]] / perMs : stamps[idx[i]] * dt;
    senders[i] = ids[idx[i]];
  }
  return { timesMs, senders };
}

/**
 * All recorded spikes of a run folder (every worker's file merged), in time order, as the files hold
 * them: no check that the run finished (see openRunFolderSource for that).
 */
export function readSpikes(runDir: string): SpikeData {
  const parts = spikeFiles(runDir).map(readSpikeFile);
  return mergeSpikeRecords(parts, parts[0]?.dt ?? readRunLayout(runDir).dt);
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

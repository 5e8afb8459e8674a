/**
 * NEST's ASCII recordings: one file per recorder and virtual process, `<label>-<recorder id>-<vp>.dat`
 * (NEST 3, RecordingBackendASCII: two comment lines, a header "sender<TAB>time_ms[<TAB>V_m ...]", one
 * record per line) or `.gdf` (NEST 2 spike files: "gid<TAB>time<TAB>" lines, no header). Read in
 * chunks, so files larger than a Node buffer are fine, into typed arrays. The one reader of these
 * files: the spike sources (nest-recording.ts) and `mam convert` (simulation/sonata/nest-dat.ts).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';

/** The records of one NEST ASCII file. */
export interface NestAsciiRecords {
  file: string;
  /** NEST node ids. */
  senders: Uint32Array;
  timesMs: Float64Array;
  /** Further columns (e.g. V_m of a voltmeter), by header name, in header order. */
  values: Record<string, Float64Array>;
  /** Latest time in the file (ms); -Infinity when it holds no record. */
  maxTimeMs: number;
  /** The file ends inside a line: a write cut short (that line is left out). */
  partialLastLine: boolean;
}

/** The records of a spike file (no further columns). */
export type NestAsciiSpikes = NestAsciiRecords;

/** `<label>-<recorder id>-<vp>.dat|gdf`: the recorder id and virtual process of a NEST spike file name, or null. */
export function nestFileVp(name: string, label: string): { recorder: number; vp: number } | null {
  if (!name.startsWith(`${label}-`)) return null;
  const m = /^(\d+)-(\d+)\.(dat|gdf)$/.exec(name.slice(label.length + 1));
  return m ? { recorder: Number(m[1]), vp: Number(m[2]) } : null;
}

const CHUNK_BYTES = 1 << 26;
const NL = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;

/** Columns that grow as records arrive. */
class Growing {
  senders: Uint32Array;
  times: Float64Array;
  values: Float64Array[];
  n = 0;
  constructor(capacity: number, extra: number) {
    this.senders = new Uint32Array(capacity);
    this.times = new Float64Array(capacity);
    this.values = Array.from({ length: extra }, () => new Float64Array(capacity));
  }
  /** Room for one more record. */
  reserve(): void {
    if (this.n < this.senders.length) return;
    const size = 2 * this.n + 16;
    const grow = <A extends Uint32Array | Float64Array>(a: A, make: (k: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.senders = grow(this.senders, (k) => new Uint32Array(k));
    this.times = grow(this.times, (k) => new Float64Array(k));
    this.values = this.values.map((v) => grow(v, (k) => new Float64Array(k)));
  }
  /** Sets the extra columns' count (once, at the header, before any record). */
  setExtra(extra: number): void {
    this.values = Array.from({ length: extra }, () => new Float64Array(this.senders.length));
  }
}

const isSep = (c: number) => c === TAB || c === SPACE || c === CR;

/** Splits a line into fields at tabs and spaces (a trailing separator, as NEST 2 writes, gives no field). */
function fields(buf: Buffer, from: number, to: number): string[] {
  const out: string[] = [];
  let i = from;
  while (i < to) {
    while (i < to && isSep(buf[i])) i++;
    if (i >= to) break;
    const a = i;
    while (i < to && !isSep(buf[i])) i++;
    out.push(buf.toString('latin1', a, i));
  }
  return out;
}

/**
 * Reads every record of a NEST ASCII file; errors name the file and line. `kind` 'spikes' (a
 * spike_recorder: sender and time only, .dat or .gdf) or 'samples' (a voltmeter / multimeter: a NEST 3
 * header naming the further columns).
 */
export function readNestAscii(file: string, kind: 'spikes' | 'samples'): NestAsciiRecords {
  const size = statSync(file).size;
  const out = new Growing(Math.ceil(size / 10) + 16, 0);
  let names: string[] = [];
  let maxTimeMs = -Infinity;
  let lineNo = 0;
  let headerSeen = false;
  const expected = () => (names.length === 0 ? '"<sender> <time in ms>" (a NEST node id >= 1 and a number)' : `"<sender> <time in ms> ${names.map((c) => `<${c}>`).join(' ')}" (a NEST node id >= 1 and numbers)`);
  const bad = (buf: Buffer, from: number, to: number): Error => new Error(`${file} line ${lineNo}: '${buf.toString('latin1', from, to).trim()}'; expected ${expected()}`);
  const parseLine = (buf: Buffer, from: number, to: number): void => {
    lineNo++;
    let i = from;
    while (i < to && isSep(buf[i])) i++;
    if (i === to || buf[i] === HASH) return;
    if (buf[i] < 48 || buf[i] > 57) return header(buf, i, to);
    if (kind === 'samples' && !headerSeen) throw new Error(`${file} line ${lineNo}: a record before the header; expected a NEST 3 recording with a header "sender<TAB>time_ms<TAB><column> ..." (NEST 2 .dat/.gdf sample files are not read)`);
    let sender = 0;
    for (; i < to && buf[i] >= 48 && buf[i] <= 57; i++) sender = sender * 10 + (buf[i] - 48);
    if (!(sender >= 1 && sender < 2 ** 32)) throw bad(buf, from, to);
    out.reserve();
    // The time, then the further columns: each a field after at least one separator.
    for (let k = -1; k < names.length; k++) {
      const a = i;
      while (i < to && isSep(buf[i])) i++;
      const b = i;
      while (i < to && !isSep(buf[i])) i++;
      const v = a === b || b === i ? Number.NaN : Number(buf.toString('latin1', b, i));
      if (!Number.isFinite(v)) throw bad(buf, from, to);
      if (k < 0) out.times[out.n] = v;
      else out.values[k][out.n] = v;
    }
    while (i < to && isSep(buf[i])) i++;
    if (i !== to) throw bad(buf, from, to);
    const t = out.times[out.n];
    out.senders[out.n++] = sender;
    if (t > maxTimeMs) maxTimeMs = t;
  };
  const header = (buf: Buffer, from: number, to: number): void => {
    const columns = fields(buf, from, to);
    if (headerSeen || lineNo > 3) throw new Error(`${file} line ${lineNo}: '${columns.join(' ')}' is not a record; expected ${expected()}`);
    if (columns[0] !== 'sender' || columns[1] !== 'time_ms') {
      throw new Error(`${file}: columns ${columns.join(', ')}; expected sender, time_ms, ... (a recorder with record_to 'ascii' and time_in_steps false)`);
    }
    names = columns.slice(2);
    if (kind === 'spikes' && names.length > 0) throw new Error(`${file}: columns ${columns.join(', ')}; expected sender, time_ms (a spike_recorder's file)`);
    if (kind === 'samples' && names.length === 0) throw new Error(`${file}: columns sender, time_ms only; expected sampled columns too (a voltmeter's or multimeter's file, e.g. V_m)`);
    out.setExtra(names.length);
    headerSeen = true;
  };
  const fd = openSync(file, 'r');
  let carry = Buffer.alloc(0);
  try {
    const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, size)));
    let position = 0;
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, position);
      if (got === 0) break;
      position += got;
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, got)]) : chunk.subarray(0, got);
      let start = 0;
      for (let at = 0; at < buf.length; at++) {
        if (buf[at] !== NL) continue;
        parseLine(buf, start, at);
        start = at + 1;
      }
      carry = Buffer.from(buf.subarray(start));
    }
  } finally {
    closeSync(fd);
  }
  if (kind === 'samples' && !headerSeen) throw new Error(`${file}: no header line; expected a NEST 3 recording ("sender<TAB>time_ms<TAB><column> ...")`);
  const values: Record<string, Float64Array> = {};
  names.forEach((name, k) => (values[name] = out.values[k].slice(0, out.n)));
  return { file, senders: out.senders.slice(0, out.n), timesMs: out.times.slice(0, out.n), values, maxTimeMs, partialLastLine: carry.length > 0 };
}

/** Reads every spike of a NEST ASCII spike file (.dat or .gdf); errors name the file and line. */
export function readNestAsciiSpikes(file: string): NestAsciiSpikes {
  return readNestAscii(file, 'spikes');
}

/** Whether a file ends with a newline (or is empty): NEST closes its files after whole lines. */
export function endsWithWholeLine(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === NL;
  } finally {
    closeSync(fd);
  }
}

/**
 * The last complete step of NEST spike files of a run that did not finish. NEST hands spikes to its
 * recorders one min-delay slice at a time, so a file holds the records of a slice only after all
 * those of the slices before it (in any order within a slice), and its stream may be cut anywhere.
 * The slice holding a file's latest spike time M began after M - min_delay, so every spike at or before
 * M - min_delay is in the file. run_nest.py and upstream connect the recorders with NEST's default
 * delay of 1 ms, so min_delay <= 1 ms: each file is complete up to M - 1 ms, and all files up to the
 * smallest such time. A file without spikes says nothing (then no time is known to be complete).
 */
export function nestUnfinishedEndMs(files: readonly NestAsciiSpikes[], maxMinDelay_ms = 1): number {
  if (files.length === 0) return 0;
  const ends = files.map((f) => (f.maxTimeMs === -Infinity ? 0 : f.maxTimeMs - maxMinDelay_ms));
  return Math.max(0, Number(Math.min(...ends).toPrecision(12)));
}

/** The records of several files concatenated (in file order); their further columns must agree. */
export function concatNestRecords(files: readonly NestAsciiRecords[]): { senders: Uint32Array; timesMs: Float64Array; values: Record<string, Float64Array> } {
  const names = files.length > 0 ? Object.keys(files[0].values) : [];
  for (const f of files) {
    const got = Object.keys(f.values);
    if (got.join(',') !== names.join(',')) throw new Error(`${f.file}: columns ${got.join(', ') || '(none)'} differ from ${names.join(', ') || '(none)'} of ${files[0].file}`);
  }
  const n = files.reduce((a, f) => a + f.senders.length, 0);
  const senders = new Uint32Array(n);
  const timesMs = new Float64Array(n);
  const values: Record<string, Float64Array> = Object.fromEntries(names.map((name) => [name, new Float64Array(n)]));
  let o = 0;
  for (const f of files) {
    senders.set(f.senders, o);
    timesMs.set(f.timesMs, o);
    for (const name of names) values[name].set(f.values[name], o);
    o += f.senders.length;
  }
  return { senders, timesMs, values };
}

/** File names for messages. */
export function fileNames(files: readonly { file: string }[]): string {
  return files.map((f) => basename(f.file)).join(', ');
}

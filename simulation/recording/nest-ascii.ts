/**
 * NEST's ASCII spike files: one per recorder and virtual process, `<label>-<recorder id>-<vp>.dat`
 * (NEST 3, RecordingBackendASCII: two comment lines, a header "sender<TAB>time_ms", one spike per
 * line) or `.gdf` (NEST 2: "gid<TAB>time<TAB>" lines, no header). Read in chunks, so files larger
 * than a Node buffer are fine, into typed arrays.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';

export interface NestAsciiSpikes {
  file: string;
  /** NEST node ids. */
  senders: Uint32Array;
  timesMs: Float64Array;
  /** Latest spike time in the file (ms); -Infinity when it holds none. */
  maxTimeMs: number;
  /** The file ends inside a line: a write cut short (that line is left out). */
  partialLastLine: boolean;
}

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

class Growing {
  senders: Uint32Array;
  times: Float64Array;
  n = 0;
  constructor(capacity: number) {
    this.senders = new Uint32Array(capacity);
    this.times = new Float64Array(capacity);
  }
  push(sender: number, t: number): void {
    if (this.n === this.senders.length) {
      const s = new Uint32Array(2 * this.n + 16);
      s.set(this.senders);
      const t2 = new Float64Array(2 * this.n + 16);
      t2.set(this.times);
      this.senders = s;
      this.times = t2;
    }
    this.senders[this.n] = sender;
    this.times[this.n++] = t;
  }
}

/** Splits a line into fields at tabs and spaces (a trailing separator, as NEST 2 writes, gives no field). */
function fields(buf: Buffer, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let i = from;
  while (i < to) {
    while (i < to && (buf[i] === TAB || buf[i] === SPACE || buf[i] === CR)) i++;
    if (i >= to) break;
    const a = i;
    while (i < to && buf[i] !== TAB && buf[i] !== SPACE && buf[i] !== CR) i++;
    out.push([a, i]);
  }
  return out;
}

/** Reads every spike of a NEST ASCII spike file (.dat or .gdf); errors name the file and line. */
export function readNestAsciiSpikes(file: string): NestAsciiSpikes {
  const size = statSync(file).size;
  const out = new Growing(Math.ceil(size / 10) + 16);
  let maxTimeMs = -Infinity;
  let lineNo = 0;
  let headerSeen = false;
  const isSep = (c: number) => c === TAB || c === SPACE || c === CR;
  const parseLine = (buf: Buffer, from: number, to: number): void => {
    lineNo++;
    let i = from;
    while (i < to && isSep(buf[i])) i++;
    if (i === to || buf[i] === HASH) return;
    if (buf[i] < 48 || buf[i] > 57) return header(buf, i, to);
    let sender = 0;
    for (; i < to && buf[i] >= 48 && buf[i] <= 57; i++) sender = sender * 10 + (buf[i] - 48);
    const a = i;
    while (i < to && isSep(buf[i])) i++;
    const b = i;
    while (i < to && !isSep(buf[i])) i++;
    const timeText = buf.toString('latin1', b, i);
    while (i < to && isSep(buf[i])) i++;
    const t = Number(timeText);
    if (a === b || i !== to || timeText === '' || !Number.isFinite(t) || !(sender >= 1 && sender < 2 ** 32)) {
      throw new Error(`${file} line ${lineNo}: '${buf.toString('latin1', from, to).trim()}'; expected "<sender> <time in ms>" (a NEST node id >= 1 and a number)`);
    }
    out.push(sender, t);
    if (t > maxTimeMs) maxTimeMs = t;
  };
  const header = (buf: Buffer, from: number, to: number): void => {
    const names = fields(buf, from, to).map(([a, b]) => buf.toString('latin1', a, b));
    if (headerSeen || lineNo > 3) throw new Error(`${file} line ${lineNo}: '${names.join(' ')}' is not a spike record; expected "<sender> <time in ms>"`);
    if (names.join(',') !== 'sender,time_ms') {
      throw new Error(`${file}: columns ${names.join(', ')}; expected sender, time_ms (a spike_recorder with record_to 'ascii' and time_in_steps false)`);
    }
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
      for (let i = 0; i < buf.length; i++) {
        if (buf[i] !== NL) continue;
        parseLine(buf, start, i);
        start = i + 1;
      }
      carry = Buffer.from(buf.subarray(start));
    }
  } finally {
    closeSync(fd);
  }
  const partialLastLine = carry.length > 0;
  return { file, senders: out.senders.slice(0, out.n), timesMs: out.times.slice(0, out.n), maxTimeMs, partialLastLine };
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

/** All spikes of several files concatenated (in file order). */
export function concatNestSpikes(files: readonly NestAsciiSpikes[]): { senders: Uint32Array; timesMs: Float64Array } {
  const n = files.reduce((a, f) => a + f.senders.length, 0);
  const senders = new Uint32Array(n);
  const timesMs = new Float64Array(n);
  let o = 0;
  for (const f of files) {
    senders.set(f.senders, o);
    timesMs.set(f.timesMs, o);
    o += f.senders.length;
  }
  return { senders, timesMs };
}

/** File names for messages. */
export function fileNames(files: readonly { file: string }[]): string {
  return files.map((f) => basename(f.file)).join(', ');
}

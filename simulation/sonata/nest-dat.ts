/**
 * NEST's ASCII recordings (RecordingBackendASCII, version 2), as run_nest.py leaves them in
 * <run>/recordings/: one file `<label>-<device id>-<virtual process>.dat` per virtual process, two
 * comment lines, a header "sender<TAB>time_ms[<TAB>V_m ...]" and one record per line. NEST's node ids
 * (gids) map to our node ids (the engine's global neuron ids, the node ids of an exported SONATA
 * circuit) through recordings/populations.json: node id = (first node id of the population) + gid - first_id.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/index.ts';

/** Records of one or more .dat files of a recorder. */
export interface NestRecords {
  senders: Float64Array;
  timesMs: Float64Array;
  /** Further columns (e.g. V_m), by header name. */
  values: Record<string, Float64Array>;
}

/** One population of run_nest.py's recordings/populations.json. */
export interface NestLayoutPopulation {
  label: string;
  /** NEST id of the first neuron; null when int(N) = 0 and nothing was created. */
  first_id: number | null;
  size: number;
  record_spikes?: boolean;
}

/** Parses the text of one NEST ASCII file; `file` names it in errors. */
export function parseNestDat(text: string, file: string): NestRecords {
  const lines = text.split(/\r?\n/);
  let header: string[] | null = null;
  const cols: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    if (header === null) {
      if (fields[0] !== 'sender') throw new Error(`${file} line ${i + 1}: header "${line}"; expected "sender<TAB>time_ms..." (NEST ASCII recording)`);
      if (fields[1] !== 'time_ms') throw new Error(`${file}: time column '${fields[1]}'; expected time_ms (record with time_in_steps = false)`);
      header = fields;
      header.forEach(() => cols.push([]));
      continue;
    }
    if (fields.length !== header.length) throw new Error(`${file} line ${i + 1}: ${fields.length} fields; expected ${header.length} (${header.join(', ')})`);
    for (let k = 0; k < fields.length; k++) {
      const v = Number(fields[k]);
      if (!Number.isFinite(v)) throw new Error(`${file} line ${i + 1}: ${header[k]} = '${fields[k]}' is not a number`);
      cols[k].push(v);
    }
  }
  if (header === null) throw new Error(`${file}: no header line; expected a NEST ASCII recording ("sender<TAB>time_ms...")`);
  const values: Record<string, Float64Array> = {};
  header.slice(2).forEach((name, k) => (values[name] = Float64Array.from(cols[k + 2])));
  return { senders: Float64Array.from(cols[0]), timesMs: Float64Array.from(cols[1]), values };
}

/** The .dat files of the recorder labelled `label` in `dir` (`<label>-*.dat`), sorted by name. */
export function nestRecordingFiles(dir: string, label: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`NEST recordings ${dir}: folder not found`);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${label}-`) && f.endsWith('.dat'))
    .sort()
    .map((f) => join(dir, f));
}

/** The records of all files (e.g. one per virtual process) merged, in file order. */
export function readNestDatFiles(files: string[]): NestRecords {
  const parts = files.map((f) => parseNestDat(readFileSync(f, 'utf8'), f));
  const names = parts.length ? Object.keys(parts[0].values) : [];
  for (const [i, p] of parts.entries()) {
    const got = Object.keys(p.values).join(',');
    if (got !== names.join(',')) throw new Error(`${files[i]}: columns ${got || '(none)'} differ from ${names.join(',') || '(none)'} of ${files[0]}`);
  }
  const cat = (pick: (p: NestRecords) => Float64Array) => {
    const out = new Float64Array(parts.reduce((s, p) => s + pick(p).length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(pick(p), o);
      o += pick(p).length;
    }
    return out;
  };
  const values: Record<string, Float64Array> = {};
  for (const name of names) values[name] = cat((p) => p.values[name]);
  return { senders: cat((p) => p.senders), timesMs: cat((p) => p.timesMs), values };
}

/**
 * The map between NEST gids and our node ids of a NEST layout (run_nest.py's populations.json, in
 * network order): populations take consecutive node ids in layout order, as in our engine.
 */
export class NestIdMap {
  private readonly firstNode: number[] = [];
  constructor(readonly layout: NestLayoutPopulation[], readonly source: string) {
    let next = 0;
    for (const [i, p] of layout.entries()) {
      if (typeof p.label !== 'string' || !Number.isInteger(p.size) || p.size < 0 || !(p.first_id === null || Number.isInteger(p.first_id))) {
        throw new Error(`${source}: entry ${i} is ${JSON.stringify(p)}; expected {label, first_id, size} as run_nest.py writes it`);
      }
      this.firstNode.push(next);
      next += p.size;
    }
  }

  /** Our node id of NEST gid `gid`; throws when no population holds it. */
  nodeId(gid: number): number {
    for (const [i, p] of this.layout.entries()) {
      if (p.first_id !== null && gid >= p.first_id && gid < p.first_id + p.size) return this.firstNode[i] + gid - p.first_id;
    }
    throw new Error(`${this.source}: NEST id ${gid} belongs to no population`);
  }

  /** NEST gid of our node id `nodeId`; throws when no population holds it. */
  gid(nodeId: number): number {
    for (const [i, p] of this.layout.entries()) {
      const first = this.firstNode[i];
      if (nodeId >= first && nodeId < first + p.size) {
        if (p.first_id === null) break;
        return p.first_id + nodeId - first;
      }
    }
    throw new Error(`${this.source}: node id ${nodeId} belongs to no created population`);
  }

  static read(file: string): NestIdMap {
    let layout: unknown;
    try {
      layout = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`NEST layout ${file}: cannot be read (${(err as Error).message}); expected recordings/populations.json of a run_nest.py run`);
    }
    if (!Array.isArray(layout)) throw new Error(`NEST layout ${file}: expected a list of {label, first_id, size}`);
    return new NestIdMap(layout as NestLayoutPopulation[], `NEST layout ${file}`);
  }
}

/** A number as NEST writes it with precision p (fixed notation). */
function fixed(x: number, p: number): string {
  return x.toFixed(p);
}

/**
 * Writes records as one NEST ASCII file `<dir>/<label>-<deviceId>-0.dat` (atomically). Times are
 * written with `precision` decimals (NEST's default 3; use more for finer grids), further columns
 * (e.g. V_m) with 15 significant digits.
 */
export function writeNestDat(dir: string, label: string, deviceId: number, records: NestRecords, precision = 3): string {
  const names = Object.keys(records.values);
  const n = records.senders.length;
  const parts: string[] = ['# NEST version: 3.10.0 (written by multiarea)\n# RecordingBackendASCII version: 2\n', ['sender', 'time_ms', ...names].join('\t'), '\n'];
  for (let i = 0; i < n; i++) {
    let line = `${records.senders[i]}\t${fixed(records.timesMs[i], precision)}`;
    for (const name of names) line += `\t${records.values[name][i].toPrecision(15)}`;
    parts.push(line, '\n');
  }
  const file = join(dir, `${label}-${deviceId}-0.dat`);
  writeFileAtomic(file, parts.join(''));
  return file;
}

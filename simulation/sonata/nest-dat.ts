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
import { concatNestRecords, readNestAscii } from '../recording/nest-ascii.ts';

/** Records of one or more .dat files of a recorder. */
export interface NestRecords {
  /** NEST node ids. */
  senders: ArrayLike<number>;
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

/** The .dat files of the recorder labelled `label` in `dir` (`<label>-*.dat`), sorted by name. */
export function nestRecordingFiles(dir: string, label: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`NEST recordings ${dir}: folder not found`);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${label}-`) && f.endsWith('.dat'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * The records of all files of one recorder (one per virtual process) merged, in file order, read by
 * the NEST ASCII reader of the spike sources (recording/nest-ascii.ts). A file that ends inside a line
 * was cut short: refused, since its last record may be cut too.
 */
export function readNestDatFiles(files: string[], kind: 'spikes' | 'samples'): NestRecords {
  const parts = files.map((f) => readNestAscii(f, kind));
  const cut = parts.filter((p) => p.partialLastLine);
  if (cut.length > 0) throw new Error(`${cut.map((p) => p.file).join(', ')}: end(s) inside a line, so the run did not finish or the file was cut short; expected whole NEST recordings`);
  return concatNestRecords(parts);
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

/**
 * HDF5 files on disk through h5wasm: SONATA files written so that they appear complete or not at all,
 * and the reader. The module loading and the writer are in h5-core.ts (no file access there, so the
 * browser explorer shares them).
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { h5Module, h5Ready, H5Writer, SLICE_ELEMENTS, splitPath, writeSonataHeader, type NumericArray } from './h5-core.ts';

export { h5Ready, H5Writer, type H5Dtype, type NumericArray } from './h5-core.ts';

/** A typed array of any dtype as numbers (64-bit integers must stay below 2^53). */
function toNumbers(data: unknown, what: string): Float64Array | NumericArray {
  if (data instanceof BigUint64Array || data instanceof BigInt64Array) {
    const out = new Float64Array(data.length);
    const words = new Uint32Array(data.buffer, data.byteOffset, 2 * data.length);
    const signed = data instanceof BigInt64Array;
    for (let i = 0; i < data.length; i++) {
      const hi = words[2 * i + 1];
      out[i] = signed && hi >= 0x80000000 ? Number(data[i]) : hi * 4294967296 + words[2 * i];
      if (!Number.isSafeInteger(out[i])) throw new Error(`${what}[${i}] = ${String(data[i])}: beyond 2^53`);
    }
    return out;
  }
  if (ArrayBuffer.isView(data)) return data as NumericArray;
  if (typeof data === 'number') return Float64Array.of(data);
  if (typeof data === 'bigint') return Float64Array.of(Number(data));
  throw new Error(`${what}: not a numeric dataset`);
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the HDF5 signature is at offset 0 or after a user block (512, 1024, 2048, ... bytes). */
function hasHdf5Signature(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(8);
    for (let at = 0; at + 8 <= size; at = at === 0 ? 512 : 2 * at) {
      readSync(fd, buf, 0, 8, at);
      if (SIGNATURE.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a SONATA HDF5 file (root attributes magic and version, then what `write` adds) so that it
 * appears complete or not at all: under a temporary name, renamed when closed.
 */
export async function writeSonataH5(path: string, write: (h5: H5Writer) => void | Promise<void>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const h5 = await H5Writer.create(tmp);
  let open = true;
  try {
    writeSonataHeader(h5);
    await write(h5);
    h5.close();
    open = false;
    renameSync(tmp, path);
  } catch (err) {
    if (open) h5.close();
    rmSync(tmp, { force: true });
    throw err;
  }
}

export interface H5DatasetInfo {
  /** numpy-style dtype ('uint64', 'float64', 'string', ...). */
  dtype: string;
  shape: number[];
}

/** Reads one HDF5 file; call close() when done. */
export class H5Reader {
  private readonly file: any;

  private constructor(readonly path: string) {
    this.file = new (h5Module().File)(path, 'r');
  }

  /** Opens `path`; `what` says what the file should be, for error messages. */
  static async open(path: string, what: string): Promise<H5Reader> {
    if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`${what} ${path}: file not found`);
    if (!hasHdf5Signature(path)) throw new Error(`${what} ${path}: not an HDF5 file (no HDF5 signature)`);
    await h5Ready();
    let reader: H5Reader;
    try {
      reader = new H5Reader(path);
    } catch (err) {
      throw new Error(`${what} ${path}: cannot be opened as HDF5 (${(err as Error).message ?? err})`);
    }
    if (reader.file.file_id === undefined || reader.file.file_id < 0n) throw new Error(`${what} ${path}: not an HDF5 file`);
    return reader;
  }

  /** Whether an object exists at `path`. */
  has(path: string): boolean {
    const { parent, name } = splitPath(path);
    if (path === '/') return true;
    if (parent !== '/' && !this.has(parent)) return false;
    const g = parent === '/' ? this.file : this.file.get(parent);
    return g !== null && typeof g.keys === 'function' && g.keys().includes(name);
  }

  isGroup(path: string): boolean {
    const obj = this.has(path) ? (path === '/' ? this.file : this.file.get(path)) : null;
    return obj !== null && obj.type === 'Group';
  }

  /** Names of the members of the group at `path` ([] if it is no group). */
  keys(path: string): string[] {
    return this.isGroup(path) ? (path === '/' ? this.file : this.file.get(path)).keys() : [];
  }

  private dataset(path: string): any {
    const ds = this.has(path) ? this.file.get(path) : null;
    if (!ds || ds.type !== 'Dataset') throw new Error(`${this.path}: dataset ${path} not found`);
    return ds;
  }

  info(path: string): H5DatasetInfo {
    const ds = this.dataset(path);
    return { dtype: dtypeName(ds.metadata), shape: ds.shape ?? [] };
  }

  /** A numeric dataset as numbers (64-bit integers converted, exact below 2^53), all of it or [start, end). */
  numeric(path: string, start?: number, end?: number): Float64Array | NumericArray {
    const ds = this.dataset(path);
    const data = start === undefined ? ds.value : ds.slice([[start, end ?? null]]);
    return toNumbers(data, `${this.path}:${path}`);
  }

  /** A string dataset (scalar or 1D) as strings. */
  strings(path: string): string[] {
    const v = this.dataset(path).value;
    const list = Array.isArray(v) ? v : [v];
    return list.map((s: unknown) => (s instanceof Uint8Array ? new TextDecoder().decode(s) : String(s)));
  }

  /** The attribute `name` of the object at `path`, or undefined: strings as strings, numbers as a number or an array. */
  attr(path: string, name: string): { value: string | number | number[]; enumMembers?: Record<string, number> } | undefined {
    const obj = path === '/' ? this.file : this.has(path) ? this.file.get(path) : null;
    if (!obj) return undefined;
    const attrs = obj.attrs;
    if (!(name in attrs)) return undefined;
    const a = attrs[name];
    const enumMembers = a.metadata?.enum_type?.members as Record<string, number> | undefined;
    const v = a.value;
    if (typeof v === 'string') return { value: v };
    if (typeof v === 'number') return { value: v, enumMembers };
    if (typeof v === 'bigint') return { value: Number(v), enumMembers };
    if (ArrayBuffer.isView(v)) {
      const nums = Array.from(toNumbers(v, `${path}@${name}`));
      return { value: nums.length === 1 && (a.shape === null || a.shape.length === 0) ? nums[0] : nums, enumMembers };
    }
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return { value: v.join(' ') };
    return { value: String(v) };
  }

  close(): void {
    this.file.close();
  }
}

/** numpy-style dtype name of h5wasm dataset metadata. */
function dtypeName(m: any): string {
  const H5T_INTEGER = 0, H5T_FLOAT = 1, H5T_STRING = 3, H5T_ENUM = 8;
  if (m.type === H5T_INTEGER) return `${m.signed ? 'int' : 'uint'}${8 * m.size}`;
  if (m.type === H5T_FLOAT) return `float${8 * m.size}`;
  if (m.type === H5T_STRING) return 'string';
  if (m.type === H5T_ENUM) return 'enum';
  return `class${m.type}`;
}

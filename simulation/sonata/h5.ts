/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly): the small surface the SONATA
 * writers and readers need. Files are written with format bounds earliest..v1.10 so that HDF5 1.10
 * (h5py and NEST on Debian 12, BMTK, libsonata) reads them. Large datasets are written and read in
 * slices, so the WebAssembly heap (2 GiB at most) never holds a whole edge list.
 *
 * SONATA dtypes (numpy-style names) map to h5wasm's struct-style codes in H5_DTYPES.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { SONATA_MAGIC, SONATA_VERSION } from './sonata-format.ts';

export type H5Dtype = 'uint8' | 'int8' | 'uint16' | 'uint32' | 'int32' | 'uint64' | 'int64' | 'float32' | 'float64';
export type NumericArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array | Int8Array;

const H5_DTYPES: Record<H5Dtype, string> = {
  uint8: '<B',
  int8: '<b',
  uint16: '<H',
  uint32: '<I',
  int32: '<i',
  uint64: '<Q',
  int64: '<q',
  float32: '<f',
  float64: '<d',
};

/** Elements written or read per slice of a large dataset (8 MiB of float64). */
const SLICE_ELEMENTS = 1 << 20;
/** Elements per HDF5 chunk: small enough that the partly filled last chunk wastes little space. */
const CHUNK_ELEMENTS = 1 << 16;

/** The h5wasm module, loaded on first use: loading it costs several hundred MiB of memory. */
let h5wasm: any = null;
let loading: Promise<void> | null = null;

/** Loads the WebAssembly module once. */
export async function h5Ready(): Promise<void> {
  loading ??= (async () => {
    const mod = (await import('h5wasm/node')).default;
    await mod.ready;
    h5wasm = mod;
  })();
  await loading;
}

/** Values as the dtype's typed array; 64-bit integers through two 32-bit words (no BigInt per element). */
function toStorage(values: ArrayLike<number>, dtype: H5Dtype, what: string): ArrayBufferView {
  const n = values.length;
  switch (dtype) {
    case 'float64': return values instanceof Float64Array ? values : Float64Array.from(values);
    case 'float32': return values instanceof Float32Array ? values : Float32Array.from(values);
    case 'uint32': return values instanceof Uint32Array ? values : Uint32Array.from(values);
    case 'int32': return values instanceof Int32Array ? values : Int32Array.from(values);
    case 'uint16': return Uint16Array.from(values);
    case 'uint8': return Uint8Array.from(values);
    case 'int8': return Int8Array.from(values);
    case 'uint64':
    case 'int64': {
      const words = new Uint32Array(2 * n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!Number.isSafeInteger(v) || (dtype === 'uint64' && v < 0)) throw new Error(`${what}[${i}] = ${v}: expected a whole number for ${dtype}`);
        const lo = v >>> 0;
        words[2 * i] = lo;
        words[2 * i + 1] = Math.floor((v - lo) / 4294967296) >>> 0;
      }
      return dtype === 'uint64' ? new BigUint64Array(words.buffer) : new BigInt64Array(words.buffer);
    }
  }
}

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

function splitPath(path: string): { parent: string; name: string } {
  const at = path.lastIndexOf('/');
  return { parent: at <= 0 ? '/' : path.slice(0, at), name: path.slice(at + 1) };
}

/** Writes one HDF5 file; call close() (also after errors). Paths are absolute within the file ("/nodes/x/y"). */
export class H5Writer {
  private readonly file: any;
  private readonly groups = new Map<string, any>();

  private constructor(readonly path: string) {
    this.file = new h5wasm.File(path, 'w', { libver: ['earliest', 'v110'] });
    this.groups.set('/', this.file);
  }

  static async create(path: string): Promise<H5Writer> {
    await h5Ready();
    return new H5Writer(path);
  }

  /** The group at `path`, created with its parents if missing. */
  group(path: string): any {
    const norm = path === '' ? '/' : path;
    const known = this.groups.get(norm);
    if (known) return known;
    const { parent, name } = splitPath(norm);
    const g = this.group(parent).create_group(name);
    if (!g) throw new Error(`${this.path}: cannot create group ${norm}`);
    this.groups.set(norm, g);
    return g;
  }

  /** A numeric dataset; `shape` defaults to [values.length]. */
  numeric(path: string, values: ArrayLike<number>, dtype: H5Dtype, shape?: number[]): any {
    const { parent, name } = splitPath(path);
    return this.group(parent).create_dataset({ name, data: toStorage(values, dtype, path), shape: shape ?? [values.length], dtype: H5_DTYPES[dtype] });
  }

  /** A scalar numeric dataset (shape []). */
  scalar(path: string, value: number, dtype: H5Dtype): any {
    return this.numeric(path, [value], dtype, []);
  }

  /**
   * A numeric dataset of `rows` rows (shape [rows], or [rows, cols] when cols > 1) written in slices of
   * rows: `fill(start, end)` returns the values of rows [start, end), row-major. Chunked storage, so
   * that readers can read it in slices too.
   */
  sliced(path: string, rows: number, dtype: H5Dtype, fill: (start: number, end: number) => ArrayLike<number>, cols = 1): void {
    const { parent, name } = splitPath(path);
    const sliceRows = Math.max(1, Math.floor(SLICE_ELEMENTS / cols));
    const chunkRows = Math.max(1, Math.min(rows, Math.floor(CHUNK_ELEMENTS / cols)));
    const twoD = cols > 1;
    const ds = this.group(parent).create_dataset({
      name,
      data: toStorage([], dtype, path),
      shape: twoD ? [0, cols] : [0],
      maxshape: twoD ? [null, cols] : [null],
      chunks: twoD ? [chunkRows, cols] : [chunkRows],
      dtype: H5_DTYPES[dtype],
    });
    if (rows === 0) return;
    ds.resize(twoD ? [rows, cols] : [rows]);
    for (let a = 0; a < rows; a += sliceRows) {
      const b = Math.min(rows, a + sliceRows);
      const values = fill(a, b);
      if (values.length !== (b - a) * cols) throw new Error(`${path}: rows [${a}, ${b}) have ${values.length} values; expected ${(b - a) * cols}`);
      ds.write_slice(twoD ? [[a, b], [0, cols]] : [[a, b]], toStorage(values, dtype, path));
    }
  }

  /** A hard link `linkPath` to the object at `targetPath` (same data under a second name). */
  link(targetPath: string, linkPath: string): void {
    const { parent, name } = splitPath(linkPath);
    this.group(parent).create_hard_link(targetPath, name);
  }

  /** A UTF-8 string dataset: a scalar for a string, 1D for a list. */
  strings(path: string, value: string | string[]): any {
    const { parent, name } = splitPath(path);
    return this.group(parent).create_dataset({ name, data: value, dtype: 'S' });
  }

  /** An attribute of the object at `path`: a UTF-8 string, or numbers of `dtype` (a scalar unless `shape`). */
  attr(path: string, name: string, value: string | number | number[], dtype?: H5Dtype, shape?: number[] | null): void {
    const obj = path === '/' ? this.file : this.file.get(path);
    if (!obj) throw new Error(`${this.path}: no object ${path} for attribute ${name}`);
    if (typeof value === 'string') {
      obj.create_attribute(name, value);
      return;
    }
    const values = typeof value === 'number' ? [value] : value;
    const dt = dtype ?? 'float64';
    obj.create_attribute(name, toStorage(values, dt, `${path}@${name}`), shape === undefined ? (typeof value === 'number' ? [] : [values.length]) : shape, H5_DTYPES[dt]);
  }

  close(): void {
    this.file.close();
  }
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
    h5.attr('/', 'magic', SONATA_MAGIC, 'uint32');
    h5.attr('/', 'version', SONATA_VERSION, 'uint32');
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
    this.file = new h5wasm.File(path, 'r');
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

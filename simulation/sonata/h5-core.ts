/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly): loading the module (the host's
 * build: Node's reads and writes files, the browser's works in memory) and the writer the SONATA files
 * are made with. Files are written with format bounds earliest..v1.10 so that HDF5 1.10 (h5py and NEST
 * on Debian 12, BMTK, libsonata) reads them. Large datasets are written in slices, so the WebAssembly
 * heap (2 GiB at most) never holds a whole edge list. No file access here (h5.ts adds it), so the
 * browser explorer writes SONATA files with the same code.
 *
 * SONATA dtypes (numpy-style names) map to h5wasm's struct-style codes in H5_DTYPES.
 */
import { loadH5wasm } from '../../core/index.ts';
import { SONATA_MAGIC, SONATA_VERSION } from './sonata-format.ts';

export type H5Dtype = 'uint8' | 'int8' | 'uint16' | 'uint32' | 'int32' | 'uint64' | 'int64' | 'float32' | 'float64';
export type NumericArray = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array | Int8Array;

export const H5_DTYPES: Record<H5Dtype, string> = {
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
export const SLICE_ELEMENTS = 1 << 20;
/** Elements per HDF5 chunk: small enough that the partly filled last chunk wastes little space. */
const CHUNK_ELEMENTS = 1 << 16;

/** The h5wasm module, loaded on first use: loading it costs several hundred MiB of memory. */
let h5wasm: any = null;
let loading: Promise<void> | null = null;

/** Loads the WebAssembly module once. */
export async function h5Ready(): Promise<void> {
  loading ??= (async () => {
    const mod = await loadH5wasm();
    await mod.ready;
    h5wasm = mod;
  })();
  await loading;
}

/** The loaded h5wasm module (after h5Ready). */
export function h5Module(): any {
  if (h5wasm === null) throw new Error('h5wasm is not loaded: await h5Ready() first');
  return h5wasm;
}

/** Values as the dtype's typed array; 64-bit integers through two 32-bit words (no BigInt per element). */
export function toStorage(values: ArrayLike<number>, dtype: H5Dtype, what: string): ArrayBufferView {
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

export function splitPath(path: string): { parent: string; name: string } {
  const at = path.lastIndexOf('/');
  return { parent: at <= 0 ? '/' : path.slice(0, at), name: path.slice(at + 1) };
}

/** Writes one HDF5 file; call close() (also after errors). Paths are absolute within the file ("/nodes/x/y"). */
export class H5Writer {
  private readonly file: any;
  private readonly groups = new Map<string, any>();

  private constructor(readonly path: string) {
    this.file = new (h5Module().File)(path, 'w', { libver: ['earliest', 'v110'] });
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

/** The root attributes of every SONATA HDF5 file (magic and version). */
export function writeSonataHeader(h5: H5Writer): void {
  h5.attr('/', 'magic', SONATA_MAGIC, 'uint32');
  h5.attr('/', 'version', SONATA_VERSION, 'uint32');
}

/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0): reading numeric arrays of either byte order and
 * either memory order, and writing float64/float32/int32/int64 arrays in C order.
 *
 * Layout: the magic string "\x93NUMPY", major and minor version bytes, the header length (uint16 LE for
 * version 1, uint32 LE for versions 2 and 3), then an ASCII (v1/v2) or UTF-8 (v3) header holding a Python
 * dict literal such as `{'descr': '<f8', 'fortran_order': False, 'shape': (254, 254), }`, padded with spaces
 * to a multiple of 64 bytes and ended by a newline; then the raw array data.
 */
import { writeFileAtomic } from './atomic-write.ts';
import { dataSource } from './data-source.ts';

/** A dense n-dimensional array; `data` is always in C (row-major) order. */
export interface NpyArray {
  shape: number[];
  data: Float64Array;
}

/** Element types the writer can produce (little-endian). */
export type NpyWriteDtype = '<f8' | '<f4' | '<i4' | '<i8';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface ElementType {
  size: number;
  read: (view: DataView, offset: number, littleEndian: boolean, source: string) => number;
}

const ELEMENT_TYPES: Record<string, ElementType> = {
  f8: { size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  f4: { size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
  b1: { size: 1, read: (v, o) => (v.getUint8(o) === 0 ? 0 : 1) },
  i2: { size: 2, read: (v, o, le) => v.getInt16(o, le) },
  u2: { size: 2, read: (v, o, le) => v.getUint16(o, le) },
  i4: { size: 4, read: (v, o, le) => v.getInt32(o, le) },
  u4: { size: 4, read: (v, o, le) => v.getUint32(o, le) },
  i8: { size: 8, read: (v, o, le, source) => exactInteger(v.getBigInt64(o, le), source) },
  u8: { size: 8, read: (v, o, le, source) => exactInteger(v.getBigUint64(o, le), source) },
};

function exactInteger(value: bigint, source: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`${source}: 64-bit integer ${value} cannot be represented exactly as a float64`);
  }
  return n;
}

/** Read a .npy file (through the data source: from disk in Node). */
export function readNpy(path: string): NpyArray {
  let bytes: Uint8Array;
  try {
    bytes = dataSource().readBytes(path);
  } catch (err) {
    throw new Error(`npy file ${path}: cannot read (${(err as Error).message})`);
  }
  return decodeNpy(bytes, path);
}

/** Decode the bytes of a .npy file; `source` names the file in error messages. */
export function decodeNpy(bytes: Uint8Array, source = 'npy data'): NpyArray {
  const fail = (what: string): never => {
    throw new Error(`npy file ${source}: ${what}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail('not a NumPy .npy file (missing the \\x93NUMPY magic string)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const minor = bytes[7];
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated header');
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    return fail(`unsupported format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) fail(`header length ${headerLength} runs past the end of the file`);
  const headerBytes = bytes.subarray(headerStart, dataStart);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const header = parseHeader(headerText, source);

  const descr = header.descr;
  const match = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  const typeKey = match ? `${match[2]}${match[3]}` : '';
  const elementType = ELEMENT_TYPES[typeKey];
  if (!match || !elementType) {
    return fail(
      `unsupported dtype ${JSON.stringify(descr)} (expected a numeric dtype such as '<f8', '>f4', '<i4', '<i8')`,
    );
  }
  // '=' means native order, which numpy only writes on little-endian machines in practice.
  const littleEndian = match[1] !== '>';

  const shape = header.shape;
  const count = shape.reduce((a, b) => a * b, 1);
  const expectedBytes = count * elementType.size;
  const available = bytes.length - dataStart;
  if (available < expectedBytes) {
    fail(`data section has ${available} bytes, but shape (${shape.join(', ')}) of ${descr} needs ${expectedBytes}`);
  }
  if (available > expectedBytes) {
    fail(`data section has ${available - expectedBytes} trailing bytes beyond shape (${shape.join(', ')}) of ${descr}`);
  }

  const raw = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    raw[i] = elementType.read(view, dataStart + i * elementType.size, littleEndian, source);
  }
  const data = header.fortranOrder && shape.length > 1 ? fortranToC(raw, shape) : raw;
  return { shape, data };
}

/** Reorder column-major (Fortran) data to row-major (C) order. */
function fortranToC(src: Float64Array, shape: number[]): Float64Array {
  const ndim = shape.length;
  const out = new Float64Array(src.length);
  // Strides of the source (Fortran) layout.
  const fStrides = new Array<number>(ndim);
  let stride = 1;
  for (let d = 0; d < ndim; d++) {
    fStrides[d] = stride;
    stride *= shape[d];
  }
  const index = new Array<number>(ndim).fill(0);
  for (let c = 0; c < src.length; c++) {
    let f = 0;
    for (let d = 0; d < ndim; d++) f += index[d] * fStrides[d];
    out[c] = src[f];
    // Advance the C-order multi-index (last axis fastest).
    for (let d = ndim - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/** Parse the Python dict literal of the header (only the constructs numpy writes). */
function parseHeader(text: string, source: string): NpyHeader {
  const fail = (what: string): never => {
    throw new Error(`npy file ${source}: malformed header ${JSON.stringify(text.trim())}: ${what}`);
  };
  let pos = 0;
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const expect = (ch: string) => {
    skipSpace();
    if (text[pos] !== ch) fail(`expected '${ch}' at offset ${pos}`);
    pos++;
  };
  const parseString = (): string => {
    skipSpace();
    const quote = text[pos];
    if (quote !== "'" && quote !== '"') fail(`expected a quoted string at offset ${pos}`);
    const end = text.indexOf(quote, pos + 1);
    if (end < 0) fail('unterminated string');
    const s = text.slice(pos + 1, end);
    pos = end + 1;
    return s;
  };
  const parseValue = (): unknown => {
    skipSpace();
    const ch = text[pos];
    if (ch === "'" || ch === '"') return parseString();
    if (text.startsWith('True', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('False', pos)) {
      pos += 5;
      return false;
    }
    if (ch === '(') {
      pos++;
      const items: number[] = [];
      for (;;) {
        skipSpace();
        if (text[pos] === ')') {
          pos++;
          return items;
        }
        const m = /^\d+L?/.exec(text.slice(pos));
        if (!m) return fail(`expected a non-negative integer in the shape tuple at offset ${pos}`);
        items.push(Number.parseInt(m[0], 10));
        pos += m[0].length;
        skipSpace();
        if (text[pos] === ',') pos++;
        else if (text[pos] !== ')') fail(`expected ',' or ')' in the shape tuple at offset ${pos}`);
      }
    }
    if (ch === '[') return fail('structured dtypes are not supported');
    return fail(`unexpected value at offset ${pos}`);
  };

  expect('{');
  const dict: Record<string, unknown> = {};
  for (;;) {
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      break;
    }
    const key = parseString();
    expect(':');
    dict[key] = parseValue();
    skipSpace();
    if (text[pos] === ',') pos++;
    else if (text[pos] !== '}') fail(`expected ',' or '}' at offset ${pos}`);
  }
  skipSpace();
  if (pos !== text.length) fail('trailing characters after the dict');

  if (typeof dict.descr !== 'string') fail("missing 'descr' string");
  if (typeof dict.fortran_order !== 'boolean') fail("missing 'fortran_order' boolean");
  if (!Array.isArray(dict.shape)) fail("missing 'shape' tuple");
  return { descr: dict.descr as string, fortranOrder: dict.fortran_order as boolean, shape: dict.shape as number[] };
}

/** Encode an array as the bytes of a .npy file (C order, version 1.0 unless the header needs 2.0). */
export function encodeNpy(array: NpyArray, dtype: NpyWriteDtype = '<f8'): Uint8Array {
  const { shape, data } = array;
  if (!Array.isArray(shape) || shape.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new Error(`encodeNpy: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) {
    throw new Error(`encodeNpy: data has ${data.length} elements, but shape (${shape.join(', ')}) needs ${count}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // numpy pads so that the data start is aligned to 64 bytes; the header ends with a newline.
  let version = 1;
  let prefix = 10;
  if (dict.length + 1 + prefix > 0xffff) {
    version = 2;
    prefix = 12;
  }
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - prefix - dict.length - 1) + '\n';

  const size = dtype === '<f8' || dtype === '<i8' ? 8 : 4;
  const out = new Uint8Array(total + count * size);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);

  for (let i = 0; i < count; i++) {
    const offset = total + i * size;
    const x = data[i];
    switch (dtype) {
      case '<f8':
        view.setFloat64(offset, x, true);
        break;
      case '<f4':
        view.setFloat32(offset, x, true);
        break;
      case '<i4':
        if (!Number.isInteger(x) || x < -0x80000000 || x > 0x7fffffff) {
          throw new Error(`encodeNpy: element ${i} = ${x} is not an int32`);
        }
        view.setInt32(offset, x, true);
        break;
      case '<i8':
        if (!Number.isSafeInteger(x)) throw new Error(`encodeNpy: element ${i} = ${x} is not an exact integer`);
        view.setBigInt64(offset, BigInt(x), true);
        break;
    }
  }
  return out;
}

/** Write an array to a .npy file atomically. */
export function writeNpy(path: string, array: NpyArray, dtype: NpyWriteDtype = '<f8'): void {
  writeFileAtomic(path, encodeNpy(array, dtype));
}

/** The rows of a 2-D array as a list of Float64Array views (no copy). */
export function npyRows(array: NpyArray): Float64Array[] {
  if (array.shape.length !== 2) {
    throw new Error(`npyRows: expected a 2-D array, got shape (${array.shape.join(', ')})`);
  }
  const [rows, cols] = array.shape;
  return Array.from({ length: rows }, (_, r) => array.data.subarray(r * cols, (r + 1) * cols));
}

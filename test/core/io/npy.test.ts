import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, readNpy, writeNpy, npyRows, type NpyArray } from '../../../core/io/npy.ts';
import { HAS_SHARED, PROJECT_ROOT, SKIP_SHARED_MESSAGE, sharedPath } from '../../helpers/shared.ts';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'npy');
const fixture = (name: string) => join(FIXTURES, name);
const A = [-1.25, -0.75, -0.25, 0.25, 0.75, 1.25]; // the 2x3 array of the fixtures, C order
const tmp = mkdtempSync(join(tmpdir(), 'npy-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readNpy on files written by NumPy', () => {
  it.each([
    'f8_le_c_v1.npy', 'f8_le_c_v2.npy', 'f8_le_c_v3.npy', 'f8_be_c.npy', 'f8_le_fortran.npy', 'f4_le.npy', 'f4_be_fortran.npy',
  ])('%s -> shape (2, 3) in C order', (name) => {
    const a = readNpy(fixture(name));
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual(A);
    expect(a.data).toBeInstanceOf(Float64Array);
  });
  it.each(['i4_le.npy', 'i4_be.npy'])('%s: int32 extremes', (name) => {
    expect(Array.from(readNpy(fixture(name)).data)).toEqual([-3, 0, 7, 2147483647, -2147483648, 1]);
  });
  it.each(['i8_le_1d.npy', 'i8_be_1d.npy'])('%s: exact int64 up to 2^53-1', (name) => {
    const a = readNpy(fixture(name));
    expect(a.shape).toEqual([4]);
    expect(Array.from(a.data)).toEqual([-(2 ** 53 - 1), 0, 2 ** 53 - 1, 42]);
  });
  it('3-D Fortran order is returned in C order', () => {
    const a = readNpy(fixture('f8_3d_fortran.npy'));
    expect(a.shape).toEqual([2, 3, 4]);
    expect(Array.from(a.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });
  it('0-d and empty arrays', () => {
    expect(readNpy(fixture('f8_scalar.npy'))).toEqual({ shape: [], data: new Float64Array([3.5]) });
    expect(readNpy(fixture('f8_empty.npy'))).toEqual({ shape: [0, 4], data: new Float64Array(0) });
  });
});

describe('writeNpy', () => {
  const array: NpyArray = { shape: [2, 3], data: new Float64Array(A) };
  it('writes the same bytes as numpy.save for float64, float32 and int32', () => {
    expect(Buffer.from(encodeNpy(array))).toEqual(readFileSync(fixture('f8_le_c_v1.npy')));
    expect(Buffer.from(encodeNpy(array, '<f4'))).toEqual(readFileSync(fixture('f4_le.npy')));
    const ints: NpyArray = { shape: [2, 3], data: new Float64Array([-3, 0, 7, 2147483647, -2147483648, 1]) };
    expect(Buffer.from(encodeNpy(ints, '<i4'))).toEqual(readFileSync(fixture('i4_le.npy')));
    const longs: NpyArray = { shape: [4], data: new Float64Array([-(2 ** 53 - 1), 0, 2 ** 53 - 1, 42]) };
    expect(Buffer.from(encodeNpy(longs, '<i8'))).toEqual(readFileSync(fixture('i8_le_1d.npy')));
    expect(Buffer.from(encodeNpy({ shape: [], data: new Float64Array([3.5]) }))).toEqual(readFileSync(fixture('f8_scalar.npy')));
  });
  it('round-trips through a file, atomically (no temporary file left)', () => {
    const values = new Float64Array([Math.PI, -0, 1e-310, Number.MAX_VALUE, NaN, -Infinity]);
    const path = join(tmp, 'round.npy');
    writeNpy(path, { shape: [3, 2], data: values });
    const back = readNpy(path);
    expect(back.shape).toEqual([3, 2]);
    expect(Object.is(back.data[1], -0)).toBe(true);
    expect(Array.from(back.data)).toEqual(Array.from(values));
    expect(npyRows(back).map((r) => Array.from(r))).toEqual([[Math.PI, -0], [1e-310, Number.MAX_VALUE], [NaN, -Infinity]]);
    expect(readFileSync(path).length % 16).toBe(0);
  });
  it('rejects data that do not fit the shape or the dtype', () => {
    expect(() => encodeNpy({ shape: [2, 2], data: new Float64Array(3) })).toThrow(/3 elements, but shape \(2, 2\) needs 4/);
    expect(() => encodeNpy({ shape: [1], data: new Float64Array([1.5]) }, '<i4')).toThrow(/element 0 = 1.5 is not an int32/);
  });
});

describe('readNpy errors name the file and the problem', () => {
  const good = readFileSync(fixture('f8_le_c_v1.npy'));
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(tmp, name);
    writeFileSync(path, bytes);
    return path;
  };
  it('missing file', () => {
    expect(() => readNpy(join(tmp, 'absent.npy'))).toThrow(/npy file .*absent\.npy: cannot read/);
  });
  it('not an npy file', () => {
    const path = write('text.npy', Buffer.from('hello world, not numpy'));
    expect(() => readNpy(path)).toThrow(new RegExp(`npy file ${path}: not a NumPy \\.npy file`));
  });
  it('truncated data', () => {
    const path = write('short.npy', good.subarray(0, good.length - 8));
    expect(() => readNpy(path)).toThrow(/short\.npy: data section has 40 bytes, but shape \(2, 3\) of <f8 needs 48/);
  });
  it('unsupported dtype and version', () => {
    const complex = Buffer.from(good);
    complex.write("'<c8'", complex.indexOf("'<f8'"), 'latin1');
    expect(() => decodeNpy(complex, 'c.npy')).toThrow(/c\.npy: unsupported dtype "<c8"/);
    const v9 = Buffer.from(good);
    v9[6] = 9;
    expect(() => decodeNpy(v9, 'v9.npy')).toThrow(/v9\.npy: unsupported format version 9\.0/);
  });
  it('malformed header', () => {
    const bad = Buffer.from(good);
    bad.write('X', bad.indexOf("'shape'") + 10, 'latin1');
    expect(() => decodeNpy(bad, 'h.npy')).toThrow(/h\.npy: malformed header/);
  });
});

describe.skipIf(!HAS_SHARED)(`K_prime_original.npy of ../shared${HAS_SHARED ? '' : ` (${SKIP_SHARED_MESSAGE})`}`, () => {
  it('reads as 254 x 254 float64 and equals the dataset copy bit for bit', () => {
    const source = readNpy(sharedPath('data', 'multiarea', 'K_prime_original.npy'));
    expect(source.shape).toEqual([254, 254]);
    const copy = readNpy(join(PROJECT_ROOT, 'data', 'multiarea', 'K_prime_original.npy'));
    expect(copy.shape).toEqual([254, 254]);
    expect(Buffer.compare(Buffer.from(copy.data.buffer), Buffer.from(source.data.buffer))).toBe(0);
    expect(copy.data[0]).toBe(source.data[0]);
  });
});

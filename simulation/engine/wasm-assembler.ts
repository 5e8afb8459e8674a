/**
 * The few pieces of the WebAssembly binary format that the engine's kernels need (a module with one
 * imported memory and exported functions), so that they are assembled at run time from TypeScript:
 * no toolchain, no build step, the same bytes in Node and in a browser.
 */

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Instructions (opcodes of the WebAssembly core specification). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  void: 0x40,
  i32GeS: 0x4e,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32Xor: 0x73,
  i32And: 0x71,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Ge: 0x66,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
} as const;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export const localGet = (i: number) => [0x20, ...uleb(i)];
export const localSet = (i: number) => [0x21, ...uleb(i)];
export const i32Const = (n: number) => [0x41, ...sleb(n)];
export const f64Const = (x: number) => [0x44, ...new Uint8Array(Float64Array.of(x).buffer)];
/** f64.load / f64.store at a constant byte offset from the address on the stack (8-byte aligned). */
export const f64Load = (offset: number) => [0x2b, 3, ...uleb(offset)];
export const f64Store = (offset: number) => [0x39, 3, ...uleb(offset)];
export const i32Store = (offset: number) => [0x36, 2, ...uleb(offset)];
export const i32Load = (offset: number) => [0x28, 2, ...uleb(offset)];

/** Fixed-width SIMD instructions (prefix 0xfd), two doubles per 128-bit vector. */
const simd = (op: number) => [0xfd, ...uleb(op)];
export const SIMD = {
  /** v128.load / v128.store at a constant byte offset from the address on the stack. */
  load: (offset: number) => [...simd(0x00), 3, ...uleb(offset)],
  store: (offset: number) => [...simd(0x0b), 3, ...uleb(offset)],
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number) => [...simd(0x21), lane],
  f64x2Eq: simd(0x47),
  f64x2Ne: simd(0x48),
  f64x2Ge: simd(0x4c),
  /** (a & mask) | (b & ~mask) of a, b, mask on the stack. */
  bitselect: simd(0x52),
  anyTrue: simd(0x53),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
};

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

export interface WasmFunction {
  name: string;
  params: number[];
  results: number[];
  /** Local variables beyond the parameters, as [count, type] runs. */
  locals: [number, number][];
  /** Instructions, without the final `end`. */
  body: number[];
}

/** A module importing `env.memory` and exporting the functions given. */
export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const codes = functions.map((f) => {
    const code = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, OP.end];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec(functions.map((_, k) => uleb(k)))),
    ...section(7, vec(functions.map((f, k) => [...name(f.name), 0x00, ...uleb(k)]))),
    ...section(10, vec(codes)),
  ]);
}

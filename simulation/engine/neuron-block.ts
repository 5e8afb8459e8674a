/**
 * The neurons of one worker and their update: NEST's iaf_psc_exp step (neuron/iaf-psc-exp.ts, the
 * reference) as WebAssembly kernels, with the same results bit for bit (the arithmetic and its order
 * are the reference's; IEEE double precision; tested).
 *
 * The state is a plane per field (record-fields.ts): V_m (relative to E_L), I_ex, I_in, the excitatory
 * and inhibitory input arriving in this step (summed, then added to the currents and cleared by the
 * step), refractory steps left; plus I_0 (the current input of the previous step) where the network
 * has current input, plus dI_ex, dI_in where the block holds iaf_psc_alpha neurons. Field f of neuron i
 * is records[f * plane + i], so that the kernel without Poisson draws steps two neurons at a time with
 * 128-bit SIMD. The synaptic events of a step go to `records[inputIndex(i, inhibitory)]`.
 * iaf_psc_alpha populations step in alpha-step.ts.
 *
 * A population's Poisson drive drawn per neuron from a table (poisson-drive.ts) can be drawn inside the
 * step (the scalar kernel): it runs StreamRng's generator and PoissonTable's inversion on the stream
 * given, adding weight x count to each neuron's excitatory input before using it — the same values and
 * sums as PoissonTable.addTo followed by the step, in one pass over the neurons.
 */
import type { IafPscAlphaPropagators } from '../neuron/iaf-psc-alpha.ts';
import type { IafPscExpPropagators } from '../neuron/iaf-psc-exp.ts';
import { stepAlphaRecords } from './alpha-step.ts';
import { GUIDE_BITS, type PoissonTable } from './discrete-samplers.ts';
import type { StreamRng } from './rng.ts';
import { assembleModule, F64, f64Const, f64Load, f64Store, I32, i32Const, i32Load, i32Store, localGet, localSet, OP, SIMD, uleb, V128 } from './wasm-assembler.ts';

import { FIELD, fieldsPerNeuron } from './record-fields.ts';

export { FIELD } from './record-fields.ts';

/** Parameters of every kernel; then of those with current input; then of those with Poisson drive. */
const COMMON = [I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64, F64, F64, F64];
const [BASE, FROM, TO, SPIKES, COUNT, P22, P21EX, P21IN, P11EX, P11IN, DC, THETA, V_RESET, REFR] = COMMON.map((_, k) => k);
const CURRENT_PARAMS = [F64, F64, F64]; // I_e, P20, current arriving in this step
const POISSON_PARAMS = [I32, I32, F64, I32, I32, I32, I32]; // cdf address, guide address, weight, generator state s0..s3
const GUIDE_SHIFT = 32 - GUIDE_BITS;
const INV_2_32 = 1 / 4294967296;

/** Instructions of one xoshiro128** step on locals s0..s3, leaving the output in `out` (StreamRng.nextU32). */
function xoshiro(s: number[], out: number, tmp: number): number[] {
  const [s0, s1, s2, s3] = s;
  const xorInto = (a: number, b: number) => [...localGet(a), ...localGet(b), OP.i32Xor, ...localSet(a)];
  return [
    ...localGet(s1), ...i32Const(5), OP.i32Mul, ...i32Const(7), OP.i32Rotl, ...i32Const(9), OP.i32Mul, ...localSet(out),
    ...localGet(s1), ...i32Const(9), OP.i32Shl, ...localSet(tmp),
    ...xorInto(s2, s0), ...xorInto(s3, s1), ...xorInto(s1, s2), ...xorInto(s0, s3), ...xorInto(s2, tmp),
    ...localGet(s3), ...i32Const(11), OP.i32Rotl, ...localSet(s3),
  ];
}

/** Instructions that advance k while cdf[k] <= x (PoissonTable's search). */
function searchCdf(cdf: number, k: number, x: number): number[] {
  return [
    OP.block, OP.void, OP.loop, OP.void,
    ...localGet(cdf), ...localGet(k), ...i32Const(3), OP.i32Shl, OP.i32Add, ...f64Load(0), ...localGet(x), OP.f64Gt, OP.brIf, 1,
    ...localGet(k), ...i32Const(1), OP.i32Add, ...localSet(k),
    OP.br, 0,
    OP.end, OP.end,
  ];
}

/**
 * The scalar step of neurons [from, to): `dc` = I_e P20 (no current input), or I_0 and (I_e + I_0) P20
 * with I_0 then set to the current arriving in this step. Local indices of neurons that spike go to the
 * int32 array at byte address `spikes` from index `count`; returns the new count. Field f of neuron i
 * is the double at byte 8 (f plane + i) (a plane per field).
 */
function scalarKernel(withCurrent: boolean, withPoisson: boolean, plane: number): { params: number[]; locals: [number, number][]; body: number[] } {
  const params = [...COMMON, ...(withCurrent ? CURRENT_PARAMS : []), ...(withPoisson ? POISSON_PARAMS : [])];
  const [I_E, P20, CURRENT] = [COMMON.length, COMMON.length + 1, COMMON.length + 2];
  const poissonAt = COMMON.length + (withCurrent ? 3 : 0);
  const [CDF, GUIDE, WEIGHT, S0, S1, S2, S3] = POISSON_PARAMS.map((_, k) => poissonAt + k);
  // Locals: i32 i, at, a, b, k, tmp; f64 v, ex, inh, refr, inputEx, lo, u.
  const [i, at, a, b, k, tmp, v, ex, inh, refr, inputEx, lo, u] = Array.from({ length: 13 }, (_, j) => params.length + j);
  const field = (f: number) => 8 * f * plane;
  const voltage = withCurrent
    ? [...localGet(I_E), ...localGet(at), ...f64Load(field(FIELD.I_0)), OP.f64Add, ...localGet(P20), OP.f64Mul]
    : localGet(DC);
  const state = [S0, S1, S2, S3];
  const poisson = withPoisson
    ? [
        ...xoshiro(state, a, tmp),
        ...localGet(GUIDE), ...localGet(a), ...i32Const(GUIDE_SHIFT), OP.i32ShrU, ...i32Const(2), OP.i32Shl, OP.i32Add, ...i32Load(0), ...localSet(k),
        ...localGet(a), OP.f64ConvertI32U, ...f64Const(INV_2_32), OP.f64Mul, ...localSet(lo),
        ...searchCdf(CDF, k, lo),
        // A boundary cuts the 32-bit cell: refine with a second draw.
        ...localGet(CDF), ...localGet(k), ...i32Const(3), OP.i32Shl, OP.i32Add, ...f64Load(0), ...localGet(lo), ...f64Const(INV_2_32), OP.f64Add, OP.f64Lt,
        OP.if, OP.void,
        ...xoshiro(state, b, tmp),
        ...localGet(a), OP.f64ConvertI32U, ...localGet(b), OP.f64ConvertI32U, ...f64Const(0.5), OP.f64Add, ...f64Const(INV_2_32), OP.f64Mul, OP.f64Add,
        ...f64Const(INV_2_32), OP.f64Mul, ...localSet(u),
        ...searchCdf(CDF, k, u),
        OP.end,
        // Added without a branch (most counts are 0, unpredictably): x + 0 is x for every input x but -0.
        ...localGet(at), ...f64Load(field(FIELD.IN_EX)), ...localGet(k), OP.f64ConvertI32S, ...localGet(WEIGHT), OP.f64Mul, OP.f64Add, ...localSet(inputEx),
      ]
    : [...localGet(at), ...f64Load(field(FIELD.IN_EX)), ...localSet(inputEx)];
  const body = [
    ...localGet(FROM), ...localSet(i),
    ...localGet(BASE), ...localGet(FROM), ...i32Const(8), OP.i32Mul, OP.i32Add, ...localSet(at),
    OP.block, OP.void, OP.loop, OP.void,
    ...localGet(i), ...localGet(TO), OP.i32GeS, OP.brIf, 1,
    ...poisson,
    ...localGet(at), ...f64Load(field(FIELD.V)), ...localSet(v),
    ...localGet(at), ...f64Load(field(FIELD.I_EX)), ...localSet(ex),
    ...localGet(at), ...f64Load(field(FIELD.I_IN)), ...localSet(inh),
    ...localGet(at), ...f64Load(field(FIELD.REFRACTORY)), ...localSet(refr),
    // Not refractory: V <- P22 V + P21ex I_ex + P21in I_in + (I_e + I_0) P20, in this order.
    ...localGet(refr), ...f64Const(0), OP.f64Eq, OP.if, OP.void,
    ...localGet(v), ...localGet(P22), OP.f64Mul, ...localGet(ex), ...localGet(P21EX), OP.f64Mul, OP.f64Add,
    ...localGet(inh), ...localGet(P21IN), OP.f64Mul, OP.f64Add, ...voltage, OP.f64Add, ...localSet(v),
    OP.end,
    // I <- P11 I + input of this step; the input is cleared.
    ...localGet(at), ...localGet(ex), ...localGet(P11EX), OP.f64Mul, ...localGet(inputEx), OP.f64Add, ...f64Store(field(FIELD.I_EX)),
    ...localGet(at), ...localGet(inh), ...localGet(P11IN), OP.f64Mul, ...localGet(at), ...f64Load(field(FIELD.IN_IN)), OP.f64Add, ...f64Store(field(FIELD.I_IN)),
    ...localGet(at), ...f64Const(0), ...f64Store(field(FIELD.IN_EX)),
    ...localGet(at), ...f64Const(0), ...f64Store(field(FIELD.IN_IN)),
    ...(withCurrent ? [...localGet(at), ...localGet(CURRENT), ...f64Store(field(FIELD.I_0))] : []),
    // Spike: reset, refractory; else a refractory neuron (at V_reset < theta) counts down.
    ...localGet(v), ...localGet(THETA), OP.f64Ge, OP.if, OP.void,
    ...localGet(at), ...localGet(REFR), ...f64Store(field(FIELD.REFRACTORY)),
    ...localGet(V_RESET), ...localSet(v),
    ...localGet(SPIKES), ...localGet(COUNT), ...i32Const(2), OP.i32Shl, OP.i32Add, ...localGet(i), ...i32Store(0),
    ...localGet(COUNT), ...i32Const(1), OP.i32Add, ...localSet(COUNT),
    OP.else,
    ...localGet(refr), ...f64Const(0), OP.f64Ne, OP.if, OP.void,
    ...localGet(at), ...localGet(refr), ...f64Const(1), OP.f64Sub, ...f64Store(field(FIELD.REFRACTORY)),
    OP.end,
    OP.end,
    ...localGet(at), ...localGet(v), ...f64Store(field(FIELD.V)),
    ...localGet(i), ...i32Const(1), OP.i32Add, ...localSet(i),
    ...localGet(at), ...i32Const(8), OP.i32Add, ...localSet(at),
    OP.br, 0,
    OP.end, OP.end,
    ...localGet(COUNT),
  ];
  return { params, locals: [[6, I32], [7, F64]], body };
}

/**
 * The same step without Poisson draws, two neurons at a time (128-bit vectors of two doubles: the same
 * IEEE operations in the same order per neuron, hence the same values). Steps the pairs of [from, to)
 * from `from` on and leaves an odd last neuron to the scalar kernel. Spikes are rare: the vector step
 * writes every neuron as if none spiked, then the spiking ones are reset one by one, in index order.
 */
function pairKernel(withCurrent: boolean, plane: number): { params: number[]; locals: [number, number][]; body: number[] } {
  const params = [...COMMON, ...(withCurrent ? CURRENT_PARAMS : [])];
  const [I_E, P20, CURRENT] = [COMMON.length, COMMON.length + 1, COMMON.length + 2];
  // Locals: i32 i, at, last; v128 v, ex, inh, refr, p22, p21ex, p21in, p11ex, p11in, dc, theta, zero, one, i0, p20, current.
  const [i, at, last] = [0, 1, 2].map((j) => params.length + j);
  const [v, ex, inh, refr, p22, p21ex, p21in, p11ex, p11in, dc, theta, zero, one, iE, p20, current] = Array.from({ length: 16 }, (_, j) => params.length + 3 + j);
  const field = (f: number) => 8 * f * plane;
  const load = (f: number) => [...localGet(at), ...SIMD.load(field(f))];
  const splat = (from: number, to: number) => [...localGet(from), ...SIMD.f64x2Splat, ...localSet(to)];
  const scalarSpike = (lane: number) => [
    ...localGet(v), ...SIMD.f64x2ExtractLane(lane), ...localGet(THETA), OP.f64Ge, OP.if, OP.void,
    ...localGet(at), ...localGet(V_RESET), ...f64Store(field(FIELD.V) + 8 * lane),
    ...localGet(at), ...localGet(REFR), ...f64Store(field(FIELD.REFRACTORY) + 8 * lane),
    ...localGet(SPIKES), ...localGet(COUNT), ...i32Const(2), OP.i32Shl, OP.i32Add, ...localGet(i), ...i32Const(lane), OP.i32Add, ...i32Store(0),
    ...localGet(COUNT), ...i32Const(1), OP.i32Add, ...localSet(COUNT),
    OP.end,
  ];
  const voltage = withCurrent ? [...localGet(iE), ...load(FIELD.I_0), ...SIMD.f64x2Add, ...localGet(p20), ...SIMD.f64x2Mul] : localGet(dc);
  const body = [
    ...splat(P22, p22), ...splat(P21EX, p21ex), ...splat(P21IN, p21in), ...splat(P11EX, p11ex), ...splat(P11IN, p11in),
    ...splat(DC, dc), ...splat(THETA, theta),
    ...f64Const(0), ...SIMD.f64x2Splat, ...localSet(zero),
    ...f64Const(1), ...SIMD.f64x2Splat, ...localSet(one),
    ...(withCurrent ? [...splat(I_E, iE), ...splat(P20, p20), ...splat(CURRENT, current)] : []),
    ...localGet(FROM), ...localSet(i),
    ...localGet(TO), ...i32Const(1), OP.i32Sub, ...localSet(last),
    ...localGet(BASE), ...localGet(FROM), ...i32Const(8), OP.i32Mul, OP.i32Add, ...localSet(at),
    OP.block, OP.void, OP.loop, OP.void,
    ...localGet(i), ...localGet(last), OP.i32GeS, OP.brIf, 1,
    ...load(FIELD.V), ...localSet(v),
    ...load(FIELD.I_EX), ...localSet(ex),
    ...load(FIELD.I_IN), ...localSet(inh),
    ...load(FIELD.REFRACTORY), ...localSet(refr),
    // V <- P22 V + P21ex I_ex + P21in I_in + (I_e + I_0) P20 where not refractory.
    ...localGet(v), ...localGet(p22), ...SIMD.f64x2Mul, ...localGet(ex), ...localGet(p21ex), ...SIMD.f64x2Mul, ...SIMD.f64x2Add,
    ...localGet(inh), ...localGet(p21in), ...SIMD.f64x2Mul, ...SIMD.f64x2Add, ...voltage, ...SIMD.f64x2Add,
    ...localGet(v), ...localGet(refr), ...localGet(zero), ...SIMD.f64x2Eq, ...SIMD.bitselect, ...localSet(v),
    // I <- P11 I + input of this step; the input is cleared.
    ...localGet(at), ...localGet(ex), ...localGet(p11ex), ...SIMD.f64x2Mul, ...load(FIELD.IN_EX), ...SIMD.f64x2Add, ...SIMD.store(field(FIELD.I_EX)),
    ...localGet(at), ...localGet(inh), ...localGet(p11in), ...SIMD.f64x2Mul, ...load(FIELD.IN_IN), ...SIMD.f64x2Add, ...SIMD.store(field(FIELD.I_IN)),
    ...localGet(at), ...localGet(zero), ...SIMD.store(field(FIELD.IN_EX)),
    ...localGet(at), ...localGet(zero), ...SIMD.store(field(FIELD.IN_IN)),
    ...(withCurrent ? [...localGet(at), ...localGet(current), ...SIMD.store(field(FIELD.I_0))] : []),
    // Refractory neurons count down; V is stored; spiking neurons are then reset, in index order.
    ...localGet(at), ...localGet(refr), ...localGet(one), ...SIMD.f64x2Sub, ...localGet(refr), ...localGet(refr), ...localGet(zero), ...SIMD.f64x2Ne, ...SIMD.bitselect, ...SIMD.store(field(FIELD.REFRACTORY)),
    ...localGet(at), ...localGet(v), ...SIMD.store(field(FIELD.V)),
    ...localGet(v), ...localGet(theta), ...SIMD.f64x2Ge, ...SIMD.anyTrue, OP.if, OP.void,
    ...scalarSpike(0),
    ...scalarSpike(1),
    OP.end,
    ...localGet(i), ...i32Const(2), OP.i32Add, ...localSet(i),
    ...localGet(at), ...i32Const(16), OP.i32Add, ...localSet(at),
    OP.br, 0,
    OP.end, OP.end,
    ...localGet(COUNT),
  ];
  return { params, locals: [[3, I32], [16, V128]], body };
}

/** The parts of the WebAssembly JavaScript API used here (the project's ES library types do not declare them). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes per entry of the segment table: from, to (int32), then P22, P21ex, P21in, P11ex, P11in, I_e P20, theta, V_reset, refractory steps. */
const SEGMENT_BYTES = 8 + 9 * 8;

/**
 * Steps segments [first, end) of the segment table at byte address `table` (pairs, then an odd last
 * neuron), as `step` would one by one, in one call (a call from JavaScript into WebAssembly per
 * population and step costs more than the update of a small population); the spike count after each
 * segment goes to the int32 array at `ends`.
 */
function segmentsKernel(pairsIndex: number, scalarIndex: number): { params: number[]; locals: [number, number][]; body: number[] } {
  const [FIRST, END, SPIKES_AT, COUNT_IN, TABLE, ENDS] = [0, 1, 2, 3, 4, 5];
  const [k, at, from, to, last] = [6, 7, 8, 9, 10];
  const constants = Array.from({ length: 9 }, (_, j) => [...localGet(at), ...f64Load(8 + 8 * j)]).flat();
  const body = [
    ...localGet(FIRST), ...localSet(k),
    OP.block, OP.void, OP.loop, OP.void,
    ...localGet(k), ...localGet(END), OP.i32GeS, OP.brIf, 1,
    ...localGet(TABLE), ...localGet(k), ...i32Const(SEGMENT_BYTES), OP.i32Mul, OP.i32Add, ...localSet(at),
    ...localGet(at), ...i32Load(0), ...localSet(from),
    ...localGet(at), ...i32Load(4), ...localSet(to),
    ...localGet(to), ...localGet(to), ...localGet(from), OP.i32Sub, ...i32Const(1), OP.i32And, OP.i32Sub, ...localSet(last),
    ...i32Const(0), ...localGet(from), ...localGet(last), ...localGet(SPIKES_AT), ...localGet(COUNT_IN), ...constants, OP.call, ...uleb(pairsIndex), ...localSet(COUNT_IN),
    ...localGet(last), ...localGet(to), OP.i32Ne, OP.if, OP.void,
    ...i32Const(0), ...localGet(last), ...localGet(to), ...localGet(SPIKES_AT), ...localGet(COUNT_IN), ...constants, OP.call, ...uleb(scalarIndex), ...localSet(COUNT_IN),
    OP.end,
    ...localGet(ENDS), ...localGet(k), ...i32Const(2), OP.i32Shl, OP.i32Add, ...localGet(COUNT_IN), ...i32Store(0),
    ...localGet(k), ...i32Const(1), OP.i32Add, ...localSet(k),
    OP.br, 0,
    OP.end, OP.end,
    ...localGet(COUNT_IN),
  ];
  return { params: [I32, I32, I32, I32, I32, I32], locals: [[5, I32]], body };
}

/** The kernels for `plane` neurons by name: step, stepCurrent, stepPoisson, stepCurrentPoisson, pairs, pairsCurrent. */
function kernels(plane: number) {
  const scalar = [false, true].flatMap((withCurrent) =>
    [false, true].map((withPoisson) => ({ name: `step${withCurrent ? 'Current' : ''}${withPoisson ? 'Poisson' : ''}`, ...scalarKernel(withCurrent, withPoisson, plane) })),
  );
  const pairs = [false, true].map((withCurrent) => ({ name: `pairs${withCurrent ? 'Current' : ''}`, ...pairKernel(withCurrent, plane) }));
  const list = [...scalar, ...pairs];
  const index = (name: string) => list.findIndex((k) => k.name === name);
  return [...list, { name: 'segments', ...segmentsKernel(index('pairs'), index('step')) }];
}
const compiled = new Map<number, object>();
function neuronModule(plane: number): object {
  let module = compiled.get(plane);
  if (module === undefined) {
    module = new wasm.Module(assembleModule(kernels(plane).map((k) => ({ ...k, results: [I32] }))));
    if (compiled.size > 64) compiled.clear();
    compiled.set(plane, module);
  }
  return module;
}

type Kernel = (...args: number[]) => number;

export class NeuronBlock {
  /** Fields per neuron: 6, 7 with current input, 9 with iaf_psc_alpha neurons (record-fields.ts). */
  readonly fields: number;
  /**
   * Neurons per plane: field f of neuron i is records[f * plane + i] (the size rounded up to even, so
   * that pairs of neurons are 16-byte aligned).
   */
  readonly plane: number;
  readonly records: Float64Array;
  /** Local indices of the neurons that spiked in the last step(s) stepped. */
  readonly spikes: Int32Array;
  private readonly kernel: Kernel;
  private readonly kernelPoisson: Kernel;
  private readonly kernelPairs: Kernel;
  private readonly kernelSegments: Kernel;
  /** Byte addresses of the segment table and of the spike counts after each segment (stepSegments). */
  private readonly segmentTable: number;
  private readonly segmentEndsAt: number;
  /** Spike count after each segment of the last stepSegments call. */
  readonly segmentEnds: Int32Array;
  private readonly spikesAddress: number;
  /** Byte addresses of the Poisson tables' cdf and guide in the kernel's memory. */
  private readonly tableAddress: { cdf: number; guide: number }[];

  /**
   * `tables`: the Poisson tables the steps may draw from (by their index in this list); `withAlpha`:
   * the block holds iaf_psc_alpha neurons (stepAlpha); `segmentSlots`: entries of the segment table
   * (setSegment, stepSegments).
   */
  constructor(
    readonly size: number,
    readonly withCurrent: boolean,
    private readonly P: IafPscExpPropagators,
    tables: readonly PoissonTable[] = [],
    readonly withAlpha = false,
    readonly segmentSlots = 0,
  ) {
    this.fields = fieldsPerNeuron(withCurrent, withAlpha);
    this.plane = size + (size & 1);
    const recordBytes = 8 * this.fields * this.plane;
    let bytes = recordBytes + 4 * Math.max(2, size);
    const tableAt = tables.map((t) => {
      const cdf = 8 * Math.ceil(bytes / 8);
      const guide = cdf + 8 * t.cdf.length;
      bytes = guide + 4 * t.guide.length;
      return { cdf, guide };
    });
    this.segmentTable = 8 * Math.ceil(bytes / 8);
    this.segmentEndsAt = this.segmentTable + SEGMENT_BYTES * segmentSlots;
    bytes = this.segmentEndsAt + 4 * segmentSlots;
    const pages = Math.ceil(bytes / 65536) + 1;
    const memory = new wasm.Memory({ initial: pages, maximum: pages });
    const exports = new wasm.Instance(neuronModule(this.plane), { env: { memory } }).exports as Record<string, Kernel>;
    this.kernel = withCurrent ? exports.stepCurrent : exports.step;
    this.kernelPoisson = withCurrent ? exports.stepCurrentPoisson : exports.stepPoisson;
    this.kernelPairs = withCurrent ? exports.pairsCurrent : exports.pairs;
    this.kernelSegments = exports.segments;
    this.segmentEnds = new Int32Array(memory.buffer, this.segmentEndsAt, segmentSlots);
    this.records = new Float64Array(memory.buffer, 0, this.fields * this.plane);
    this.spikesAddress = recordBytes;
    this.spikes = new Int32Array(memory.buffer, recordBytes, Math.max(1, size));
    tables.forEach((t, j) => {
      new Float64Array(memory.buffer, tableAt[j].cdf, t.cdf.length).set(t.cdf);
      new Int32Array(memory.buffer, tableAt[j].guide, t.guide.length).set(t.guide);
    });
    this.tableAddress = tableAt;
    // Every kernel called once on no neurons: WebAssembly compiles a function when it is first called,
    // which would otherwise happen in the run's first step.
    for (const name of Object.keys(exports)) if (typeof exports[name] === 'function') exports[name](0, 0, 0, this.spikesAddress, 0, ...new Array(24).fill(0));
  }

  /** Input indices from one neuron's input to the next one's (a plane per field). */
  readonly inputStride = 1;

  /** From a neuron's excitatory input index to its inhibitory one. */
  get inhibitoryOffset(): number {
    return (FIELD.IN_IN - FIELD.IN_EX) * this.plane;
  }

  /** The local neuron whose input `index` is (inputIndex's inverse). */
  neuronOfInput(index: number): number {
    return index % this.plane;
  }

  /** Index in `records` where the input of neuron i arrives (excitatory, or inhibitory). */
  inputIndex(i: number, inhibitory: boolean): number {
    return (inhibitory ? FIELD.IN_IN : FIELD.IN_EX) * this.plane + i;
  }

  /**
   * One step of neurons [from, to) with constant input current iE_pA and, with current input, the
   * current arriving in this step; spikes are appended to `spikes` from index `count`. With `table` >= 0,
   * each neuron first receives weight_pA x a count drawn from that Poisson table, on the stream of `rng`
   * from its current position (`rng` itself is not advanced: each such stream serves one step). Returns
   * the new count. `P`: propagators of these neurons, if not the block's.
   */
  step(from: number, to: number, iE_pA: number, current_pA: number, count: number, table = -1, weight_pA = 0, rng: StreamRng | null = null, P = this.P): number {
    const spikes = this.spikesAddress;
    if (table < 0) {
      // Pairs first, then an odd last neuron (spikes stay in index order).
      const last = to - ((to - from) & 1);
      if (!this.withCurrent) {
        count = this.kernelPairs(0, from, last, spikes, count, P.P22, P.P21ex, P.P21in, P.P11ex, P.P11in, iE_pA * P.P20, P.theta, P.vReset, P.refractorySteps);
        if (last === to) return count;
        return this.kernel(0, last, to, spikes, count, P.P22, P.P21ex, P.P21in, P.P11ex, P.P11in, iE_pA * P.P20, P.theta, P.vReset, P.refractorySteps);
      }
      count = this.kernelPairs(0, from, last, spikes, count, P.P22, P.P21ex, P.P21in, P.P11ex, P.P11in, 0, P.theta, P.vReset, P.refractorySteps, iE_pA, P.P20, current_pA);
      if (last === to) return count;
      return this.kernel(0, last, to, spikes, count, P.P22, P.P21ex, P.P21in, P.P11ex, P.P11in, 0, P.theta, P.vReset, P.refractorySteps, iE_pA, P.P20, current_pA);
    }
    const { cdf, guide } = this.tableAddress[table];
    const r = rng!;
    if (!this.withCurrent) {
      return this.kernelPoisson(0, from, to, spikes, count, P.P22, P.P21ex, P.P21in, P.P11ex, P.P11in, iE_pA * P.P20, P.theta, P.vReset, P.refractorySteps, cdf, guide, weight_pA, r.s0, r.s1, r.s2, r.s3);
    }
    return this.kernelPoisson(0, from, to, spikes, count, P.P22, P.P21ex, P.P21in, P.P11ex, P.P11in, 0, P.theta, P.vReset, P.refractorySteps, iE_pA, P.P20, current_pA, cdf, guide, weight_pA, r.s0, r.s1, r.s2, r.s3);
  }

  /**
   * Entry k of the segment table: neurons [from, to) with propagators P and constant current iE_pA,
   * no current input, no Poisson draws in the step (only such segments can be stepped together).
   */
  setSegment(k: number, from: number, to: number, iE_pA: number, P: IafPscExpPropagators): void {
    if (!(k >= 0 && k < this.segmentSlots)) throw new Error(`NeuronBlock.setSegment: entry ${k} of ${this.segmentSlots}`);
    const at = this.segmentTable + SEGMENT_BYTES * k;
    const view = new DataView(this.records.buffer);
    view.setInt32(at, from, true);
    view.setInt32(at + 4, to, true);
    [P.P22, P.P21ex, P.P21in, P.P11ex, P.P11in, iE_pA * P.P20, P.theta, P.vReset, P.refractorySteps].forEach((x, j) => view.setFloat64(at + 8 + 8 * j, x, true));
  }

  /**
   * Steps the segments [first, end) of the segment table, as step() of each in turn (the block must
   * have no current input); spikes from index `count` on; `segmentEnds[k]` is the count after segment k.
   */
  stepSegments(first: number, end: number, count: number): number {
    if (this.withCurrent) throw new Error('NeuronBlock.stepSegments: the block has current input; use step()');
    return this.kernelSegments(first, end, this.spikesAddress, count, this.segmentTable, this.segmentEndsAt);
  }

  /**
   * One iaf_psc_alpha step of neurons [from, to) with propagators P, constant current iE_pA and the
   * current arriving in this step (0 without current input); as `step` otherwise, without Poisson draws.
   */
  stepAlpha(from: number, to: number, iE_pA: number, current_pA: number, count: number, P: IafPscAlphaPropagators): number {
    if (!this.withAlpha) throw new Error('NeuronBlock.stepAlpha: the block was made without iaf_psc_alpha records (withAlpha)');
    return stepAlphaRecords(this.records, this.plane, this.spikes, from, to, iE_pA, current_pA, count, P);
  }

  get(field: number, i: number): number {
    return this.records[field * this.plane + i];
  }

  set(field: number, i: number, value: number): void {
    this.records[field * this.plane + i] = value;
  }

  /** Copies a field of neurons [from, from + out.length) into `out` (a field the records lack reads as 0). */
  readField(field: number, from: number, out: Float64Array | Int32Array): void {
    if (field >= this.fields) {
      out.fill(0);
      return;
    }
    const at = field * this.plane + from;
    for (let k = 0; k < out.length; k++) out[k] = this.records[at + k];
  }

  writeField(field: number, from: number, values: Float64Array | Int32Array): void {
    if (field >= this.fields) return;
    const at = field * this.plane + from;
    for (let k = 0; k < values.length; k++) this.records[at + k] = values[k];
  }
}

import type { SegmentGeometry } from './geometry.ts';
import type { Morphology, MorphologySection } from './morphology.ts';
import { CableSolver, type CableNode } from './cable-solver.ts';
import { zeros, type DenseMatrix } from './dense-matrix.ts';

/** Passive membrane and cable parameters, in NEURON's units. */
export interface PassiveParameters {
  /** Axial resistivity (ohm cm). */
  Ra: number;
  /** Specific membrane capacitance (uF/cm^2). */
  cm: number;
  /** Leak conductance (S/cm^2). */
  gPas: number;
  /** Leak reversal potential (mV). */
  ePas: number;
  /** Initial membrane potential (mV); NEURON's and LFPy's default is -70 mV. */
  vInit?: number;
  /**
   * Segments per section: 'lambda100' (odd nseg from the AC length constant at 100 Hz, d_lambda = 0.1,
   * as LFPy's default), 'lambda_f' (same rule at `lambdaFrequency`), or a fixed odd/even count.
   */
  nseg?: 'lambda100' | 'lambda_f' | number;
  dLambda?: number;
  lambdaFrequency?: number;
}

/** A current injected at segments: weights (nA) times a shared dimensionless waveform per time step. */
export interface SegmentCurrent {
  /** Per-segment amplitude (nA); positive = outward, as NEURON's NONSPECIFIC_CURRENT. */
  weights: Float64Array;
  /** waveform[n] scales the current used in the step from t_n to t_{n+1}; missing entries are 0. */
  waveform: Float64Array;
}

export interface CellSimulationOptions {
  /** Time step (ms). */
  dt: number;
  /** End time (ms); samples t_n = n dt for n = 0..round(tstop/dt). */
  tstop: number;
  currents?: SegmentCurrent[];
  /** Also record the membrane potential (simulateFull; default true). */
  recordVoltage?: boolean;
}

interface SectionLayout {
  name: string;
  nseg: number;
  /** Arc length (um). */
  length: number;
  firstSegment: number;
}

/**
 * Passive multicompartment cell (the postsynaptic cell of a kernel computation). Geometry follows NEURON:
 * each section is split into nseg equal-length segments; segment ends are interpolated along the 3D polyline.
 * Integration is NEURON's fixed-step backward Euler (secondorder = 0) with a tree (Hines) solve per step.
 */
export class PassiveCell implements SegmentGeometry {
  readonly totnsegs: number;
  readonly xStart: Float64Array;
  readonly xEnd: Float64Array;
  readonly yStart: Float64Array;
  readonly yEnd: Float64Array;
  readonly zStart: Float64Array;
  readonly zEnd: Float64Array;
  readonly diam: Float64Array;
  readonly area: Float64Array;
  readonly length: Float64Array;
  /** Leak conductance per segment (S/cm^2); editable (e.g. for the effective-conductance correction). */
  readonly gPas: Float64Array;
  /** Leak reversal per segment (mV); editable. */
  readonly ePas: Float64Array;
  /** Capacitance per segment (uF/cm^2). */
  readonly cm: Float64Array;
  readonly vInit: number;
  readonly Ra: number;
  readonly sections: readonly SectionLayout[];
  /** Section index of each segment. */
  readonly segmentSection: Int32Array;
  private readonly cableNodes: CableNode[];
  /** Cable node index of each segment (other nodes are zero-area section ends). */
  private readonly segmentNode: Int32Array;

  constructor(readonly morphology: Morphology, params: PassiveParameters) {
    for (const key of ['Ra', 'cm', 'gPas'] as const) {
      if (!(Number.isFinite(params[key]) && params[key] > 0)) {
        throw new Error(`PassiveCell: ${key} = ${params[key]} is invalid; expected a positive number`);
      }
    }
    if (!Number.isFinite(params.ePas)) throw new Error(`PassiveCell: ePas = ${params.ePas} is invalid; expected a number (mV)`);
    this.Ra = params.Ra;
    this.vInit = params.vInit ?? -70;
    const nsegRule = params.nseg ?? 'lambda100';
    const dLambda = params.dLambda ?? 0.1;
    const freq = nsegRule === 'lambda100' ? 100 : (params.lambdaFrequency ?? 100);

    const layouts: SectionLayout[] = [];
    let total = 0;
    for (const sec of morphology.sections) {
      const length = arcLengths(sec.points).at(-1)!;
      if (!(length > 0)) throw new Error(`PassiveCell: section "${sec.name}" has zero length`);
      let nseg: number;
      if (typeof nsegRule === 'number') {
        if (!(Number.isInteger(nsegRule) && nsegRule >= 1)) {
          throw new Error(`PassiveCell: nseg = ${nsegRule} is invalid; expected a positive integer or 'lambda100' / 'lambda_f'`);
        }
        nseg = nsegRule;
      } else {
        const lambda = lambdaF(sec, freq, params.Ra, params.cm);
        nseg = Math.trunc((length / (dLambda * lambda) + 0.9) / 2) * 2 + 1;
      }
      layouts.push({ name: sec.name, nseg, length, firstSegment: total });
      total += nseg;
    }
    this.sections = layouts;
    this.totnsegs = total;
    const mk = () => new Float64Array(total);
    this.xStart = mk(); this.xEnd = mk(); this.yStart = mk(); this.yEnd = mk();
    this.zStart = mk(); this.zEnd = mk(); this.diam = mk(); this.area = mk(); this.length = mk();
    this.gPas = mk().fill(params.gPas);
    this.ePas = mk().fill(params.ePas);
    this.cm = mk().fill(params.cm);
    this.segmentSection = new Int32Array(total);

    // Geometry and the two half-segment axial resistances (Mohm) of every segment.
    const halfR = [new Float64Array(total), new Float64Array(total)];
    morphology.sections.forEach((sec, s) => {
      const { nseg, length, firstSegment } = layouts[s];
      const arc = arcLengths(sec.points);
      for (let k = 0; k < nseg; k++) {
        const i = firstSegment + k;
        this.segmentSection[i] = s;
        const a = (k * length) / nseg;
        const m = ((k + 0.5) * length) / nseg;
        const b = ((k + 1) * length) / nseg;
        const pa = interpolate(sec.points, arc, a);
        const pb = interpolate(sec.points, arc, b);
        this.xStart[i] = pa[0]; this.yStart[i] = pa[1]; this.zStart[i] = pa[2];
        this.xEnd[i] = pb[0]; this.yEnd[i] = pb[1]; this.zEnd[i] = pb[2];
        this.length[i] = b - a;
        const piece = integrateFrustums(sec.points, arc, a, b);
        this.area[i] = piece.area;
        this.diam[i] = piece.diamIntegral / (b - a);
        // ohm cm * um / um^2 = 1e4 ohm = 1e-2 Mohm
        halfR[0][i] = params.Ra * integrateFrustums(sec.points, arc, a, m).invDiam2Integral * (4 / Math.PI) * 1e-2;
        halfR[1][i] = params.Ra * integrateFrustums(sec.points, arc, m, b).invDiam2Integral * (4 / Math.PI) * 1e-2;
      }
    });

    // Cable nodes: a zero-area node at the root's 0-end, one node per segment centre and a zero-area node at
    // each section's 1-end, created so that every node's parent has a smaller index.
    const nodes: CableNode[] = [{ parent: -1, axialConductance: 0 }];
    const segmentNode = new Int32Array(total);
    const endNode0: number[] = [];
    const endNode1: number[] = [];
    const names = morphology.sections.map((sec) => sec.name);
    morphology.sections.forEach((sec, s) => {
      const { nseg, firstSegment } = layouts[s];
      let attach: number;
      if (s === 0) {
        attach = 0;
      } else {
        const p = names.indexOf(sec.parent!);
        const x = sec.parentX ?? 1;
        if (x === 1) attach = endNode1[p];
        else if (x === 0) attach = endNode0[p];
        else attach = segmentNode[layouts[p].firstSegment + Math.min(Math.floor(x * layouts[p].nseg), layouts[p].nseg - 1)];
      }
      endNode0.push(attach);
      let prev = attach;
      let prevR = 0;
      for (let k = 0; k < nseg; k++) {
        const i = firstSegment + k;
        nodes.push({ parent: prev, axialConductance: 1 / (prevR + halfR[0][i]) });
        prev = nodes.length - 1;
        segmentNode[i] = prev;
        prevR = halfR[1][i];
      }
      nodes.push({ parent: prev, axialConductance: 1 / prevR });
      endNode1.push(nodes.length - 1);
    });
    this.cableNodes = nodes;
    this.segmentNode = segmentNode;
  }

  /** Mean position of the segments of sections whose name contains "soma" (else of segment 0), um. */
  somaPosition(): [number, number, number] {
    const idx = this.getIdx(['soma']);
    const use = idx.length > 0 ? Array.from(idx) : [0];
    let x = 0, y = 0, z = 0;
    for (const i of use) {
      x += (this.xStart[i] + this.xEnd[i]) / 2;
      y += (this.yStart[i] + this.yEnd[i]) / 2;
      z += (this.zStart[i] + this.zEnd[i]) / 2;
    }
    return [x / use.length, y / use.length, z / use.length];
  }

  /** Translates the cell so that its soma position is (x, y, z) um (unspecified coordinates default to 0, as LFPy). */
  setPosition(pos: { x?: number; y?: number; z?: number }): void {
    const [sx, sy, sz] = this.somaPosition();
    const dx = (pos.x ?? 0) - sx, dy = (pos.y ?? 0) - sy, dz = (pos.z ?? 0) - sz;
    for (let i = 0; i < this.totnsegs; i++) {
      this.xStart[i] += dx; this.xEnd[i] += dx;
      this.yStart[i] += dy; this.yEnd[i] += dy;
      this.zStart[i] += dz; this.zEnd[i] += dz;
    }
  }

  /** Rotates the cell about its soma position by angles (radians) around the x-, then y-, then z-axis. */
  setRotation(angles: { x?: number; y?: number; z?: number }): void {
    const [sx, sy, sz] = this.somaPosition();
    const rot = (ax: 'x' | 'y' | 'z', theta: number) => {
      if (!theta) return;
      const c = Math.cos(theta), s = Math.sin(theta);
      const apply = (xs: Float64Array, ys: Float64Array, zs: Float64Array) => {
        for (let i = 0; i < this.totnsegs; i++) {
          const x = xs[i] - sx, y = ys[i] - sy, z = zs[i] - sz;
          let nx = x, ny = y, nz = z;
          if (ax === 'x') { ny = c * y - s * z; nz = s * y + c * z; }
          else if (ax === 'y') { nx = c * x + s * z; nz = -s * x + c * z; }
          else { nx = c * x - s * y; ny = s * x + c * y; }
          xs[i] = nx + sx; ys[i] = ny + sy; zs[i] = nz + sz;
        }
      };
      apply(this.xStart, this.yStart, this.zStart);
      apply(this.xEnd, this.yEnd, this.zEnd);
    };
    rot('x', angles.x ?? 0);
    rot('y', angles.y ?? 0);
    rot('z', angles.z ?? 0);
  }

  /**
   * Indices of segments in the named sections whose midpoint depth lies in [zMin, zMax] um. As LFPy, a
   * section matches a name when its name contains it; 'allsec' selects every section.
   */
  getIdx(sections: string | readonly string[] = 'allsec', zMin = -1e6, zMax = 1e6): Int32Array {
    const list = typeof sections === 'string' ? [sections] : sections;
    const out: number[] = [];
    for (let i = 0; i < this.totnsegs; i++) {
      const name = this.sections[this.segmentSection[i]].name;
      const inSection = list.some((s) => s === 'allsec' || name.includes(s));
      const zMid = (this.zStart[i] + this.zEnd[i]) / 2;
      if (inSection && zMid >= zMin && zMid <= zMax) out.push(i);
    }
    return Int32Array.from(out);
  }

  /**
   * Integrates the cable equation from v = vInit at t = 0 and returns the transmembrane current per segment
   * (nA; capacitive + leak + injected, NEURON's i_membrane_) as a totnsegs x (nSteps + 1) matrix.
   */
  simulate(opts: CellSimulationOptions): DenseMatrix {
    return this.simulateFull({ ...opts, recordVoltage: false }).imem;
  }

  /** As simulate(), also returning the membrane potential per segment (mV), segments x time. */
  simulateFull(opts: CellSimulationOptions): { imem: DenseMatrix; vmem: DenseMatrix } {
    const { dt, tstop } = opts;
    if (!(dt > 0)) throw new Error(`PassiveCell.simulate: dt = ${dt} is invalid; expected a positive time step (ms)`);
    if (!(tstop >= 0)) throw new Error(`PassiveCell.simulate: tstop = ${tstop} is invalid; expected a non-negative end time (ms)`);
    const currents = opts.currents ?? [];
    for (const [c, cur] of currents.entries()) {
      if (cur.weights.length !== this.totnsegs) {
        throw new Error(`PassiveCell.simulate: currents[${c}].weights has ${cur.weights.length} values, expected ${this.totnsegs} (one per segment)`);
      }
    }
    const nSteps = Math.round(tstop / dt);
    const nSeg = this.totnsegs;
    // Per-segment capacitance (nF) and leak conductance (uS): uF/cm^2 * um^2 = 1e-8 uF = 1e-5 nF; S/cm^2 * um^2 = 1e-2 uS.
    const capOverDt = new Float64Array(nSeg);
    const gLeak = new Float64Array(nSeg);
    for (let i = 0; i < nSeg; i++) {
      capOverDt[i] = (this.cm[i] * this.area[i] * 1e-5) / dt;
      gLeak[i] = this.gPas[i] * this.area[i] * 1e-2;
    }
    const nNodes = this.cableNodes.length;
    const membraneDiag = new Float64Array(nNodes);
    for (let i = 0; i < nSeg; i++) membraneDiag[this.segmentNode[i]] = capOverDt[i] + gLeak[i];
    const solver = new CableSolver(this.cableNodes, membraneDiag);

    const v = new Float64Array(nNodes).fill(this.vInit);
    const rhs = new Float64Array(nNodes);
    const injected = new Float64Array(nSeg);
    const segNode = this.segmentNode;
    const ePas = this.ePas;
    const nt = nSteps + 1;
    const recordV = opts.recordVoltage ?? true;
    const imem = zeros(nSeg, nt);
    const vmem = zeros(recordV ? nSeg : 0, recordV ? nt : 0);
    const im = imem.data;
    const vm = vmem.data;
    for (let i = 0; i < nSeg; i++) {
      im[i * nt] = gLeak[i] * (this.vInit - ePas[i]);
      if (recordV) vm[i * nt] = this.vInit;
    }
    const waveforms = currents.map((c) => c.waveform);
    const weightsList = currents.map((c) => c.weights);

    for (let n = 0; n < nSteps; n++) {
      injected.fill(0);
      for (let c = 0; c < waveforms.length; c++) {
        const w = n < waveforms[c].length ? waveforms[c][n] : 0;
        if (w === 0) continue;
        const weights = weightsList[c];
        for (let i = 0; i < nSeg; i++) injected[i] += weights[i] * w;
      }
      // Right-hand side: axial currents minus membrane currents, at the old potentials.
      solver.axialCurrents(v, rhs);
      for (let i = 0; i < nSeg; i++) {
        const node = segNode[i];
        rhs[node] -= gLeak[i] * (v[node] - ePas[i]) + injected[i];
      }
      solver.solveInPlace(rhs);
      const col = n + 1;
      for (let i = 0; i < nSeg; i++) {
        const node = segNode[i];
        const dv = rhs[node];
        const vNew = v[node] + dv;
        im[i * nt + col] = capOverDt[i] * dv + gLeak[i] * (vNew - ePas[i]) + injected[i];
        if (recordV) vm[i * nt + col] = vNew;
      }
      let still = true;
      for (let k = 0; k < nNodes; k++) {
        const vNew = v[k] + rhs[k];
        if (vNew !== v[k]) still = false;
        v[k] = vNew;
      }
      if (still && injectedIsZero(injected)) {
        // The potentials no longer change in floating point and there is no input: every following step repeats
        // this one exactly until an input arrives, so copy it forward instead of recomputing (skips the quiet
        // period before a spike).
        let next = n + 1;
        while (next < nSteps && !anyInputAt(waveforms, next)) next++;
        for (let i = 0; i < nSeg; i++) {
          im.fill(im[i * nt + col], i * nt + col + 1, i * nt + next + 1);
          if (recordV) vm.fill(vm[i * nt + col], i * nt + col + 1, i * nt + next + 1);
        }
        n = next - 1;
      }
    }
    return { imem, vmem };
  }
}

function injectedIsZero(injected: Float64Array): boolean {
  for (let i = 0; i < injected.length; i++) if (injected[i] !== 0) return false;
  return true;
}

function anyInputAt(waveforms: Float64Array[], n: number): boolean {
  for (const w of waveforms) if (n < w.length && w[n] !== 0) return true;
  return false;
}

function arcLengths(points: MorphologySection['points']): Float64Array {
  const arc = new Float64Array(points.length);
  for (let k = 1; k < points.length; k++) {
    const [x0, y0, z0] = points[k - 1];
    const [x1, y1, z1] = points[k];
    arc[k] = arc[k - 1] + Math.hypot(x1 - x0, y1 - y0, z1 - z0);
  }
  return arc;
}

/** Point [x, y, z, diam] at arc length s along the polyline. */
function interpolate(points: MorphologySection['points'], arc: Float64Array, s: number): number[] {
  const last = points.length - 1;
  if (s <= 0) return [...points[0]];
  if (s >= arc[last]) return [...points[last]];
  let k = 1;
  while (arc[k] < s) k++;
  const span = arc[k] - arc[k - 1];
  const f = span > 0 ? (s - arc[k - 1]) / span : 0;
  return points[k].map((v, j) => points[k - 1][j] + f * (v - points[k - 1][j]));
}

/**
 * Integrals over arc length [a, b] of a linearly tapering polyline: lateral frustum area (um^2),
 * diameter (um^2) and 1/diam^2 (1/um), the latter giving axial resistance.
 */
function integrateFrustums(points: MorphologySection['points'], arc: Float64Array, a: number, b: number) {
  let area = 0, diamIntegral = 0, invDiam2Integral = 0;
  for (let k = 1; k < points.length; k++) {
    const lo = Math.max(a, arc[k - 1]);
    const hi = Math.min(b, arc[k]);
    if (!(hi > lo)) continue;
    const d0 = interpolate(points, arc, lo)[3];
    const d1 = interpolate(points, arc, hi)[3];
    const len = hi - lo;
    const slant = Math.hypot(len, (d1 - d0) / 2);
    area += (Math.PI * (d0 + d1) / 2) * slant;
    diamIntegral += ((d0 + d1) / 2) * len;
    invDiam2Integral += len / (d0 * d1);
  }
  return { area, diamIntegral, invDiam2Integral };
}

/** AC length constant (um) at `freq` Hz of a section, NEURON's lambda_f over its 3D points. */
function lambdaF(sec: MorphologySection, freq: number, Ra: number, cm: number): number {
  const arc = arcLengths(sec.points);
  let lam = 0;
  for (let k = 1; k < sec.points.length; k++) {
    lam += (arc[k] - arc[k - 1]) / Math.sqrt(sec.points[k - 1][3] + sec.points[k][3]);
  }
  lam *= Math.sqrt(2) * 1e-5 * Math.sqrt(4 * Math.PI * freq * Ra * cm);
  return arc[arc.length - 1] / lam;
}

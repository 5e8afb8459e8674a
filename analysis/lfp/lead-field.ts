/**
 * Lead fields of the reciprocity methods, in the layout BlueRecording reads (a Sim4Life export):
 *   FieldGroups/<group>/AllFields/EM Potential(x,y,z,f0)/_Object/Snapshots/0/comp0   potential (V), nx x ny x nz x k
 *   FieldGroups/<group>/AllFields/EM E(x,y,z,f0)/_Object/Snapshots/0/comp0..comp2   E-field (V/m), cell-centred
 *   Meshes/<mesh>/axis_x, axis_y, axis_z                                             grid (m)
 *   CurrentApplied                                                                    the current of the field (nA)
 * As BlueRecording: the last field group and the first mesh are used, component 0 of the last axis
 * (the real part), trilinear interpolation (points outside the grid are errors), the potential on the
 * grid nodes and E_x on (x midpoints, y, z), E_y on (x, y midpoints, z), E_z on (x, y, z midpoints).
 * The potential per CurrentApplied is taken as V per nA (BlueRecording's 1 nA convention) and
 * returned in mV per nA.
 */
import { H5Reader } from '../../simulation/index.ts';

interface Grid {
  axes: [Float64Array, Float64Array, Float64Array];
  /** Values, C order over the three axes. */
  values: Float64Array;
}

export interface LeadField {
  file: string;
  potential?: Grid;
  efield?: [Grid, Grid, Grid];
  currentApplied: number;
}

const POTENTIAL = 'EM Potential(x,y,z,f0)';
const EFIELD = 'EM E(x,y,z,f0)';

function midpointsOf(a: Float64Array): Float64Array {
  return Float64Array.from({ length: a.length - 1 }, (_, i) => (a[i] + a[i + 1]) / 2);
}

/** Index i with a[i] <= v <= a[i + 1] of an ascending axis, or -1 outside it. */
function cell(a: Float64Array, v: number): number {
  if (!(v >= a[0] && v <= a[a.length - 1])) return -1;
  let lo = 0, hi = a.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid;
    else hi = mid;
  }
  return Math.min(lo, a.length - 2);
}

/** Trilinear interpolation of a grid at p (m); `what` names the point in errors. */
function interpolate(g: Grid, p: [number, number, number], what: string, file: string): number {
  const idx: number[] = [], frac: number[] = [];
  for (let d = 0; d < 3; d++) {
    const a = g.axes[d];
    const i = cell(a, p[d]);
    if (i < 0) throw new Error(`lead field ${file}: ${what} at (${p.map((v) => v * 1e6).join(', ')}) um lies outside the grid (${'xyz'[d]} from ${a[0] * 1e6} to ${a[a.length - 1] * 1e6} um)`);
    idx.push(i);
    frac.push(a[i + 1] === a[i] ? 0 : (p[d] - a[i]) / (a[i + 1] - a[i]));
  }
  const [ny, nz] = [g.axes[1].length, g.axes[2].length];
  let v = 0;
  for (let c = 0; c < 8; c++) {
    const dx = c >> 2, dy = (c >> 1) & 1, dz = c & 1;
    const w = (dx ? frac[0] : 1 - frac[0]) * (dy ? frac[1] : 1 - frac[1]) * (dz ? frac[2] : 1 - frac[2]);
    if (w !== 0) v += w * g.values[((idx[0] + dx) * ny + (idx[1] + dy)) * nz + idx[2] + dz];
  }
  return v;
}

/** Lead-field potential at (x, y, z) um, in mV per nA. */
export function potentialAt(f: LeadField, x: number, y: number, z: number, what: string): number {
  if (!f.potential) throw new Error(`lead field ${f.file}: holds no potential (${POTENTIAL})`);
  return (1e3 * interpolate(f.potential, [x * 1e-6, y * 1e-6, z * 1e-6], what, f.file)) / f.currentApplied;
}

/** Lead-field E at (x, y, z) um, scaled so that -(displacement in um) . E is in mV per nA. */
export function efieldAt(f: LeadField, x: number, y: number, z: number, what: string): [number, number, number] {
  if (!f.efield) throw new Error(`lead field ${f.file}: holds no E-field (${EFIELD})`);
  const p: [number, number, number] = [x * 1e-6, y * 1e-6, z * 1e-6];
  return f.efield.map((g) => (1e-3 * interpolate(g, p, what, f.file)) / f.currentApplied) as [number, number, number];
}

/** Component 0 of the last axis of a nx x ny x nz (x k) dataset. */
function component(h5: H5Reader, path: string, shape: number[], file: string): Float64Array {
  const info = h5.info(path);
  const [nx, ny, nz] = shape;
  if (info.shape.length < 3 || info.shape[0] !== nx || info.shape[1] !== ny || info.shape[2] !== nz) {
    throw new Error(`lead field ${file}: ${path} has shape [${info.shape}]; expected [${shape}] or [${shape}, k] for the grid`);
  }
  const k = info.shape.length > 3 ? info.shape.slice(3).reduce((a, b) => a * b, 1) : 1;
  const all = h5.numeric(path);
  return Float64Array.from({ length: nx * ny * nz }, (_, i) => all[i * k]);
}

/** Reads a lead field in BlueRecording's (Sim4Life) layout. */
export async function readLeadField(file: string): Promise<LeadField> {
  const h5 = await H5Reader.open(file, 'lead field');
  try {
    const groups = h5.keys('/FieldGroups');
    const meshes = h5.keys('/Meshes');
    if (groups.length === 0 || meshes.length === 0 || !h5.has('/CurrentApplied')) {
      throw new Error(`lead field ${file}: expected FieldGroups/<group>/AllFields, Meshes/<mesh>/axis_x|y|z and CurrentApplied (BlueRecording's Sim4Life layout)`);
    }
    const currentApplied = h5.numeric('/CurrentApplied')[0];
    if (!(Number.isFinite(currentApplied) && currentApplied !== 0)) throw new Error(`lead field ${file}: CurrentApplied = ${currentApplied}; expected a non-zero current (nA)`);
    const mesh = `/Meshes/${meshes[0]}`;
    const axes = ['axis_x', 'axis_y', 'axis_z'].map((a) => Float64Array.from(h5.numeric(`${mesh}/${a}`))) as [Float64Array, Float64Array, Float64Array];
    axes.forEach((a, d) => {
      for (let i = 1; i < a.length; i++) if (!(a[i] > a[i - 1])) throw new Error(`lead field ${file}: ${mesh}/${'xyz'[d]} axis is not ascending`);
    });
    const all = `/FieldGroups/${groups[groups.length - 1]}/AllFields`;
    const snap = (field: string) => `${all}/${field}/_Object/Snapshots/0`;
    const result: LeadField = { file, currentApplied };
    if (h5.has(`${snap(POTENTIAL)}/comp0`)) {
      result.potential = { axes, values: component(h5, `${snap(POTENTIAL)}/comp0`, axes.map((a) => a.length), file) };
    }
    if (h5.has(`${snap(EFIELD)}/comp0`)) {
      const staggered = (d: number) => axes.map((a, k) => (k === d ? midpointsOf(a) : a)) as [Float64Array, Float64Array, Float64Array];
      result.efield = [0, 1, 2].map((d) => {
        const grid = staggered(d);
        return { axes: grid, values: component(h5, `${snap(EFIELD)}/comp${d}`, grid.map((a) => a.length), file) };
      }) as [Grid, Grid, Grid];
    }
    if (!result.potential && !result.efield) throw new Error(`lead field ${file}: ${all} holds neither '${POTENTIAL}' nor '${EFIELD}' with Snapshots/0/comp0`);
    return result;
  } finally {
    h5.close();
  }
}

/**
 * The compartments of the morphologically detailed cells of a SONATA circuit, placed in the world:
 * for every node of a population with morphologies, its morphology (SWC, or this project's JSON
 * format) is split into compartments (NEURON segments, PassiveCell), moved so that the soma centre is
 * at the origin (unless recenter = 0), rotated (quaternion orientation_w/x/y/z, or the angles
 * rotation_angle_zaxis, then _yaxis, then _xaxis about the world axes) and moved to (x, y, z).
 * Compartments are ordered by section (soma, axon, basal, apical) and from the 0-end to the 1-end.
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { H5Reader, readCircuitConfig, readTypesCsv, typesById } from '../../simulation/index.ts';
import { PassiveCell, type PassiveParameters } from './cell.ts';
import { segmentGeometry, type SegmentGeometry } from './geometry.ts';
import { loadMorphology } from './morphology.ts';
import { loadSwc } from './swc-morphology.ts';

export interface CompartmentOptions {
  /** Segments per section: a whole number, or NEURON's d_lambda rule ('lambda100', 'lambda_f'); default 1 (NEURON's default nseg). */
  nseg?: PassiveParameters['nseg'];
  /** Axial resistivity (ohm cm) and membrane capacitance (uF/cm^2) of the d_lambda rule; NEURON's defaults 35.4 and 1. */
  Ra?: number;
  cm?: number;
  lambdaFrequency?: number;
}

export interface CircuitCell {
  nodeId: number;
  morphology: string;
  geometry: SegmentGeometry;
}

export interface CircuitPopulationCells {
  population: string;
  /** Cells in node id order. */
  cells: CircuitCell[];
}

type Row = Record<string, string>;

/** Per-node values of attribute `name`: the node's group dataset, else its node type's column, else undefined. */
class NodeAttributes {
  private readonly groupData = new Map<string, unknown[] | null>();
  constructor(
    private readonly h5: H5Reader,
    private readonly base: string,
    private readonly groupIds: ArrayLike<number>,
    private readonly groupIndex: ArrayLike<number>,
    private readonly types: (Row | undefined)[],
  ) {}

  private group(g: number, name: string): unknown[] | null {
    const key = `${g}/${name}`;
    if (!this.groupData.has(key)) {
      const path = `${this.base}/${key}`;
      let values: unknown[] | null = null;
      if (this.h5.has(path)) values = this.h5.info(path).dtype === 'string' ? this.h5.strings(path) : Array.from(this.h5.numeric(path));
      this.groupData.set(key, values);
    }
    return this.groupData.get(key)!;
  }

  has(name: string): boolean {
    for (let i = 0; i < this.types.length; i++) if (this.get(i, name) !== undefined) return true;
    return false;
  }

  get(i: number, name: string): string | number | undefined {
    const values = this.group(this.groupIds[i], name);
    if (values) return values[this.groupIndex[i]] as string | number;
    const t = this.types[i]?.[name];
    return t === undefined || t === 'NONE' || t === 'NULL' ? undefined : t;
  }

  number(i: number, name: string, fallback: number, where: string): number {
    const v = this.get(i, name);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isFinite(x)) throw new Error(`${where}: node ${i} ${name} = ${JSON.stringify(v)}; expected a number`);
    return x;
  }
}

/** Rotation matrix (row-major 3x3) of a unit quaternion (w, x, y, z). */
export function quaternionMatrix(w: number, x: number, y: number, z: number): number[] {
  const n = Math.hypot(w, x, y, z);
  if (!(n > 0)) throw new Error(`orientation (${w}, ${x}, ${y}, ${z}) is not a rotation quaternion`);
  [w, x, y, z] = [w / n, x / n, y / n, z / n];
  return [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
}

/** Rotation matrix of SONATA's angles (radians): about z, then y, then x (world axes): R = Rx Ry Rz. */
export function anglesMatrix(ax: number, ay: number, az: number): number[] {
  const mul = (a: number[], b: number[]) => a.map((_, k) => {
    const r = Math.floor(k / 3), c = k % 3;
    return a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c];
  });
  const [cx, sx, cy, sy, cz, sz] = [Math.cos(ax), Math.sin(ax), Math.cos(ay), Math.sin(ay), Math.cos(az), Math.sin(az)];
  const Rx = [1, 0, 0, 0, cx, -sx, 0, sx, cx];
  const Ry = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
  const Rz = [cz, -sz, 0, sz, cz, 0, 0, 0, 1];
  return mul(Rx, mul(Ry, Rz));
}

/** `local` (soma centre `center`) rotated by R about the centre's image at the origin and moved to `pos`. */
function place(local: SegmentGeometry, center: number[], R: number[], pos: number[]): SegmentGeometry {
  const n = local.totnsegs;
  const out = { xStart: new Float64Array(n), xEnd: new Float64Array(n), yStart: new Float64Array(n), yEnd: new Float64Array(n), zStart: new Float64Array(n), zEnd: new Float64Array(n) };
  const move = (xs: Float64Array, ys: Float64Array, zs: Float64Array, ox: Float64Array, oy: Float64Array, oz: Float64Array) => {
    for (let i = 0; i < n; i++) {
      const x = xs[i] - center[0], y = ys[i] - center[1], z = zs[i] - center[2];
      ox[i] = R[0] * x + R[1] * y + R[2] * z + pos[0];
      oy[i] = R[3] * x + R[4] * y + R[5] * z + pos[1];
      oz[i] = R[6] * x + R[7] * y + R[8] * z + pos[2];
    }
  };
  move(local.xStart, local.yStart, local.zStart, out.xStart, out.yStart, out.zStart);
  move(local.xEnd, local.yEnd, local.zEnd, out.xEnd, out.yEnd, out.zEnd);
  return segmentGeometry({ ...out, diam: local.diam, area: local.area });
}

/** The compartments of one morphology file in its own coordinates, and its soma centre. */
function compartments(file: string, opts: CompartmentOptions): { geometry: SegmentGeometry; center: number[] } {
  const isJson = extname(file).toLowerCase() === '.json';
  const swc = isJson ? null : loadSwc(file);
  const morphology = swc ? swc.morphology : loadMorphology(file);
  // Only the geometry of the cell is used; the membrane parameters matter for the d_lambda rule only.
  const cell = new PassiveCell(morphology, { Ra: opts.Ra ?? 35.4, cm: opts.cm ?? 1, gPas: 1e-4, ePas: -65, nseg: opts.nseg ?? 1, lambdaFrequency: opts.lambdaFrequency });
  return { geometry: cell, center: swc ? swc.somaCenter : cell.somaPosition() };
}

function morphologyFile(dir: string | undefined, name: string, where: string): string {
  if (dir === undefined) throw new Error(`${where}: the circuit config has no components.morphologies_dir`);
  const candidates = extname(name) ? [join(dir, name)] : [join(dir, `${name}.swc`), join(dir, `${name}.json`)];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`${where}: morphology '${name}' not found (looked for ${candidates.join(', ')})`);
  return found;
}

/** The placed cells of every node population of a circuit that has morphologies (or only of `population`). */
export async function loadCircuitCells(circuitConfig: string, opts: CompartmentOptions & { population?: string } = {}): Promise<CircuitPopulationCells[]> {
  const files = readCircuitConfig(circuitConfig);
  const out: CircuitPopulationCells[] = [];
  const cache = new Map<string, ReturnType<typeof compartments>>();
  const seen: string[] = [];
  for (const { nodesFile, nodeTypesFile } of files.nodes) {
    const h5 = await H5Reader.open(nodesFile, 'nodes file');
    try {
      for (const pop of h5.keys('/nodes')) {
        seen.push(pop);
        if (opts.population !== undefined && pop !== opts.population) continue;
        const base = `/nodes/${pop}`;
        const where = `${nodesFile} population ${pop}`;
        const typeIds = h5.numeric(`${base}/node_type_id`);
        const types = nodeTypesFile ? typesById(readTypesCsv(nodeTypesFile), 'node_type_id', nodeTypesFile) : new Map<number, Row>();
        const attrs = new NodeAttributes(h5, base, h5.numeric(`${base}/node_group_id`), h5.numeric(`${base}/node_group_index`), Array.from(typeIds, (t) => types.get(t)));
        if (!attrs.has('morphology')) {
          if (opts.population !== undefined) throw new Error(`${where}: no morphology attribute; electrodes need morphologically detailed cells (model_type biophysical with morphologies)`);
          continue;
        }
        const quaternion = ['orientation_w', 'orientation_x', 'orientation_y', 'orientation_z'].some((k) => attrs.has(k));
        const angles = ['rotation_angle_xaxis', 'rotation_angle_yaxis', 'rotation_angle_zaxis'].some((k) => attrs.has(k));
        if (quaternion && angles) throw new Error(`${where}: both orientation_* and rotation_angle_* given; SONATA files use one of them`);
        const ids = h5.has(`${base}/node_id`) ? h5.numeric(`${base}/node_id`) : Float64Array.from(typeIds, (_, i) => i);
        const cells: CircuitCell[] = [];
        for (let i = 0; i < typeIds.length; i++) {
          const name = attrs.get(i, 'morphology');
          if (name === undefined) throw new Error(`${where}: node ${ids[i]} has no morphology`);
          const file = morphologyFile(files.components.morphologies_dir, String(name), `${where} node ${ids[i]}`);
          if (!cache.has(file)) cache.set(file, compartments(file, opts));
          const local = cache.get(file)!;
          const num = (k: string, d: number) => attrs.number(i, k, d, where);
          const R = quaternion
            ? quaternionMatrix(num('orientation_w', 1), num('orientation_x', 0), num('orientation_y', 0), num('orientation_z', 0))
            : anglesMatrix(num('rotation_angle_xaxis', 0), num('rotation_angle_yaxis', 0), num('rotation_angle_zaxis', 0));
          const center = num('recenter', 1) === 0 ? [0, 0, 0] : local.center;
          cells.push({ nodeId: ids[i], morphology: file, geometry: place(local.geometry, center, R, [num('x', 0), num('y', 0), num('z', 0)]) });
        }
        cells.sort((a, b) => a.nodeId - b.nodeId);
        out.push({ population: pop, cells });
      }
    } finally {
      h5.close();
    }
  }
  if (opts.population !== undefined && !seen.includes(opts.population)) throw new Error(`circuit ${files.config}: no node population '${opts.population}' (it has ${seen.join(', ') || 'none'})`);
  if (out.length === 0) throw new Error(`circuit ${files.config}: no node population with morphologies; electrodes need morphologically detailed cells`);
  return out;
}

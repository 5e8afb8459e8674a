/**
 * A small SONATA circuit with morphologies for the electrode tests: population 'pyr' (3 cells of an
 * SWC ball-and-sticks with a branching apical tree, rotations by angles) and population 'kernel' (2
 * cells of the project's kernel cell data/morphologies/ball-and-sticks-E.json, quaternion
 * orientations), plus a lead field in BlueRecording's Sim4Life layout.
 *
 * `expectedSections` states the geometry SONATA's rules give these morphologies (section order soma,
 * basal, apical; NEURON's single-sample soma along y; a section starting at its parent's last sample),
 * written out by hand so that the Python check does not take it from our code.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { H5Writer } from '../../../simulation/index.ts';
import { PROJECT_ROOT } from '../../helpers/shared.ts';

/** SWC samples: id type x y z radius parent. Soma at (5, -3, 2), radius 15. */
export const SWC = `# ball-and-sticks with a branching apical tree
1 1 5 -3 2 15 -1
2 3 5 -3 -13 1 1
3 3 5 -3 -213 1 2
4 4 5 -3 17 1.5 1
5 4 5 -3 517 1.5 4
6 4 105 -3 917 0.5 5
7 4 -95 -3 917 0.75 5
`;

/** Sections of the SWC (start, end, diameters at both ends), SONATA order; soma centre (5, -3, 2). */
export const SWC_SECTIONS = [
  { start: [5, -18, 2], end: [5, 12, 2], d0: 30, d1: 30 },
  { start: [5, -3, -13], end: [5, -3, -213], d0: 2, d1: 2 },
  { start: [5, -3, 17], end: [5, -3, 517], d0: 3, d1: 3 },
  // Branches start with their parent's last sample (diameter 3) and taper.
  { start: [5, -3, 517], end: [105, -3, 917], d0: 3, d1: 1 },
  { start: [5, -3, 517], end: [-95, -3, 917], d0: 3, d1: 1.5 },
];
export const SWC_CENTER = [5, -3, 2];

/** Sections of data/morphologies/ball-and-sticks-E.json; soma centre (0, 0, 0). */
export const KERNEL_SECTIONS = [
  { start: [0, 0, -15], end: [0, 0, 15], d0: 30, d1: 30 },
  { start: [0, 0, -15], end: [0, 0, -215], d0: 2, d1: 2 },
  { start: [0, 0, 15], end: [0, 0, 1015], d0: 3, d1: 3 },
];
export const KERNEL_CENTER = [0, 0, 0];

export const PYR = {
  pos: [[0, 0, 0], [100, -50, 30], [-40, 200, -10]],
  angles: [[0, 0, 0], [0.3, -0.7, 1.1], [Math.PI / 2, 0, -0.4]],
};
export const KERNEL = {
  pos: [[10, 20, 30], [-300, 0, 50]],
  // Unnormalised on purpose for the second: readers normalise quaternions.
  quat: [[1, 0, 0, 0], [0.9, 0.1, -0.3, 0.2]],
};

/** Contacts: names, positions (um) and types; one sits within half a diameter of the basal dendrite. */
export const CONTACTS = [
  ['e0', 0, 0, 0, 'PointSource'],
  ['e1', 50, 20, 300, 'LineSource'],
  ['e2', 5.5, -3, -100, 'LineSource'],
  ['e3', 5.5, -3, -100, 'PointSource'],
  ['e4', -200, 100, 1200, 'LineSource'],
  ['e5', 0, 0, 600, 'Reciprocity'],
  ['e6', 30, -10, 100, 'DipoleReciprocity'],
] as const;

/** The lead field: potential a + b x + c y + d z (V, x in m) and uniform E = (ex, ey, ez) (V/m), current 2 nA. */
export const FIELD = { a: 1e-3, b: 2.5, c: -1.5, d: 0.75, e: [3, -2, 5], current: 2 };

export function writeTestCircuit(dir: string): { config: string; csv: string; leadField: Promise<string> } {
  mkdirSync(join(dir, 'morph'), { recursive: true });
  writeFileSync(join(dir, 'morph', 'bas.swc'), SWC);
  copyFileSync(join(PROJECT_ROOT, 'data', 'morphologies', 'ball-and-sticks-E.json'), join(dir, 'morph', 'ball-and-sticks-E.json'));
  writeFileSync(join(dir, 'node_types.csv'), 'node_type_id model_type morphology\n1 biophysical bas\n2 biophysical ball-and-sticks-E.json\n');
  writeFileSync(join(dir, 'circuit_config.json'), JSON.stringify({
    manifest: { $BASE: '.' },
    components: { morphologies_dir: '$BASE/morph' },
    networks: { nodes: [{ nodes_file: '$BASE/nodes.h5', node_types_file: '$BASE/node_types.csv' }], edges: [] },
  }));
  writeFileSync(join(dir, 'electrodes.csv'), ['name,x,y,z,layer,region,type', ...CONTACTS.map((c) => `${c[0]},${c[1]},${c[2]},${c[3]},L23,V1,${c[4]}`)].join('\n') + '\n');
  const leadField = (async () => {
    const nodes = await H5Writer.create(join(dir, 'nodes.h5'));
    const pop = (name: string, type: number, n: number, data: Record<string, number[]>) => {
      nodes.numeric(`/nodes/${name}/node_type_id`, new Array(n).fill(type), 'int64');
      nodes.numeric(`/nodes/${name}/node_id`, [...Array(n).keys()], 'uint64');
      nodes.numeric(`/nodes/${name}/node_group_id`, new Array(n).fill(0), 'uint32');
      nodes.numeric(`/nodes/${name}/node_group_index`, [...Array(n).keys()], 'uint64');
      for (const [k, v] of Object.entries(data)) nodes.numeric(`/nodes/${name}/0/${k}`, v, 'float64');
    };
    pop('pyr', 1, 3, {
      x: PYR.pos.map((p) => p[0]), y: PYR.pos.map((p) => p[1]), z: PYR.pos.map((p) => p[2]),
      rotation_angle_xaxis: PYR.angles.map((a) => a[0]), rotation_angle_yaxis: PYR.angles.map((a) => a[1]), rotation_angle_zaxis: PYR.angles.map((a) => a[2]),
    });
    pop('kernel', 2, 2, {
      x: KERNEL.pos.map((p) => p[0]), y: KERNEL.pos.map((p) => p[1]), z: KERNEL.pos.map((p) => p[2]),
      orientation_w: KERNEL.quat.map((q) => q[0]), orientation_x: KERNEL.quat.map((q) => q[1]), orientation_y: KERNEL.quat.map((q) => q[2]), orientation_z: KERNEL.quat.map((q) => q[3]),
    });
    nodes.close();

    // Grid from -2 to 2 mm in x and y, -1 to 2 mm in z (m); unequal spacing on purpose.
    const axis = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => (from + ((to - from) * (i / (n - 1)) ** 1.3)) * 1e-3);
    const ax = axis(-2, 2, 9), ay = axis(-2, 2, 7), az = axis(-1, 2, 11);
    const f = await H5Writer.create(join(dir, 'lead_field.h5'));
    f.numeric('/Meshes/m0/axis_x', ax, 'float64');
    f.numeric('/Meshes/m0/axis_y', ay, 'float64');
    f.numeric('/Meshes/m0/axis_z', az, 'float64');
    f.numeric('/CurrentApplied', [FIELD.current], 'float64', []);
    const grid = (xs: number[], ys: number[], zs: number[], fn: (x: number, y: number, z: number) => number) => {
      const out: number[] = [];
      for (const x of xs) for (const y of ys) for (const z of zs) out.push(fn(x, y, z), 0);
      return out;
    };
    const mid = (a: number[]) => a.slice(1).map((v, i) => (v + a[i]) / 2);
    const snap = (field: string) => `/FieldGroups/g0/AllFields/${field}/_Object/Snapshots/0`;
    const phi = grid(ax, ay, az, (x, y, z) => FIELD.a + FIELD.b * x + FIELD.c * y + FIELD.d * z);
    f.numeric(`${snap('EM Potential(x,y,z,f0)')}/comp0`, phi, 'float64', [ax.length, ay.length, az.length, 2]);
    const stag = [[mid(ax), ay, az], [ax, mid(ay), az], [ax, ay, mid(az)]];
    stag.forEach((g, d) => f.numeric(`${snap('EM E(x,y,z,f0)')}/comp${d}`, grid(g[0], g[1], g[2], () => FIELD.e[d]), 'float64', [g[0].length, g[1].length, g[2].length, 2]));
    f.close();
    return join(dir, 'lead_field.h5');
  })();
  return { config: join(dir, 'circuit_config.json'), csv: join(dir, 'electrodes.csv'), leadField };
}

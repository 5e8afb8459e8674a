import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  anglesMatrix,
  loadCircuitCells,
  parseBlueRecordingCsv,
  parseSwc,
  potentialAt,
  quaternionMatrix,
  readLeadField,
  readElectrodesFile,
  writeCircuitElectrodes,
} from '../../../analysis/index.ts';
import { runElectrodes } from '../../../cli/commands/electrodes-command.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { PYTHON_H5PY, runPythonJson, SKIP_H5PY_MESSAGE } from '../../simulation/sonata/python-h5py.ts';
import { CONTACTS, FIELD, KERNEL, KERNEL_CENTER, KERNEL_SECTIONS, PYR, SWC, SWC_CENTER, SWC_SECTIONS, writeTestCircuit } from './electrodes-test-circuit.ts';

const tempDir = useTempDirs();
const NSEG = 3;
const SIGMA = 0.3;

async function circuitWithElectrodes() {
  const dir = tempDir('electrodes-');
  const c = writeTestCircuit(dir);
  const lf = await c.leadField;
  const out = join(dir, 'electrodes.h5');
  const r = await writeCircuitElectrodes(c.config, c.csv, out, { sigma: SIGMA, nseg: NSEG, leadFields: [lf, lf] });
  return { dir, ...c, lf, out, r };
}

/** Independent check: geometry from the hand-written sections, the formulas in numpy, the file through h5py. */
const NUMPY_CHECK = String.raw`
import json, sys
import numpy as np, h5py
inp = json.load(sys.stdin)
sigma, nseg = inp['sigma'], inp['nseg']
f = inp['field']

def rot_angles(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    Rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    Ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    Rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return Rx @ Ry @ Rz

def rot_quat(q):
    w, x, y, z = np.asarray(q, float) / np.linalg.norm(q)
    return np.array([[w*w + x*x - y*y - z*z, 2*(x*y - w*z), 2*(x*z + w*y)],
                     [2*(x*y + w*z), w*w - x*x + y*y - z*z, 2*(y*z - w*x)],
                     [2*(x*z - w*y), 2*(y*z + w*x), w*w - x*x - y*y + z*z]])

def segments(sections, center, R, pos):
    A, B, D = [], [], []
    for s in sections:
        a, b = np.array(s['start'], float), np.array(s['end'], float)
        for k in range(nseg):
            t0, t1 = k / nseg, (k + 1) / nseg
            A.append(a + (b - a) * t0); B.append(a + (b - a) * t1)
            D.append(s['d0'] + (s['d1'] - s['d0']) * (t0 + t1) / 2)
    c = np.array(center, float)
    A = (np.array(A) - c) @ R.T + pos
    B = (np.array(B) - c) @ R.T + pos
    return A, B, np.array(D)

def asinh_diff(a, b):
    # asinh(a) - asinh(b) = asinh(a sqrt(1 + b^2) - b sqrt(1 + a^2)); the argument still cancels far
    # along the axis (up to ~1e-12 relative here; ours agrees with a 40-digit mpmath evaluation to 1e-14)
    return np.arcsinh(a * np.sqrt(1 + b * b) - b * np.sqrt(1 + a * a))

def weights(A, B, D, contacts):
    M = (A + B) / 2
    W = np.zeros((len(A), len(contacts)))
    for j, (name, x, y, z, kind) in enumerate(contacts):
        P = np.array([x, y, z], float)
        if kind == 'PointSource':
            r = np.maximum(np.linalg.norm(P - M, axis=1), D / 2)
            W[:, j] = 1 / (4 * np.pi * sigma * r)
        elif kind == 'LineSource':
            L = np.linalg.norm(B - A, axis=1)
            u = (B - A) / L[:, None]
            s1 = np.sum((P - A) * u, axis=1)
            s2 = s1 - L
            r2 = np.maximum(np.sum((P - A) ** 2, axis=1) - s1 ** 2, (D / 2) ** 2)
            r = np.sqrt(r2)
            W[:, j] = asinh_diff(s1 / r, s2 / r) / (4 * np.pi * sigma * L)
        elif kind == 'Reciprocity':
            m = M * 1e-6
            W[:, j] = 1e3 * (f['a'] + f['b'] * m[:, 0] + f['c'] * m[:, 1] + f['d'] * m[:, 2]) / f['current']
        else:
            c = M.mean(axis=0)
            W[:, j] = -((M - c) @ np.array(f['e'], float)) * 1e-3 / f['current']
    return W

h5 = h5py.File(inp['file'], 'r')
max_rel, max_abs, problems = 0.0, 0.0, []
for j, (name, x, y, z, kind) in enumerate(inp['contacts']):
    g = h5['electrodes'][name]
    if g['position'].dtype != np.float32 or not np.allclose(g['position'][()], [x, y, z]): problems.append('position of ' + name)
    if g['type'][()].decode() != kind: problems.append('type of ' + name)
    for pop in inp['populations']:
        if int(g[pop['name']][()]) != j: problems.append('column of %s in %s' % (name, pop['name']))
for pop in inp['populations']:
    blocks = []
    for node in pop['nodes']:
        R = rot_quat(node['quat']) if 'quat' in node else rot_angles(*node['angles'])
        blocks.append(weights(*segments(pop['sections'], pop['center'], R, np.array(node['pos'], float)), inp['contacts']))
    ref = np.vstack(blocks)
    sf = h5['electrodes'][pop['name']]['scaling_factors']
    if sf.dtype != np.float64 or sf.shape != ref.shape: problems.append('scaling_factors %s %s vs %s' % (sf.dtype, sf.shape, ref.shape))
    ours = sf[()]
    ids, offsets = h5[pop['name']]['node_ids'], h5[pop['name']]['offsets']
    if ids.dtype != np.uint64 or list(ids[()]) != list(range(len(pop['nodes']))): problems.append('node_ids of ' + pop['name'])
    expect_off = np.cumsum([0] + [b.shape[0] for b in blocks])
    if offsets.dtype != np.uint64 or list(offsets[()]) != list(expect_off): problems.append('offsets of ' + pop['name'])
    max_abs = max(max_abs, float(np.max(np.abs(ours - ref))))
    nz = np.abs(ref) > 0
    max_rel = max(max_rel, float(np.max(np.abs(ours - ref)[nz] / np.abs(ref)[nz])))
print(json.dumps({'max_rel': max_rel, 'max_abs': max_abs, 'problems': problems}))
`;

describe('SWC morphologies (SONATA sections)', () => {
  it('orders sections soma, basal, apical; starts branches at the parent sample; makes a one-sample soma a y-cylinder', () => {
    const { morphology, somaCenter } = parseSwc(SWC, 'test.swc');
    expect(somaCenter).toEqual(SWC_CENTER);
    expect(morphology.sections.map((s) => s.name)).toEqual(['soma', 'dend[0]', 'apic[0]', 'apic[1]', 'apic[2]']);
    morphology.sections.forEach((s, i) => {
      const want = SWC_SECTIONS[i];
      expect(s.points[0]).toEqual([...want.start, want.d0]);
      expect(s.points.at(-1)).toEqual([...want.end, want.d1]);
    });
    expect(morphology.sections[3].parent).toBe('apic[0]');
    expect(morphology.sections[1].parent).toBe('soma');
  });

  it('rejects malformed SWC with the line', () => {
    expect(() => parseSwc('1 1 0 0 0 5 -1\n3 3 0 0 1 1 1\n', 'bad.swc')).toThrow(/bad.swc line 2: sample id 3; expected 2/);
    expect(() => parseSwc('1 1 0 0 0 5 -1\n2 3 0 0 1 0 1\n', 'bad.swc')).toThrow(/radius 0/);
    expect(() => parseSwc('1 3 0 0 0 5 -1\n', 'bad.swc')).toThrow(/no parent/);
  });
});

describe('rotations', () => {
  it('angles rotate about z, then y, then x; quaternions are normalised', () => {
    const R = anglesMatrix(0, 0, Math.PI / 2);
    expect(R.map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, -1, 0, 1, 0, 0, 0, 0, 1]);
    // z then x: (1,0,0) -> (0,1,0) -> (0,0,1)
    const Rzx = anglesMatrix(Math.PI / 2, 0, Math.PI / 2);
    expect([Rzx[0], Rzx[3], Rzx[6]].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, 0, 1]);
    const q = quaternionMatrix(2 * Math.cos(Math.PI / 4), 0, 0, 2 * Math.sin(Math.PI / 4));
    q.forEach((v, k) => expect(v).toBeCloseTo(R[k], 14));
  });
});

describe('BlueRecording electrode CSV', () => {
  it('reads contacts with defaults and rejects unsupported types', () => {
    const c = parseBlueRecordingCsv('name,x,y,z\na,1,2,3\n', 'e.csv');
    expect(c).toEqual([{ name: 'a', x: 1, y: 2, z: 3, layer: 'NA', region: 'NA', type: 'LineSource' }]);
    expect(() => parseBlueRecordingCsv('name,x,y,z,layer,region,type\na,1,2,3,L1,V1,ObjectiveCSD_Sphere\n', 'e.csv')).toThrow(/ObjectiveCSD electrodes are not supported/);
    expect(() => parseBlueRecordingCsv('name,x,y,z,layer,region,type\na,1,2,x,L1,V1,PointSource\n', 'e.csv')).toThrow(/e.csv line 2: z = "x" is invalid; expected a number/);
    expect(() => parseBlueRecordingCsv('name,x,y\na,1,2\n', 'e.csv')).toThrow(/header "name,x,y" is invalid/);
  });
});

describe('electrodes file of a circuit with morphologies', () => {
  it('places every cell as SONATA says and writes neurodamus layout read back by our reader', async () => {
    const { config, out, r } = await circuitWithElectrodes();
    expect(r.populations).toEqual([
      { name: 'kernel', nodes: 2, compartments: 2 * 3 * NSEG },
      { name: 'pyr', nodes: 3, compartments: 3 * 5 * NSEG },
    ]);
    const cells = await loadCircuitCells(config, { nseg: NSEG, population: 'pyr' });
    const g = cells[0].cells[1].geometry;
    // The soma centre of cell 1 sits at its position after rotation about it.
    const somaMid = [0, 1, 2].map((k) => ([g.xStart, g.yStart, g.zStart][k][1] + [g.xEnd, g.yEnd, g.zEnd][k][1]) / 2);
    somaMid.forEach((v, k) => expect(v).toBeCloseTo(PYR.pos[1][k], 10));
    const back = await readElectrodesFile(out);
    expect(back.contacts.map((c) => [c.name, c.type, c.layer, c.region])).toEqual(CONTACTS.map((c) => [c[0], c[4], 'L23', 'V1']));
    expect(back.populations.map((p) => [p.name, p.nodeIds, p.offsets])).toEqual([
      ['kernel', [0, 1], [0, 9, 18]],
      ['pyr', [0, 1, 2], [0, 15, 30, 45]],
    ]);
  });

  it.skipIf(PYTHON_H5PY === null)('weights equal an independent numpy computation to 1e-12 (h5py reads the file)', async () => {
    const { out } = await circuitWithElectrodes();
    const res = runPythonJson(NUMPY_CHECK, {
      file: out,
      sigma: SIGMA,
      nseg: NSEG,
      field: FIELD,
      contacts: CONTACTS,
      populations: [
        { name: 'kernel', sections: KERNEL_SECTIONS, center: KERNEL_CENTER, nodes: KERNEL.pos.map((pos, i) => ({ pos, quat: KERNEL.quat[i] })) },
        { name: 'pyr', sections: SWC_SECTIONS, center: SWC_CENTER, nodes: PYR.pos.map((pos, i) => ({ pos, angles: PYR.angles[i] })) },
      ],
    });
    expect(res.problems).toEqual([]);
    console.log(`electrode weights vs numpy: max relative deviation ${res.max_rel.toExponential(2)}, max absolute ${res.max_abs.toExponential(2)} mV/nA`);
    expect(res.max_rel).toBeLessThan(1e-12);
  });
  if (PYTHON_H5PY === null) it.skip(SKIP_H5PY_MESSAGE, () => {});

  it('errors name the problem: missing lead fields, unknown population, a contact named like a population', async () => {
    const { dir, config, csv, lf } = await circuitWithElectrodes();
    const base = { circuit: config, electrodes: csv, out: join(dir, 'x.h5'), sigma: 0.3, nseg: 1 as const };
    await expect(runElectrodes({ ...base, leadField: [lf] })).rejects.toThrow(/2 Reciprocity\/DipoleReciprocity contact\(s\) \(e5, e6\) but 1 lead field/);
    await expect(runElectrodes({ ...base, leadField: [lf, lf], population: 'nope' })).rejects.toThrow(/no node population 'nope' \(it has kernel, pyr\)/);
    const clash = join(dir, 'clash.csv');
    writeFileSync(clash, 'name,x,y,z,layer,region,type\npyr,0,0,0,L1,V1,PointSource\n');
    await expect(runElectrodes({ ...base, electrodes: clash })).rejects.toThrow(/contact name "pyr" equals a node population/);
    const field = await readLeadField(lf);
    expect(() => potentialAt(field, 5000, 0, 0, 'compartment 7')).toThrow(/compartment 7 at \(5000[0-9.]*, 0, 0\) um lies outside the grid \(x from -2000/);
    expect(potentialAt(field, 100, -200, 300, 'p')).toBeCloseTo((1e3 * (FIELD.a + (FIELD.b * 100 - FIELD.c * 200 + FIELD.d * 300) * 1e-6)) / FIELD.current, 12);
  });
});

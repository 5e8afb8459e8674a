// Passive cell: geometry, segmentation and backward-Euler integration against exact results.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/shared.ts';
import { loadMorphology, parseMorphology, PassiveCell, type Morphology } from '../../../analysis/index.ts';
import { CableSolver } from '../../../analysis/lfp/cable-solver.ts';

const ballAndSticks = loadMorphology(join(PROJECT_ROOT, 'data', 'morphologies', 'ball-and-sticks-E.json'));
const passive = { Ra: 100, cm: 1, gPas: 3e-4, ePas: -65 };

function cylinder(L: number, d: number): Morphology {
  return { name: 'cylinder', sections: [{ name: 'soma', points: [[0, 0, 0, d], [0, 0, L, d]] }] };
}

describe('PassiveCell geometry', () => {
  it('segments the ball-and-sticks cell by the lambda-100 rule (1 + 5 + 21)', () => {
    const cell = new PassiveCell(ballAndSticks, passive);
    expect(cell.sections.map((s) => s.nseg)).toEqual([1, 5, 21]);
    expect(cell.totnsegs).toBe(27);
    expect(cell.area[0]).toBeCloseTo(Math.PI * 30 * 30, 10);
    expect(cell.zStart[1]).toBe(-15);
    expect(cell.zEnd[5]).toBe(-215);
    expect(cell.zEnd[26]).toBeCloseTo(1015, 10);
    expect(Array.from(cell.getIdx(['dend']))).toEqual([1, 2, 3, 4, 5]);
    expect(cell.getIdx('allsec', 0, 100).length).toBe(3); // soma (z = 0) and two apical segments
  });
  it('moves and rotates about the soma', () => {
    const cell = new PassiveCell(ballAndSticks, passive);
    cell.setPosition({ x: 10, z: 100 });
    expect(cell.somaPosition()).toEqual([10, 0, 100]);
    cell.setRotation({ x: Math.PI / 2 });
    // the apical tip (1015 um above the soma) now points along -y
    expect(cell.yEnd[26]).toBeCloseTo(-1015, 9);
    expect(cell.zEnd[26]).toBeCloseTo(100, 9);
  });
  it('integrates tapered segments as frustums', () => {
    const cell = new PassiveCell({ name: 'cone', sections: [{ name: 'a', points: [[0, 0, 0, 2], [0, 0, 10, 4]] }] }, { ...passive, nseg: 1 });
    expect(cell.area[0]).toBeCloseTo(Math.PI * 3 * Math.hypot(10, 1), 12);
    expect(cell.diam[0]).toBeCloseTo(3, 12);
  });
  it('rejects bad morphologies and parameters with clear messages', () => {
    expect(() => parseMorphology({ name: 'x', sections: [{ name: 'a', points: [[0, 0, 0, 1]] }] })).toThrow(/sections\.0\.points/);
    expect(() => parseMorphology({ name: 'x', sections: [{ name: 'a', points: [[0, 0, 0, 1], [0, 0, 1, 1]] }, { name: 'b', parent: 'zz', points: [[0, 0, 0, 1], [0, 0, 1, 1]] }] })).toThrow(/parent "zz"/);
    expect(() => new PassiveCell(ballAndSticks, { ...passive, Ra: -1 })).toThrow(/Ra = -1/);
  });
});

describe('PassiveCell integration', () => {
  it('relaxes a single compartment exactly as backward Euler', () => {
    const dt = 0.1;
    const cell = new PassiveCell(cylinder(20, 20), { ...passive, nseg: 1, vInit: -70 });
    const { vmem, imem } = cell.simulateFull({ dt, tstop: 5 });
    const C = 1 * cell.area[0] * 1e-5; // nF
    const G = 3e-4 * cell.area[0] * 1e-2; // uS
    let v = -70;
    for (let n = 1; n < vmem.cols; n++) {
      v = (v * (C / dt) + G * -65) / (C / dt + G);
      expect(vmem.data[n]).toBeCloseTo(v, 12);
      expect(Math.abs(imem.data[n])).toBeLessThan(1e-12); // an isolated compartment carries no net current
    }
  });
  it('reaches the analytic steady state of a two-segment cable under DC injection', () => {
    const L = 200, d = 2, Ra = 150;
    const cell = new PassiveCell(cylinder(L, d), { ...passive, Ra, nseg: 2, vInit: -65 });
    const I = -0.05; // nA, inward into segment 0
    const nSteps = 20000;
    const { imem, vmem } = cell.simulateFull({ dt: 0.5, tstop: nSteps * 0.5, currents: [{ weights: Float64Array.from([I, 0]), waveform: new Float64Array(nSteps).fill(1) }] });
    const G = 3e-4 * cell.area[0] * 1e-2;
    const g = 1 / (2 * (Ra * (L / 4)) / ((Math.PI * d * d) / 4) * 1e-2); // centre-to-centre, uS
    const a = -I / (G + (g * G) / (G + g));
    const b = (g * a) / (G + g);
    const last = vmem.cols - 1;
    expect(vmem.data[last] + 65).toBeCloseTo(a, 9);
    expect(vmem.data[vmem.cols + last] + 65).toBeCloseTo(b, 9);
    expect(imem.data[last] + imem.data[imem.cols + last]).toBeCloseTo(0, 12);
    expect(imem.data[imem.cols + last]).toBeCloseTo(G * b, 12);
  });
  it('conserves current: membrane currents sum to zero at every step', () => {
    const cell = new PassiveCell(ballAndSticks, { ...passive, vInit: -70 });
    const w = new Float64Array(cell.totnsegs).map((_, i) => Math.sin(i));
    const { imem } = cell.simulateFull({ dt: 0.0625, tstop: 20, currents: [{ weights: w, waveform: new Float64Array(320).fill(1) }] });
    for (let n = 1; n < imem.cols; n++) {
      let sum = 0, abs = 0;
      for (let i = 0; i < cell.totnsegs; i++) {
        sum += imem.data[i * imem.cols + n];
        abs += Math.abs(imem.data[i * imem.cols + n]);
      }
      expect(Math.abs(sum)).toBeLessThan(1e-12 * Math.max(abs, 1));
    }
  });
});

describe('CableSolver', () => {
  it('solves a branched tree exactly', () => {
    // Y-shaped tree: 0 - 1 - 2 - {3 - 4, 5}
    const nodes = [
      { parent: -1, axialConductance: 0 }, { parent: 0, axialConductance: 2 }, { parent: 1, axialConductance: 0.5 },
      { parent: 2, axialConductance: 3 }, { parent: 3, axialConductance: 1.5 }, { parent: 2, axialConductance: 0.7 },
    ];
    const diag = Float64Array.from([0.1, 1, 0, 2, 0.3, 0.9]);
    const solver = new CableSolver(nodes, diag);
    const b = Float64Array.from([1, -2, 0.5, 3, -1, 2]);
    const x = Float64Array.from(b);
    solver.solveInPlace(x);
    const axial = new Float64Array(6);
    solver.axialCurrents(x, axial);
    for (let i = 0; i < 6; i++) expect(diag[i] * x[i] - axial[i]).toBeCloseTo(b[i], 12);
  });
});

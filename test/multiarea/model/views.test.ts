import { describe, expect, it } from 'vitest';
import {
  areaLevelIndegrees,
  connectionMask,
  dictToMatrix,
  dictToVector,
  matrixToDict,
  structureVector,
  vectorMask,
  vectorToDict,
} from '../../../multiarea/model/views.ts';

// A two-area toy network: B lacks population 'y'.
const areas = ['A', 'B'];
const pops = ['x', 'y'];
const structure = { A: ['x', 'y'], B: ['x'] };

describe('dict <-> vector/matrix views', () => {
  it('orders populations area by area', () => {
    expect(structureVector(areas, structure)).toEqual(['A-x', 'A-y', 'B-x']);
  });

  it('round-trips vectors, filling absent populations with 0 and adding totals', () => {
    const d = vectorToDict([1, 2, 3], areas, structure, pops);
    expect(d).toEqual({ A: { x: 1, y: 2, total: 3 }, B: { x: 3, y: 0, total: 3 } });
    expect(dictToVector(d, areas, structure)).toEqual([1, 2, 3]);
  });

  it('names the missing entry when a dict lacks a population', () => {
    expect(() => dictToVector({ A: { x: 1 }, B: { x: 2 } }, areas, structure)).toThrow(/A\/y/);
  });

  it('round-trips matrices with the external column; tiny values become 0', () => {
    const m = [
      [1, 2, 3, 10],
      [4, 5e-9, 6, 20],
      [7, 8, 9, 30],
    ];
    const d = matrixToDict(m, areas, structure, pops);
    expect(d.A.y.A.y).toBe(0);
    expect(d.B.y.A.x).toBe(0); // absent target population
    expect(d.B.x.B.y).toBe(0); // absent source population
    expect(d.A.x.B.x).toBe(3);
    expect(d.B.x.external.external).toBe(30);
    expect(dictToMatrix(d, areas, structure)).toEqual([
      [1, 2, 3, 10],
      [4, 0, 6, 20],
      [7, 8, 9, 30],
    ]);
    expect(dictToMatrix(d, areas, structure, false)[2]).toEqual([7, 8, 9]);
  });

  it('takes the external input from a separate vector when the matrix has no external column', () => {
    const d = matrixToDict([[1, 2, 3], [4, 5, 6], [7, 8, 9]], areas, structure, pops, [10, 20, 30]);
    expect(d.A.y.external.external).toBe(20);
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => matrixToDict([[1]], areas, structure, pops)).toThrow(/1 rows; expected 3/);
  });
});

describe('masks', () => {
  it('select populations and areas', () => {
    expect(vectorMask(areas, structure, { pops: ['x'] })).toEqual([true, false, true]);
    expect(vectorMask(areas, structure, { areas: ['B'] })).toEqual([false, false, true]);
  });

  it('select connections, cortico-cortical ones and internal ones', () => {
    const all = connectionMask(areas, structure);
    expect(all.every((row) => row.every(Boolean))).toBe(true);
    expect(connectionMask(areas, structure, { external: false }).map((r) => r[3])).toEqual([false, false, false]);
    expect(connectionMask(areas, structure, { corticoCortical: true })).toEqual([
      [false, false, true, false],
      [false, false, true, false],
      [true, true, false, false],
    ]);
    expect(connectionMask(areas, structure, { internal: true, targetPops: ['x'] })).toEqual([
      [true, true, false, true],
      [false, false, false, false],
      [false, false, true, true],
    ]);
  });
});

describe('area-level indegrees', () => {
  it('average the population indegrees weighted by the target population sizes', () => {
    const K = matrixToDict([[1, 2, 3, 10], [4, 5, 6, 20], [7, 8, 9, 30]], areas, structure, pops);
    const N = vectorToDict([100, 300, 50], areas, structure, pops);
    const Ka = areaLevelIndegrees(K, N, areas, pops);
    expect(Ka.A.A).toBeCloseTo((100 * (1 + 2) + 300 * (4 + 5)) / 400, 12);
    expect(Ka.A.B).toBeCloseTo((100 * 3 + 300 * 6) / 400, 12);
    expect(Ka.B.A).toBeCloseTo(7 + 8, 12);
    expect(Ka.A.external).toBeCloseTo((100 * 10 + 300 * 20) / 400, 12);
  });
});

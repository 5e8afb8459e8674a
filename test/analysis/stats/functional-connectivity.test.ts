import { describe, expect, it } from 'vitest';
import {
  experimentalFunctionalConnectivity,
  fcSimilarity,
  functionalConnectivity,
  pearson,
  structuralConnectivity,
} from '../../../analysis/index.ts';
import { expFunctionalConnectivityByArea, MultiAreaModel } from '../../../multiarea/index.ts';

describe('functional connectivity and the comparison with experiment', () => {
  it('Pearson correlations between series; the first samples can be skipped', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 4, 6, 8, 10];
    const c = [5, 3, 4, 1, 2];
    expect(pearson(a, b)).toBeCloseTo(1, 15);
    // Hand value: a vs c, deviations (-2..2) and (2, 0, 1, -2, -1): sum = -4 -0 +0 -2 -2 = -8, norms 10, 10.
    expect(pearson(a, c)).toBeCloseTo(-0.8, 15);
    const fc = functionalConnectivity(['A', 'B', 'C'], [a, b, c]);
    expect(fc.values).toEqual([
      [1, fc.values[0][1], fc.values[0][2]],
      [fc.values[0][1], 1, fc.values[1][2]],
      [fc.values[0][2], fc.values[1][2], 1],
    ]);
    expect(fc.values[0][2]).toBeCloseTo(-0.8, 15);
    expect(functionalConnectivity(['A', 'C'], [a, c], 2).values[0][1]).toBeCloseTo(pearson([3, 4, 5], [4, 1, 2]), 15);
    expect(() => functionalConnectivity(['A', 'C'], [a, c], 4)).toThrow(/skipping 4 of 5 samples/);
  });

  it("similarity: Pearson r over all entries of the zero-diagonal matrices (the paper's measure)", () => {
    const m1 = { labels: ['A', 'B', 'C'], values: [[1, 0.5, 0.1], [0.5, 1, 0.3], [0.1, 0.3, 1]] };
    const m2 = { labels: ['A', 'B', 'C'], values: [[1, 0.4, 0.2], [0.4, 1, 0.1], [0.2, 0.1, 1]] };
    expect(fcSimilarity(m1, m2)).toBeCloseTo(pearson([0, 0.5, 0.1, 0.5, 0, 0.3, 0.1, 0.3, 0], [0, 0.4, 0.2, 0.4, 0, 0.1, 0.2, 0.1, 0]), 15);
    expect(() => fcSimilarity(m1, { ...m2, labels: ['A', 'C', 'B'] })).toThrow(/different labels/);
  });

  it('experimental FC in the requested area order, from the bundled table', () => {
    const fc = experimentalFunctionalConnectivity(['V1', '46', 'FEF']);
    const table = expFunctionalConnectivityByArea();
    expect(fc.labels).toEqual(['V1', '46', 'FEF']);
    expect(fc.values[1][2]).toBe(table['46'].FEF);
    expect(fc.values[2][0]).toBe(table.FEF.V1);
    expect(() => experimentalFunctionalConnectivity(['V1', 'XY'])).toThrow(/no data for area 'XY'/);
  });

  it('structural connectivity: K_areas[a][b] over all inputs of a (external included)', () => {
    const model = new MultiAreaModel();
    const s = structuralConnectivity(['V1', 'V2'], model.K_areas);
    const total = Object.values(model.K_areas.V2).reduce((x, y) => x + y, 0);
    expect(s.values[1][0]).toBeCloseTo(model.K_areas.V2.V1 / total, 15);
    expect(s.values[0][0] + s.values[0][1]).toBeLessThan(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  pathGainMatrix,
  populationShortestPaths,
  shortestPathChannels,
  significantChannels,
  structuralGradient,
} from '../../../analysis/index.ts';

const architecture = { V1: 8, V2: 7, FEF: 5, '46': 5 };

describe('structural gradients, significant channels and shortest paths (Fig. 9)', () => {
  it("structural gradient as upstream's helper: lower target type = HL", () => {
    expect(structuralGradient('FEF', 'V1', architecture)).toBe('HL');
    expect(structuralGradient('V1', 'FEF', architecture)).toBe('LH');
    expect(structuralGradient('FEF', '46', architecture)).toBe('HZ');
    expect(structuralGradient('V1', 'V1', architecture)).toBe('same-area');
    expect(() => structuralGradient('V1', 'XY', architecture)).toThrow(/no architectural type for 'XY'/);
  });

  it('significant channels: p < alpha, grouped by gradient, counted per (source pop, target pop)', () => {
    const ch = significantChannels(
      [
        { target: 'FEF-23E', sources: ['V1-23E', 'V2-23E', 'FEF-4E', '46-5E'], pValue: [0.01, 0.2, 0.001, 0.049] },
        { target: '46-23E', sources: ['V1-23E', 'V2-23E'], pValue: [0.03, 0.04] },
      ],
      architecture,
    );
    expect(ch.HL).toEqual([{ source: '23E', target: '23E', count: 3 }]);
    expect(ch.HZ).toEqual([{ source: '5E', target: '23E', count: 1 }]);
    expect(ch['same-area']).toEqual([{ source: '4E', target: '23E', count: 1 }]);
    expect(ch.LH).toEqual([]);
  });

  it('shortest paths with distance log10(lambda_max / w) equal a brute-force search over all simple paths', () => {
    const labels = ['V1-4E', 'V1-23E', 'V2-4E', 'V2-23E', 'FEF-23E'];
    // gain[target][source]
    const G = [
      [0, 0, 0.2, 0.05, 0.01],
      [0.8, 0, 0, 0, 0.02],
      [0.3, 0.6, 0, 0, 0],
      [0, 0.1, 0.7, 0, 0],
      [0, 0.05, 0, 0.4, 0],
    ];
    const sp = populationShortestPaths(labels, G);
    // lambda_max by power iteration on the non-negative matrix (independent of ml-matrix's eigen solver).
    let v = [1, 1, 1, 1, 1];
    let lambda = 0;
    for (let it = 0; it < 2000; it++) {
      const w = G.map((row) => row.reduce((s, g, j) => s + g * v[j], 0));
      lambda = Math.hypot(...w) / Math.hypot(...v);
      v = w.map((x) => x / Math.hypot(...w));
    }
    const dist = (s: number, t: number): number => Math.log10(lambda / G[t][s]);
    const brute = (s: number, t: number): number => {
      let best = Infinity;
      const walk = (u: number, seen: Set<number>, len: number): void => {
        if (u === t) best = Math.min(best, len);
        for (let next = 0; next < labels.length; next++) if (G[next][u] > 0 && !seen.has(next)) walk(next, new Set([...seen, next]), len + dist(u, next));
      };
      walk(s, new Set([s]), 0);
      return best;
    };
    for (let s = 0; s < labels.length; s++) {
      for (let t = 0; t < labels.length; t++) {
        if (s === t) continue;
        expect(sp.distance[s][t]).toBeCloseTo(brute(s, t), 10);
        const path = sp.path(s, t);
        expect(path[0]).toBe(s);
        expect(path[path.length - 1]).toBe(t);
        expect(path.slice(1).reduce((acc, node, k) => acc + dist(path[k], node), 0)).toBeCloseTo(sp.distance[s][t], 10);
      }
    }
    const { pairs, channels } = shortestPathChannels(sp, architecture);
    const fefFromV1 = pairs.find((p) => p.sourceArea === 'V1' && p.targetArea === 'FEF')!;
    const candidates = [0, 1].map((s) => sp.distance[s][4]);
    expect(fefFromV1.length).toBeCloseTo(Math.min(...candidates), 12);
    expect(fefFromV1.gradient).toBe('HL');
    expect(channels.HL.reduce((s, c) => s + c.count, 0)).toBe(pairs.filter((p) => p.gradient === 'HL').length);
    expect(shortestPathChannels(sp, architecture, new Set(['V1', 'V2'])).pairs.every((p) => p.targetArea !== 'FEF')).toBe(true);
  });

  it("gain matrix of the path analysis: K |J| dnu/dmu + K J^2 dnu/dsigma^2, negative entries left out of the graph", () => {
    const K = [
      [10, 4],
      [2, 6],
    ];
    const J = [
      [0.15, -0.6],
      [0.3, -0.9],
    ];
    const g = pathGainMatrix(K, J, [2, 3], [0.5, -1], [0, 1]);
    expect(g[0][1]).toBeCloseTo(4 * (0.6 * 2 + 0.36 * 0.5), 15);
    expect(g[1][0]).toBeCloseTo(2 * (0.3 * 3 - 0.09), 15);
    expect(populationShortestPaths(['A-E', 'A-I'], [[1, -0.5], [0.5, 1]]).negativeEdges).toBe(1);
  });
});

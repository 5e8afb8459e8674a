import { describe, expect, it } from 'vitest';
import {
  communityStructureData,
  DEFAULT_COMMUNITY_STRUCTURE_CONFIG,
  DEFAULT_LAMINAR_PATHS_CONFIG,
  DEFAULT_LAMINAR_PATTERNS_CONFIG,
  hierarchicalRelation,
  intermediateStages,
  laminarPathsData,
  laminarPatternsData,
  modelFor,
  shuffleTargets,
  STRUCTURE_2018A,
} from '../../../figures/index.ts';
import { uniformGenerator } from '../../../core/index.ts';
import { getProcessedData, splitPopulationLabel } from '../../../multiarea/index.ts';

describe('2018a Fig. 5: laminar patterns', () => {
  const data = laminarPatternsData(DEFAULT_LAMINAR_PATTERNS_CONFIG);

  it('B: every connection with SLN data and a CoCoMac target pattern is counted once, in the class of its SLN', () => {
    const processed = getProcessedData();
    // Independent route: walk the CoCoMac table and look the SLN up.
    const expected = { FB: 0, lateral: 0, FF: 0 };
    const layer4 = { FB: 0, lateral: 0, FF: 0 };
    for (const [target, bySource] of Object.entries(processed.cocomac_completed)) {
      for (const [source, entry] of Object.entries(bySource)) {
        const sln = processed.SLN_Data_FV91[target]?.[source];
        if (sln === undefined || !entry.target_pattern) continue;
        const cls = sln < 0.35 ? 'FB' : sln > 0.65 ? 'FF' : 'lateral';
        expected[cls]++;
        if (Number(entry.target_pattern[3]) > 0) layer4[cls]++;
      }
    }
    for (const p of data.targetPatterns) {
      expect(p.connections).toBe(expected[p.relation]);
      expect(p.layerCounts[3]).toBe(layer4[p.relation]);
      expect(Math.max(...p.layerCounts)).toBeLessThanOrEqual(p.connections);
    }
    // Feedforward connections terminate mostly in L4, feedback ones avoid it (the paper's finding).
    const ff = data.targetPatterns.find((p) => p.relation === 'FF')!;
    const fb = data.targetPatterns.find((p) => p.relation === 'FB')!;
    expect(ff.layerCounts.indexOf(Math.max(...ff.layerCounts))).toBe(3);
    expect(fb.layerCounts[3]).toBe(Math.min(...fb.layerCounts));
  });

  it('D: each averaged pattern is a mean of blocks that sum to 1, so it sums to 1; pair counts match the SLN classes', () => {
    const model = modelFor(DEFAULT_LAMINAR_PATTERNS_CONFIG.model);
    const processed = getProcessedData();
    const areaK = (t: string, s: string) =>
      model.structureVec.reduce(
        (sum, lt, i) => (splitPopulationLabel(lt).area !== t ? sum : sum + model.structureVec.reduce((acc, ls, j) => (splitPopulationLabel(ls).area === s ? acc + model.K_matrix[i][j] : acc), 0)),
        0,
      );
    const pairs = { FB: 0, lateral: 0, FF: 0 };
    for (const t of model.areaList) {
      for (const s of model.areaList) {
        const sln = processed.SLN_completed[t]?.[s];
        if (t !== s && sln !== undefined && areaK(t, s) > 0) pairs[hierarchicalRelation(sln)]++;
      }
    }
    for (const p of data.modelPatterns) {
      expect(p.pairs).toBe(pairs[p.relation]);
      expect(p.relativeIndegree.flat().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    // Feedforward input from 2/3E goes to layer 4, as in the published panel.
    const ff = data.modelPatterns.find((p) => p.relation === 'FF')!;
    const from23E = ff.relativeIndegree.map((row) => row[data.populations.indexOf('23E')]);
    const top = data.populations[from23E.indexOf(Math.max(...from23E))];
    expect(['4E', '4I']).toContain(top);
  });

  it('hierarchical relation: bounds are lateral', () => {
    expect(hierarchicalRelation(0.35)).toBe('lateral');
    expect(hierarchicalRelation(0.65)).toBe('lateral');
    expect(hierarchicalRelation(0.3499)).toBe('FB');
    expect(hierarchicalRelation(0.6501)).toBe('FF');
    expect(() => hierarchicalRelation(Number.NaN)).toThrow(/SLN = NaN/);
  });
});

describe('2018a Fig. 7: community structure', () => {
  const data = communityStructureData({ ...DEFAULT_COMMUNITY_STRUCTURE_CONFIG, nullModels: 4 });

  it('the matrix is the relative outdegree computed from the synapse numbers', () => {
    const model = modelFor(STRUCTURE_2018A);
    // Independent: synapses s -> t from K_matrix and N_vec, per neuron of the source area.
    const index = new Map(model.areaList.map((a, k) => [a, k]));
    const A = model.areaList.length;
    const syn = Array.from({ length: A }, () => new Array<number>(A).fill(0));
    const size = new Array<number>(A).fill(0);
    model.structureVec.forEach((l, i) => (size[index.get(splitPopulationLabel(l).area)!] += model.N_vec[i]));
    model.structureVec.forEach((lt, i) =>
      model.structureVec.forEach((ls, j) => (syn[index.get(splitPopulationLabel(lt).area)!][index.get(splitPopulationLabel(ls).area)!] += model.K_matrix[i][j] * model.N_vec[i])),
    );
    for (let t = 0; t < A; t++) {
      const out = syn[t].map((v, s) => v / size[s]);
      const total = out.reduce((a, b) => a + b, 0);
      for (let s = 0; s < A; s++) {
        const expected = s === t ? 0 : out[s] / total;
        expect(Math.abs(data.relativeOutdegree[t][s] - expected)).toBeLessThan(1e-12 + 1e-9 * expected);
      }
    }
  });

  it('communities partition the areas; the reported modularity is the directed modularity of that partition', () => {
    expect(data.order.slice().sort()).toEqual(data.areas.slice().sort());
    expect(data.communities.flat()).toHaveLength(data.areas.length);
    // Leicht-Newman directed modularity, computed independently (edges source -> target).
    const W = data.relativeOutdegree;
    const n = W.length;
    const m = W.flat().reduce((a, b) => a + b, 0);
    const kOut = Array.from({ length: n }, (_, s) => W.reduce((acc, row) => acc + row[s], 0));
    const kIn = W.map((row) => row.reduce((a, b) => a + b, 0));
    let q = 0;
    for (let t = 0; t < n; t++) for (let s = 0; s < n; s++) if (data.community[t] === data.community[s]) q += W[t][s] - (kOut[s] * kIn[t]) / m;
    expect(data.modularity).toBeCloseTo(q / m, 10);
    // The published grouping: V1 with V2, FEF with 46.
    const of = (a: string) => data.community[data.areas.indexOf(a)];
    expect(of('V1')).toBe(of('V2'));
    expect(of('FEF')).toBe(of('46'));
    expect(of('V1')).not.toBe(of('FEF'));
    expect(data.nullModularity).toHaveLength(4);
    for (const qNull of data.nullModularity) expect(qNull).toBeLessThan(data.modularity);
  });

  it('null models keep every source area\'s outgoing weights and leave the diagonal at 0', () => {
    const M = [
      [0, 1, 2],
      [3, 0, 4],
      [5, 6, 0],
    ];
    const shuffled = shuffleTargets(M, uniformGenerator(3));
    for (let j = 0; j < 3; j++) {
      expect(shuffled[j][j]).toBe(0);
      expect(shuffled.map((r) => r[j]).sort()).toEqual(M.map((r) => r[j]).sort());
    }
  });
});

describe('2018a Fig. 8: laminar paths', () => {
  const data = laminarPathsData(DEFAULT_LAMINAR_PATHS_CONFIG);

  it('intermediate stages: runs of one area between source and target area', () => {
    expect(intermediateStages(['V1-23E', 'V2-4E', 'V2-23E', 'V4-5E'])).toEqual(['4E+23E']);
    expect(intermediateStages(['V1-23E', 'V1-5E', 'V2-5E', 'MT-6E', 'V4-4E'])).toEqual(['5E', '6E']);
    expect(intermediateStages(['V1-23E', 'V2-4E'])).toEqual([]);
  });

  it('every area pair has one path from its source area to its target area; the counts add up', () => {
    const processed = getProcessedData();
    const areas = modelFor(DEFAULT_LAMINAR_PATHS_CONFIG.model).areaList;
    for (const p of data.pairs) {
      expect(splitPopulationLabel(p.path[0]).area).toBe(p.sourceArea);
      expect(splitPopulationLabel(p.path[p.path.length - 1]).area).toBe(p.targetArea);
      expect(p.path[0]).toBe(p.source);
      expect(p.path[p.path.length - 1]).toBe(p.target);
      const sln = processed.SLN_completed[p.targetArea]?.[p.sourceArea];
      expect(p.relation).toBe(sln === undefined ? null : hierarchicalRelation(sln));
    }
    // MDP receives no cortico-cortical input: no path ends there; every other ordered pair has one.
    expect(data.pairs.some((p) => p.targetArea === 'MDP')).toBe(false);
    expect(data.pairs).toHaveLength((areas.length - 1) * (areas.length - 1));
    const sum = (list: { count: number }[]) => list.reduce((a, c) => a + c.count, 0);
    for (const r of ['FF', 'lateral', 'FB'] as const) expect(sum(data.byRelation[r])).toBe(data.pairs.filter((p) => p.relation === r).length);
    for (const g of ['HL', 'HZ', 'LH'] as const) {
      expect(sum(data.byGradient[g])).toBe(data.pairs.filter((p) => p.gradient === g).length);
      const stages = data.pairs.filter((p) => p.gradient === g).flatMap((p) => intermediateStages(p.path));
      expect(sum(data.stages[g])).toBe(stages.length);
    }
  });

  it('as published: feedforward paths run 2/3E -> 4E, and 5E is the commonest relay from low to high type', () => {
    const ff = data.byRelation.FF.slice().sort((a, b) => b.count - a.count)[0];
    expect([ff.source, ff.target]).toEqual(['23E', '4E']);
    expect(data.stages.LH[0].stage).toBe('5E');
  });
});

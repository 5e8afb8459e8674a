import { describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/multi-area-model.ts';
import { loadRawData } from '../../multiarea/data/dataset.ts';

describe('views of a built model', () => {
  const model = new MultiAreaModel({ delay_params: { delay_e: 1.2, delay_i: 0.6, delay_rel: 0.4, interarea_speed: 2.5 } });
  const n = model.structureVec.length;
  const at = (label: string) => model.structureVec.indexOf(label);

  it('has 254 populations; TH lacks 4E and 4I', () => {
    expect(n).toBe(254);
    expect(model.structure.TH).toEqual(['23E', '23I', '5E', '5I', '6E', '6I']);
    expect(model.N.TH['4E']).toBe(0);
    expect(model.N.V1['23E']).toBe(model.N_vec[at('V1-23E')]);
  });

  it('delays: local by source type, inter-area distance / speed, sd = delay_rel x mean (ms)', () => {
    const distances = loadRawData().median_distance_data as Record<string, Record<string, number>>;
    expect(model.delayMean[at('V1-23I')][at('V1-4E')]).toBe(1.2);
    expect(model.delayMean[at('V1-23E')][at('V1-6I')]).toBe(0.6);
    expect(model.delayMean[at('V1-23E')][at('V2-5E')]).toBe(distances.V1.V2 / 2.5);
    expect(model.delayMean[at('TH-6I')][at('46-23E')]).toBe(distances.TH['46'] / 2.5);
    expect(model.delaySd[at('TH-6I')][at('46-23E')]).toBe((distances.TH['46'] / 2.5) * 0.4);
    expect(model.delayMean.length).toBe(n);
    expect(model.delayMean[0].length).toBe(n);
  });

  it('dict views agree with the matrices', () => {
    const i = at('V4-5E');
    const j = at('MT-23E');
    expect(model.K.V4['5E'].MT['23E']).toBe(model.K_matrix[i][j]);
    expect(model.K.V4['5E'].external.external).toBe(model.K_matrix[i][n]);
    expect(model.synapses.V4['5E'].MT['23E']).toBe(model.syn_matrix[i][j]);
    expect(model.W.V4['5E'].MT['23E']).toBe(model.W_matrix[i][j]);
    expect(model.W_sd.V4['5E'].MT['23E']).toBe(model.W_sd_matrix[i][j]);
    expect(model.dictToMatrix(model.K)).toEqual(model.K_matrix.map((row) => row.map((k) => (Math.abs(k) <= 1.00001e-8 ? 0 : k))));
    expect(model.dictToVector(model.N)).toEqual(model.N_vec);
  });

  it('masks select cortico-cortical and external entries', () => {
    const cc = model.connectionMask({ corticoCortical: true });
    let count = 0;
    for (const row of cc) for (const on of row) if (on) count++;
    let expected = 0;
    for (const area of model.areaList) expected += model.structure[area].length * (n - model.structure[area].length);
    expect(count).toBe(expected);
    const ext = model.connectionMask({ sourceAreas: [], targetPops: ['5E'] });
    expect(ext.filter((row) => row[n]).length).toBe(32);
    expect(ext.every((row) => row.slice(0, n).every((on) => !on))).toBe(true);
    expect(model.vectorMask({ areas: ['TH'] }).filter(Boolean).length).toBe(6);
  });

  it('area-level indegrees are the N-weighted population indegrees', () => {
    let conns = 0;
    let neurons = 0;
    for (let i = 0; i < n; i++) {
      if (!model.structureVec[i].startsWith('V2-')) continue;
      neurons += model.N_vec[i];
      for (let j = 0; j < n; j++) if (model.structureVec[j].startsWith('V1-')) conns += model.K_matrix[i][j] * model.N_vec[i];
    }
    expect(model.K_areas.V2.V1).toBeCloseTo(conns / neurons, 9);
    expect(model.K_areas.V2.external).toBeGreaterThan(0);
  });

  it('arrays() exposes the vectorized network', () => {
    const a = model.arrays();
    expect(a.N).toBe(model.N_vec);
    expect(a.K).toBe(model.K_matrix);
    expect(a.addDC.every((x) => x === 0)).toBe(true);
    expect(a.structureVec).toEqual(model.structureVec);
  });
});

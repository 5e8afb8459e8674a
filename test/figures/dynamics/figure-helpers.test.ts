import { describe, expect, it } from 'vitest';
import {
  aliasFreeBins,
  logHistogram,
  logLegendValues,
  normalisedRateMatrix,
  rasterNeurons,
  reorderZeroDiagonal,
  resolveDynamicsConfig,
  runsCaption,
  stateVariant,
  symmetricRange,
  valuesByPopulation,
  type RunInfo,
} from '../../../figures/index.ts';
import { histogram } from '../../../analysis/index.ts';

describe('helpers of the simulation figures', () => {
  it('rate matrix (Fig. 7A): each rate over its mean, areas sorted by the first bin above twice the mean', () => {
    const rates = [Float64Array.of(1, 1, 1, 5), Float64Array.of(0, 6, 0, 0), Float64Array.of(2, 2, 2, 2)];
    const { areas, values } = normalisedRateMatrix(['A', 'B', 'C'], rates, 0, 4);
    // B crosses 2 x 1.5 at bin 1, A crosses 2 x 2 at bin 3, C never (counts as the last bin, after A: stable order).
    expect(areas).toEqual(['B', 'A', 'C']);
    expect(values).toEqual([[0, 4, 0, 0], [0.5, 0.5, 0.5, 2.5], [1, 1, 1, 1]]);
  });

  it('log histogram: eighth-decade bins; zero rates counted apart', () => {
    const h = logHistogram([0, 0, 1, 1.2, 10, 99]);
    expect(h.silent).toBe(2);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(h.edges_spikes_per_s[0]).toBe(1);
    expect(h.edges_spikes_per_s[h.edges_spikes_per_s.length - 1]).toBeCloseTo(10 ** (16 / 8), 12);
    expect(h.counts[0]).toBe(2); // 1 and 1.2 < 10^(1/8) = 1.33
    expect(logHistogram([0])).toEqual({ edges_spikes_per_s: [], counts: [], silent: 1 });
  });

  it('alias-free rate bins hold the same number of attainable rates (multiples of 1/T) each', () => {
    const window = { t_min_ms: 500, t_max_ms: 2000 }; // T = 1.5 s: rates k / 1.5 spikes/s
    const { bins, range } = aliasFreeBins(80, window);
    const width = (range[1] - range[0]) / bins;
    expect(width).toBeCloseTo(2 / 1.5, 12); // m = ceil(80 * 1.5 / 100) = 2 rates per bin
    const attainable = Array.from({ length: 121 }, (_, k) => k / 1.5);
    const { counts } = histogram(attainable, bins, range);
    expect(new Set(Array.from(counts.subarray(0, counts.length - 1)))).toEqual(new Set([2]));
    expect(bins).toBeLessThanOrEqual(101);
    expect(aliasFreeBins(0, window)).toEqual({ bins: 1, range: [-1 / 3, 1 / 3] });
    expect(aliasFreeBins(10, window).range[0]).toBeCloseTo(-1 / 3, 12); // m = 1: bins centred on the attainable rates
  });

  it('raster neurons: a fraction of the full-scale size, at most all simulated neurons', () => {
    expect(rasterNeurons(1000, 1, 0.03)).toBe(30);
    expect(rasterNeurons(1000, 0.01, 0.03)).toBe(1000);
    expect(rasterNeurons(1000, 0.2, 0.03)).toBe(150);
  });

  it('matrices in another order with zero diagonal; symmetric colour ranges', () => {
    const m = { labels: ['a', 'b', 'c'], values: [[1, 0.2, -0.5], [0.2, 1, 0.1], [-0.5, 0.1, 1]] };
    expect(reorderZeroDiagonal(m, ['c', 'a', 'b'])).toEqual([[0, -0.5, 0.1], [-0.5, 0, 0.2], [0.1, 0.2, 0]]);
    expect(() => reorderZeroDiagonal(m, ['a', 'x'])).toThrow(/area 'x' is not in the matrix/);
    expect(symmetricRange(m.values)).toBe(0.5);
    expect(symmetricRange([[1, 0.01], [0.01, 1]])).toBe(0.1);
    expect(logLegendValues(2.8, 57)).toEqual([2.8, 5, 10, 20, 57]);
  });

  it('values by population keep the area order and skip absent or non-finite values', () => {
    const byPop = valuesByPopulation(['V1-23E', 'V1-4E', 'TH-23E', 'TH-5E'], [1, 2, 3, null]);
    expect(byPop.get('23E')).toEqual([1, 3]);
    expect(byPop.get('4E')).toEqual([2]);
    expect(byPop.get('5E')).toEqual([]);
  });

  it('config: defaults, state names, and errors naming the entry', () => {
    expect(resolveDynamicsConfig().chi).toEqual([1, 1.5, 1.9, 2.1, 2.5]);
    expect(stateVariant(1)).toEqual({ name: 'chi1', chi: 1, chi_I: 1 });
    expect(stateVariant(1.9)).toEqual({ name: 'chi1.9', chi: 1.9, chi_I: 2 });
    expect(stateVariant(1.9, 1.5).name).toBe('chi1.9-chiI1.5');
    expect(() => resolveDynamicsConfig({ chi: [1, 2] })).toThrow(/restingChi = 1.9: expected one of chi = \[1, 2\]/);
    expect(() => resolveDynamicsConfig({ t_sim_ms: 550 })).toThrow(/t_sim_ms = 550: expected at least t_min_ms \+ 100 = 600 ms/);
    expect(() => resolveDynamicsConfig({ scale: 2 })).toThrow(/scale/);
    expect(() => resolveDynamicsConfig({ areas: ['V1', 'V2'] })).toThrow(/rasterAreas: 'FEF' is not simulated/);
    expect(() => resolveDynamicsConfig({ rasterAreas: ['V9'] })).toThrow(/rasterAreas/);
    expect(() => resolveDynamicsConfig({ bogus: 1 } as never)).toThrow(/bogus/);
  });

  it('run captions: label and chi per run, the shared setting once', () => {
    const info = (label: string, chi: number, scale = 0.01): RunInfo => ({
      path: '/x', format: 'multiarea-run', label, network_label: 'n', simulator: 'engine', N_scaling: scale, K_scaling: scale, chi, chi_I: 2,
      t_sim_ms: 2000, window_ms: [0, 2000], simulated_ms: 2000, status: 'completed', seed: 1,
    });
    expect(runsCaption([info('aaaaaaaa11', 1), info('bbbbbbbb22', 1.9)])).toEqual(['runs aaaaaaaa (χ = 1), bbbbbbbb (χ = 1.9)', 'scale 1 %, 2.00 s; engine']);
    expect(runsCaption([info('aaaaaaaa11', 1), info('bbbbbbbb22', 1.9, 1)])).toEqual([
      'run aaaaaaaa: χ = 1, scale 1 %, 2.00 s, engine',
      'run bbbbbbbb: χ = 1.9, scale 100 %, 2.00 s, engine',
    ]);
  });
});

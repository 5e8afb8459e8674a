import { describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/multi-area-model.ts';
import { HAS_SHARED, SKIP_SHARED_MESSAGE, sharedPath } from '../helpers/shared.ts';
import { sharedPyJson, upstreamInputs, worstDeviation } from './model/inputs.ts';

if (!HAS_SHARED) console.warn(`test/multiarea/reference-cases: ${SKIP_SHARED_MESSAGE}`);

const CASES = {
  case_default: {},
  case_downscaled: {
    N_scaling: 0.01,
    K_scaling: 0.01,
    fullscale_rates: 'data/multiarea/fullscale_rates.json',
    connection_params: {
      replace_non_simulated_areas: 'het_poisson_stat',
      cc_weights_factor: 1.0,
      cc_weights_I_factor: 1.0,
    },
  },
} as const;

describe.skipIf(!HAS_SHARED)('MultiAreaModel against upstream reference networks', () => {
  for (const [name, custom] of Object.entries(CASES)) {
    describe(name, () => {
      const ref = HAS_SHARED ? sharedPyJson('refs', 'structure', `${name}.json`) : ({} as any);
      // Relative paths in the custom parameters are resolved against ../shared, as in the reference.
      const model = HAS_SHARED
        ? new MultiAreaModel(custom as any, { baseDir: sharedPath(), data: upstreamInputs() })
        : (undefined as unknown as MultiAreaModel);

      it('has the same population order and structure', () => {
        expect(model.structureVec).toEqual(ref.structure_vec);
        expect(model.areaList).toEqual(ref.area_list);
        expect(model.structure).toEqual(ref.structure);
      });

      const fields = ['N_vec', 'K_matrix', 'syn_matrix', 'W_matrix', 'J_matrix', 'add_DC_drive'] as const;
      for (const field of fields) {
        it(`${field}: every entry within 1e-7 relative (1e-9 absolute near 0)`, () => {
          expect((model[field] as unknown[]).length).toBe(ref[field].length);
          if (Array.isArray(ref[field][0])) {
            for (const row of model[field] as number[][]) expect(row.length).toBe(ref[field][0].length);
          }
          const dev = worstDeviation(model[field], ref[field], 1e-9, field);
          expect(dev.worstRel, dev.where).toBeLessThan(1e-7);
        });
      }

      it('area-level indegrees match K_areas', () => {
        const dev = worstDeviation(model.K_areas, ref.K_areas, 1e-9, 'K_areas');
        expect(dev.worstRel, dev.where).toBeLessThan(1e-7);
      });

      it('distances are upstream\'s', () => {
        // The reference holds the model areas' distances (case_default) or the raw 81-area table (case_downscaled).
        const full = ref.distances_full ?? (Object.keys(ref.distances).length > model.areaList.length ? ref.distances : undefined);
        const amongModelAreas = Object.fromEntries(model.areaList.map((t) => [t, Object.fromEntries(model.areaList.map((s) => [s, ref.distances[t][s]]))]));
        expect(model.distances).toEqual(amongModelAreas);
        if (full) {
          // distances_full writes unknown distances as null, the other file as NaN.
          const withNaN = JSON.parse(JSON.stringify(full, (_k, v) => (Number.isNaN(v) ? null : v)), (_k, v) => (v === null ? Number.NaN : v));
          const dev = worstDeviation(model.rawMedianDistances, withNaN, 0, 'rawMedianDistances');
          expect(dev.worstRel, dev.where).toBe(0);
        }
      });
    });
  }

  it('W_sd_matrix matches for the full-scale default model', () => {
    const ref = sharedPyJson('refs', 'structure', 'case_default.json');
    const model = new MultiAreaModel({}, { data: upstreamInputs() });
    const dev = worstDeviation(model.W_sd_matrix, ref.W_sd_matrix, 1e-9, 'W_sd_matrix');
    expect(dev.worstRel, dev.where).toBeLessThan(1e-7);
  });

  it('down-scaling divides W_sd by sqrt(K_scaling) (upstream keeps the full-scale W_sd)', () => {
    const ref = sharedPyJson('refs', 'structure', 'case_downscaled.json');
    const model = new MultiAreaModel(CASES.case_downscaled as any, { baseDir: sharedPath(), data: upstreamInputs() });
    const expected = (ref.W_sd_matrix as number[][]).map((row) => row.map((s) => s / Math.sqrt(0.01)));
    const dev = worstDeviation(model.W_sd_matrix, expected, 1e-9, 'W_sd_matrix');
    expect(dev.worstRel, dev.where).toBeLessThan(1e-12);
  });

  it('the bundled dataset gives the reference networks too (K, W, J and external drive)', () => {
    for (const [name, custom] of Object.entries(CASES)) {
      const ref = sharedPyJson('refs', 'structure', `${name}.json`);
      const model = new MultiAreaModel(custom as any, { baseDir: sharedPath() });
      for (const field of ['N_vec', 'K_matrix', 'syn_matrix', 'W_matrix', 'J_matrix', 'add_DC_drive'] as const) {
        const dev = worstDeviation(model[field], ref[field], 1e-9, `${name}.${field}`);
        expect(dev.worstRel, dev.where).toBeLessThan(1e-7);
      }
    }
  });

  it('the default model has 4.13 million neurons and 24.1 billion synapses between them', () => {
    const model = new MultiAreaModel({}, { data: upstreamInputs() });
    expect(model.totalNeurons() / 1e6).toBeCloseTo(4.13, 2);
    expect(model.totalSynapses() / 1e9).toBeCloseTo(24.1, 1);
    const ref = sharedPyJson('refs', 'structure', 'case_default.json');
    const refNeurons = (ref.N_vec as number[]).reduce((a, b) => a + b, 0);
    expect(Math.abs(model.totalNeurons() - refNeurons) / refNeurons).toBeLessThan(1e-12);
  });
});

import { describe, expect, it } from 'vitest';
import { buildModelData } from '../../../multiarea/model/build-model-data.ts';
import { HAS_SHARED, SKIP_SHARED_MESSAGE } from '../../helpers/shared.ts';
import { sharedPyJson, upstreamInputs, worstDeviation } from './inputs.ts';

if (!HAS_SHARED) console.warn(`test/multiarea/model/build-model-data: ${SKIP_SHARED_MESSAGE}`);

describe.skipIf(!HAS_SHARED)('buildModelData against upstream_model_data_default.json', () => {
  const ref = HAS_SHARED ? sharedPyJson('refs', 'structure', 'upstream_model_data_default.json') : {};
  const params = HAS_SHARED ? sharedPyJson('refs', 'structure', 'case_default.json').params_effective : {};
  const { raw, processed } = HAS_SHARED ? upstreamInputs() : ({} as any);
  const ours: any = HAS_SHARED ? buildModelData(raw, processed, params) : {};

  it('has the same fields as upstream', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(ref).sort());
  });

  const fields = [
    'area_list', 'population_list', 'av_indegree_V1', 'structure', 'neuron_numbers',
    'realistic_neuron_numbers', 'synapses', 'synapses_orig', 'realistic_synapses', 'synapses_type_I',
    'synapses_type_II', 'distances', 'binzegger_processed', 'Intrinsic_FLN_completed',
    'synapse_weights_mean', 'synapse_weights_sd',
  ];
  for (const field of fields) {
    it(`${field} matches to 1e-7 relative (1e-9 absolute near 0)`, () => {
      const dev = worstDeviation(ours[field], ref[field], 1e-9, field);
      expect(dev.count + (typeof ref[field] === 'object' ? 1 : 0)).toBeGreaterThan(0);
      expect(dev.worstRel, dev.where).toBeLessThan(1e-7);
    });
  }

  it('has no entries that upstream lacks in the connectivity dicts', () => {
    for (const ta of ref.area_list) {
      for (const tp of ref.population_list) {
        expect(Object.keys(ours.synapses[ta][tp]).sort()).toEqual(Object.keys(ref.synapses[ta][tp]).sort());
      }
    }
  });
});

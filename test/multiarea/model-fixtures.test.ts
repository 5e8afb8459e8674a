/**
 * The default and down-scaled models built from the bundled dataset against rows cut from the
 * upstream reference networks (test/fixtures/model_reference_rows.json), so that a fresh clone
 * without ../shared still checks real values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/multi-area-model.ts';
import { datasetPath } from '../../multiarea/data/dataset.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { worstDeviation } from './model/inputs.ts';

const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'model_reference_rows.json'), 'utf8'));

function compareRows(model: MultiAreaModel, expected: Record<string, Record<string, number[]>>): void {
  for (const [field, rows] of Object.entries(expected)) {
    if (field === 'params') continue;
    const actual = (model as any)[field];
    if (Array.isArray(rows)) {
      const dev = worstDeviation(actual, rows, 1e-9, field);
      expect(dev.worstRel, dev.where).toBeLessThan(1e-7);
      continue;
    }
    for (const [label, row] of Object.entries(rows)) {
      const i = model.structureVec.indexOf(label);
      expect(i, label).toBeGreaterThanOrEqual(0);
      const dev = worstDeviation(actual[i], row, 1e-9, `${field}[${label}]`);
      expect(dev.worstRel, dev.where).toBeLessThan(1e-7);
    }
  }
}

describe('MultiAreaModel from the bundled dataset against reference rows', () => {
  it('default parameters', () => {
    const model = new MultiAreaModel();
    expect(model.structureVec).toEqual(fixture.structure_vec);
    compareRows(model, fixture.case_default);
  });

  it('down-scaled (N = K = 0.01, bundled full-scale rates, ground-state weights)', () => {
    const model = new MultiAreaModel({
      N_scaling: 0.01,
      K_scaling: 0.01,
      fullscale_rates: datasetPath('fullscale_rates.json'),
      connection_params: { replace_non_simulated_areas: 'het_poisson_stat', cc_weights_factor: 1, cc_weights_I_factor: 1 },
    });
    compareRows(model, fixture.case_downscaled);
  });
});

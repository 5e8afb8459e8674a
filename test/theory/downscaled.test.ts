/**
 * The theory of the down-scaled network (N_scaling = K_scaling = 0.01, with its DC drive): our
 * MultiAreaModel and upstream's network (case_downscaled.json) must give the same trajectory.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { Theory } from '../../theory/index.ts';
import { referenceNetwork } from '../helpers/reference-network.ts';
import { HAS_SHARED, PROJECT_ROOT, SKIP_SHARED_MESSAGE } from '../helpers/shared.ts';

describe.skipIf(!HAS_SHARED)('down-scaled network theory', () => {
  if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);

  it('is the same on our down-scaled model and on upstream case_downscaled.json', () => {
    const { net, params } = referenceNetwork('case_downscaled');
    const ours = new MultiAreaModel({
      N_scaling: 0.01,
      K_scaling: 0.01,
      fullscale_rates: join(PROJECT_ROOT, 'data', 'multiarea', 'fullscale_rates.json'),
      connection_params: { replace_non_simulated_areas: 'het_poisson_stat', cc_weights_factor: 1, cc_weights_I_factor: 1 },
    });
    expect(Math.max(...net.addDC.map(Math.abs))).toBeGreaterThan(1);
    const spec = { rec_interval: 1 };
    const a = new Theory({ arrays: net, params }, spec).integrateSiegert().runs[0];
    const b = new Theory({ arrays: ours.arrays(), params: ours.params }, spec).integrateSiegert().runs[0];
    let worst = 0;
    a.rates.forEach((row, i) =>
      row.forEach((want, k) => {
        const err = Math.abs(b.rates[i][k] - want);
        expect(err <= 1e-6 || err <= 1e-5 * Math.abs(want), `${net.structureVec[i]} at ${k} ms`).toBe(true);
        if (want > 1e-3) worst = Math.max(worst, err / want);
      }),
    );
    expect(worst).toBeLessThan(1e-5);
  });
});

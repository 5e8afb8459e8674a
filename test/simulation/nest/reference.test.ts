import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportNestRun } from '../../../simulation/index.ts';
import { HAS_SHARED, SKIP_SHARED_MESSAGE } from '../../helpers/shared.ts';
import { downscaledNetwork } from '../downscaled-network.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-nest-ref-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// What upstream's Simulation would create for its own down-scaled network
// (../shared/refs/structure/case_downscaled.json, N_scaling = K_scaling = 0.01, all areas).
describe.skipIf(!HAS_SHARED)(`network.json of the upstream down-scaled network${HAS_SHARED ? '' : ` (${SKIP_SHARED_MESSAGE})`}`, () => {
  it('has int(N) neurons, int(synapses) per pair, W, W_sd, DC drive and Poisson drive of the reference', () => {
    const ref = downscaledNetwork();
    const net = ref.arrays();
    const params = ref.params;
    const res = exportNestRun(ref, { t_sim: 10 }, join(tmp, 'ref'));
    const spec = res.network;
    const ext = net.structureVec.length;
    expect(spec.populations.map((p) => p.label)).toEqual(net.structureVec);
    spec.populations.forEach((p, i) => {
      expect(p.size).toBe(Math.trunc(net.N[i]));
      expect(p.I_e_pA).toBe(net.addDC[i]);
      const drive = spec.external_input.inputs.find((x) => x.target === p.label)!;
      expect(drive.rate_hz).toBeCloseTo(net.K[i][ext] * params.input_params.rate_ext, 9);
      expect(drive.weight_pA).toBe(net.W[i][ext]);
    });
    const index = new Map(net.structureVec.map((l, i) => [l, i]));
    let pairs = 0;
    let total = 0;
    for (let t = 0; t < ext; t++) for (let s = 0; s < ext; s++) if (Math.trunc(net.synapses[t][s]) >= 1) (pairs++, (total += Math.trunc(net.synapses[t][s])));
    expect(spec.projections.length).toBe(pairs);
    expect(spec.projections.reduce((sum, p) => sum + p.synapses, 0)).toBe(total);
    for (const p of spec.projections) {
      const t = index.get(p.target)!;
      const s = index.get(p.source)!;
      expect([p.synapses, p.weight_mean_pA, p.weight_sd_pA]).toEqual([Math.trunc(net.synapses[t][s]), net.W[t][s], net.W_sd[t][s]]);
    }
    // All areas simulated: nothing replaced although replace_non_simulated_areas is set.
    expect(spec.replaced_input.inputs).toEqual([]);
    expect(spec.populations.reduce((sum, p) => sum + p.size, 0)).toBe(net.N.reduce((sum, n) => sum + Math.trunc(n), 0));
  });
});

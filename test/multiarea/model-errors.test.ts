import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/multi-area-model.ts';
import { loadFullscaleRates } from '../../multiarea/data/dataset.ts';
import { writeNpy } from '../../core/io/npy.ts';
import { buildModelData, synapseVolumeDensity } from '../../multiarea/model/build-model-data.ts';
import { pscOverPsp } from '../../multiarea/model/weights.ts';

describe('MultiAreaModel input errors name the parameter, the value or file, and what is expected', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mam-model-errors-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const scaled = { N_scaling: 0.5, K_scaling: 0.5 };

  it('down-scaling without full-scale rates', () => {
    expect(() => new MultiAreaModel(scaled)).toThrow(/fullscale_rates/);
  });

  it('full-scale rates lacking a population', () => {
    const rates = structuredClone(loadFullscaleRates()) as Record<string, Record<string, number>>;
    delete rates.V2['4I'];
    const path = join(tmp, 'rates.json');
    writeFileSync(path, JSON.stringify(rates));
    expect(() => new MultiAreaModel({ ...scaled, fullscale_rates: path })).toThrow(
      /fullscale_rates \(.*rates\.json\): rate of V2-4I is undefined; expected a rate >= 0/,
    );
    expect(() => new MultiAreaModel({ ...scaled, fullscale_rates: { V1: { '23E': 1 } } })).toThrow(
      /fullscale_rates \(the given object\): rate of V1-23I is undefined/,
    );
  });

  it('an unreadable full-scale rates file', () => {
    const path = join(tmp, 'broken.json');
    writeFileSync(path, '{"V1": ');
    expect(() => new MultiAreaModel({ ...scaled, fullscale_rates: path })).toThrow(/fullscale_rates: cannot read .*broken\.json/);
  });

  it('a K_stable matrix with non-finite entries', () => {
    const n = 254;
    const data = new Float64Array(n * n);
    data[5] = NaN;
    writeNpy(join(tmp, 'nan.npy'), { shape: [n, n], data });
    expect(() => new MultiAreaModel({ connection_params: { K_stable: join(tmp, 'nan.npy') } })).toThrow(
      /connection_params\.K_stable: .*nan\.npy has NaN at \[0, 5\]; expected finite indegrees/,
    );
  });

  it('a K_stable file that does not exist', () => {
    expect(() => new MultiAreaModel({ connection_params: { K_stable: join(tmp, 'missing.npy') } })).toThrow(
      /connection_params\.K_stable.*missing\.npy/,
    );
  });

  it('tau_syn equal to tau_m (singular PSP formula)', () => {
    expect(() => pscOverPsp({ C_m: 250, tau_m: 10, tau_syn_ex: 10, tau_syn_in: 10 }, 10)).toThrow(
      /tau_syn \(10 ms\) equal to tau_m \(10 ms\)/,
    );
  });

  it('buildModelData rejects a bad surface and an unknown rho_syn mode', () => {
    const model = new MultiAreaModel({ connection_params: { K_stable: null } });
    const params = structuredClone(model.params);
    const raw = { surface_data: { V1: 1 } } as any;
    expect(() => buildModelData(raw, {} as any, { ...params, surface: -1 })).toThrow(/surface: got -1, expected a finite number > 0/);
    expect(() => synapseVolumeDensity('uniform' as any, 3950, ['V1'], { V1: { total: 1 } }, { V1: 1 }, { V1: 1 })).toThrow(
      /connection_params\.rho_syn: got "uniform", expected 'constant' or 'area-specific'/,
    );
  });
});

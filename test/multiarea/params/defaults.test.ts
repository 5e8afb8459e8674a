import { describe, expect, it } from 'vitest';
import {
  BUNDLED_K_PRIME,
  DEFAULT_NETWORK_PARAMS,
  defaultNetworkParams,
} from '../../../multiarea/params/defaults.ts';
import { resolveNetworkParams } from '../../../multiarea/params/resolve.ts';
import { loadRawData } from '../../../multiarea/index.ts';
import { readFileSync } from 'node:fs';
import { HAS_SHARED, sharedPath, SKIP_SHARED_MESSAGE, SHARED_DIR } from '../../helpers/shared.ts';

if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);

/** Upstream writes Python's NaN into some JSON files; read them as null. */
function readSharedJson(...parts: string[]): any {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8').replace(/\bNaN\b/g, 'null'));
}

/** Our tree minus the fields whose representation differs from upstream by design. */
function comparable(params: any): any {
  const copy = structuredClone(params);
  delete copy.connection_params.SLN_fit; // ours only
  delete copy.connection_params.K_stable; // path into upstream's checkout vs our bundled sentinel
  delete copy.fullscale_rates; // path, compared separately
  return copy;
}

describe('default network parameters', () => {
  it('has the new options at their documented defaults', () => {
    expect(DEFAULT_NETWORK_PARAMS.connection_params.K_stable).toBe(BUNDLED_K_PRIME);
    expect(DEFAULT_NETWORK_PARAMS.connection_params.SLN_fit).toBe('published');
    expect(DEFAULT_NETWORK_PARAMS.fullscale_rates).toBeNull();
  });

  it('is frozen, while defaultNetworkParams() returns an independent copy', () => {
    expect(Object.isFrozen(DEFAULT_NETWORK_PARAMS.connection_params)).toBe(true);
    const a = defaultNetworkParams();
    a.connection_params.g = -5;
    expect(defaultNetworkParams().connection_params.g).toBe(-11);
  });

  it('resolving {} gives exactly the defaults', () => {
    expect(resolveNetworkParams({})).toEqual(defaultNetworkParams());
    expect(resolveNetworkParams(undefined)).toEqual(defaultNetworkParams());
  });
});

/** Compact copy of upstream's effective parameters (see its _provenance field). */
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/upstream-params-effective.json', import.meta.url), 'utf8'),
);

describe('defaults against upstream (fixture cut from the reference cases)', () => {
  it('equal upstream params_effective of the default case', () => {
    const ref = fixture.case_default;
    expect(ref.params_effective.connection_params.K_stable).toMatch(/K_prime_original\.npy$/);
    expect(comparable(defaultNetworkParams())).toEqual(comparable(ref.params_effective));
    expect(Object.keys(defaultNetworkParams())).toEqual(Object.keys(ref.params_effective));
  });

  it('merging the down-scaled case custom params gives upstream params_effective', () => {
    const ref = fixture.case_downscaled;
    const params = resolveNetworkParams(ref.custom_params, { checkFiles: false, baseDir: '/base' });
    expect(comparable(params)).toEqual(comparable(ref.params_effective));
    expect(params.fullscale_rates).toBe('/base/data/multiarea/fullscale_rates.json');
  });
});

describe('av_indegree_V1', () => {
  it('is the mean of the Cragg and OKusky indegrees of the bundled raw data', () => {
    const raw: any = loadRawData();
    const mean = (raw.av_indegree_Cragg + raw.av_indegree_OKusky) / 2;
    expect(mean).toBe(3950);
    expect(DEFAULT_NETWORK_PARAMS.connection_params.av_indegree_V1).toBe(mean);
  });
});

describe.skipIf(!HAS_SHARED)('defaults against ../shared', () => {
  it('the fixture equals the reference files', () => {
    for (const name of ['case_default', 'case_downscaled'] as const) {
      const ref = readSharedJson('refs', 'structure', `${name}.json`);
      expect(fixture[name].params_effective).toEqual(ref.params_effective);
      expect(fixture[name].custom_params).toEqual(ref.custom_params);
    }
  });

  it('data files of the down-scaled case resolve against the shared folder', () => {
    const ref = readSharedJson('refs', 'structure', 'case_downscaled.json');
    const params = resolveNetworkParams(ref.custom_params, { baseDir: SHARED_DIR });
    expect(params.fullscale_rates).toBe(`${SHARED_DIR}/data/multiarea/fullscale_rates.json`);
  });

});

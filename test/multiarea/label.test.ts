import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_SIGNIFICANT_DIGITS, modelLabel, quantizeForLabel } from '../../multiarea/label.ts';
import {
  listSavedLabels,
  loadModelSpec,
  modelSpecPath,
  saveModelSpec,
} from '../../multiarea/model-store.ts';
import { resolveNetworkParams } from '../../multiarea/params/resolve.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-label-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small synthetic network (2 areas) standing in for a built model. */
function toyNetwork() {
  const structure = { V1: ['23E', '23I'], V2: ['23E', '23I'] };
  const N = [20683.45, 5834.66, 18101.4, 5105.3];
  const K = [
    [1037.7, 2053.1, 11.2, 0.0, 2000.0],
    [1410.3, 1587.9, 3.1, 0.5, 1800.0],
    [12.5, 0.0, 980.4, 1900.2, 2100.0],
    [7.25, 0.0, 1300.1, 1500.9, 1700.0],
  ];
  return { structure, N, K };
}

describe('quantizeForLabel', () => {
  it('rounds numbers to a relative resolution of 1e-4, whatever their magnitude', () => {
    expect(LABEL_SIGNIFICANT_DIGITS).toBe(5);
    expect(quantizeForLabel(0.57)).toBe(0.57);
    expect(quantizeForLabel(1.41666667)).toBe(1.4167);
    expect(quantizeForLabel(-11)).toBe(-11);
    // A large synapse number differing only in its last float bits gets the same value.
    const synapses = 1234567891.2345;
    expect(quantizeForLabel(synapses)).toBe(quantizeForLabel(synapses * (1 + 4e-16)));
    expect(quantizeForLabel(synapses)).toBe(1234600000);
    expect(Object.is(quantizeForLabel(-1e-15), 0)).toBe(true); // float noise around zero is zero
    expect(quantizeForLabel(3e-9)).toBe(3e-9);
  });
});

describe('modelLabel', () => {
  const params = resolveNetworkParams({});

  it('is a 32-digit hex string and deterministic', () => {
    const net = toyNetwork();
    const a = modelLabel({ params, ...net });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(modelLabel({ params: resolveNetworkParams({}), ...toyNetwork() })).toBe(a);
  });

  it('ignores float noise below the grid, key order and array type', () => {
    const net = toyNetwork();
    const base = modelLabel({ params, ...net });
    const noisy = toyNetwork();
    noisy.K = noisy.K.map((row) => row.map((x) => x * (1 + 1e-12)));
    noisy.N = noisy.N.map((x) => x + 1e-9);
    expect(modelLabel({ params, ...noisy })).toBe(base);
    const typed = { ...net, N: Float64Array.from(net.N), K: net.K.map((r) => Float64Array.from(r)) };
    expect(modelLabel({ params, ...(typed as any) })).toBe(base);
    const shuffled: any = {};
    for (const k of Object.keys(params).reverse()) shuffled[k] = (params as any)[k];
    expect(modelLabel({ params: shuffled, ...net })).toBe(base);
  });

  it('changes with any parameter, N, K or structure', () => {
    const net = toyNetwork();
    const base = modelLabel({ params, ...net });
    const seen = new Set([base]);
    const variants = [
      modelLabel({ params: resolveNetworkParams({ connection_params: { g: -11.001 } }), ...net }),
      modelLabel({ params: resolveNetworkParams({ delay_params: { interarea_speed: 3.0 } }), ...net }),
      modelLabel({ params: resolveNetworkParams({ connection_params: { SLN_fit: 'fitted' } }), ...net }),
      modelLabel({ params: resolveNetworkParams({ connection_params: { K_stable: null } }), ...net }),
      modelLabel({ params, ...net, N: net.N.map((x, i) => (i === 2 ? x * 1.001 : x)) }),
      modelLabel({ params, ...net, K: net.K.map((r, i) => r.map((x, j) => (i === 0 && j === 4 ? x + 1 : x))) }),
      modelLabel({ params, ...net, structure: { V1: ['23E', '23I'], V2: ['23I', '23E'] } }),
    ];
    for (const v of variants) {
      expect(seen.has(v)).toBe(false);
      seen.add(v);
    }
  });

  it('does not depend on USING_NEST_3 (inert here)', () => {
    const net = toyNetwork();
    expect(modelLabel({ params: resolveNetworkParams({ USING_NEST_3: false }), ...net })).toBe(
      modelLabel({ params, ...net }),
    );
  });

  it('takes data files by content, not by path', () => {
    const net = toyNetwork();
    const a = join(tmp, 'a.json');
    const b = join(tmp, 'b.json');
    writeFileSync(a, '{"V1": {"23E": 1.0}}');
    writeFileSync(b, '{"V1": {"23E": 1.0}}');
    const spec = (f: string) =>
      modelLabel({ params: resolveNetworkParams({ N_scaling: 0.5, fullscale_rates: f }), ...net });
    expect(spec(a)).toBe(spec(b));
    writeFileSync(b, '{"V1": {"23E": 2.0}}');
    expect(spec(b)).not.toBe(spec(a));
  });
});

describe('saveModelSpec / loadModelSpec', () => {
  it('round-trips the effective parameters under <dataPath>/<label>/', () => {
    const dataPath = join(tmp, 'sims');
    const custom = { connection_params: { g: -12, K_stable: null } };
    const params = resolveNetworkParams(custom);
    const label = modelLabel({ params, ...toyNetwork() });
    const path = saveModelSpec(dataPath, { label, params, customParams: custom });
    expect(path).toBe(modelSpecPath(dataPath, label));
    expect(path).toBe(join(dataPath, label, 'network_spec.json'));
    const back = loadModelSpec(dataPath, label);
    expect(back.label).toBe(label);
    expect(back.params).toEqual(params);
    expect(back.customParams).toEqual(custom);
    // Rebuilding from the saved full tree gives the same parameters and label.
    expect(resolveNetworkParams(back.params)).toEqual(params);
    expect(modelLabel({ params: resolveNetworkParams(back.params), ...toyNetwork() })).toBe(label);
    expect(listSavedLabels(dataPath)).toEqual([label]);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('multiarea-network-spec');
  });

  it('errors name the label and the file', () => {
    const dataPath = join(tmp, 'sims2');
    expect(() => loadModelSpec(dataPath, 'abc123')).toThrow(/no saved model 'abc123'/);
    expect(() => loadModelSpec(dataPath, '../x')).toThrow(/label: got "\.\.\/x"/);
    const params = resolveNetworkParams({});
    saveModelSpec(dataPath, { label: 'deadbeef', params });
    writeFileSync(join(dataPath, 'deadbeef', 'network_spec.json'), '{not json');
    expect(() => loadModelSpec(dataPath, 'deadbeef')).toThrow(/network_spec\.json: invalid JSON/);
  });
});

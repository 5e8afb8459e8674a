import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/io/canonical-json.ts';
import { writeNpy } from '../../core/io/npy.ts';
import { datasetDigest } from '../../multiarea/data/dataset.ts';
import { LABEL_RULE, labelledFiles, labelParams, modelLabel } from '../../multiarea/label.ts';
import {
  listSavedLabels,
  loadModelSpec,
  modelSpecPath,
  saveModelSpec,
} from '../../multiarea/model-store.ts';
import { resolveNetworkParams } from '../../multiarea/params/resolve.ts';
import { HAS_PYTHON, python } from '../helpers/python-canonical.ts';

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

describe('modelLabel', () => {
  const params = resolveNetworkParams({});

  it('is a 32-digit hex string and deterministic', () => {
    const net = toyNetwork();
    const a = modelLabel({ params, ...net });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(modelLabel({ params: resolveNetworkParams({}), ...toyNetwork() })).toBe(a);
  });

  it('is the sha256 of the canonical text of rule, parameters, dataset digest, N, K and structure', () => {
    const net = toyNetwork();
    const tree = { label_rule: LABEL_RULE, params: labelParams(params), data: datasetDigest(), ...net };
    const text = canonicalJson(tree);
    expect(modelLabel({ params, ...net })).toBe(createHash('sha256').update(text).digest('hex').slice(0, 32));
    expect(text).toContain(`"data":"${datasetDigest()}"`);
    expect(text).toContain('"cc_weights_factor":1.9,');
  });

  it('tells numbers apart in any digit: cc_weights_factor 1.9 and 1.90001, N off by one ulp', () => {
    const net = toyNetwork();
    const label = (cc: number) => modelLabel({ params: resolveNetworkParams({ connection_params: { cc_weights_factor: cc } }), ...net });
    expect(label(1.9)).not.toBe(label(1.90001));
    expect(label(1.9)).toBe(modelLabel({ params, ...net })); // 1.9 is the default
    const ulp = toyNetwork();
    ulp.N[0] = ulp.N[0] + 2 ** -38; // the next double after 20683.45
    expect(ulp.N[0]).not.toBe(net.N[0]);
    expect(modelLabel({ params, ...ulp })).not.toBe(modelLabel({ params, ...net }));
  });

  it('does not depend on key order or array type', () => {
    const net = toyNetwork();
    const base = modelLabel({ params, ...net });
    const typed = { ...net, N: Float64Array.from(net.N), K: net.K.map((r) => Float64Array.from(r)) };
    expect(modelLabel({ params, ...(typed as any) })).toBe(base);
    const reversed = (o: any): any =>
      o !== null && typeof o === 'object' && !Array.isArray(o)
        ? Object.fromEntries(Object.keys(o).reverse().map((k) => [k, reversed(o[k])]))
        : o;
    expect(Object.keys(reversed(params))[0]).not.toBe(Object.keys(params)[0]);
    expect(modelLabel({ params: reversed(params), ...net, structure: reversed(net.structure) })).toBe(base);
  });

  it('changes with any parameter, N, K, structure or the anatomical data', () => {
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
      modelLabel({ params, ...net, data: { kPrime: { shape: [1], data: [1] } } }),
      modelLabel({ params, ...net, data: { kPrime: { shape: [1], data: [1.0000001] } } }),
    ];
    for (const v of variants) {
      expect(seen.has(v)).toBe(false);
      seen.add(v);
    }
    // Given data enters by content.
    expect(modelLabel({ params, ...net, data: { kPrime: { data: [1], shape: [1] } } })).toBe(variants[7]);
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
    mkdirSync(join(tmp, 'elsewhere'), { recursive: true });
    const b = join(tmp, 'elsewhere', 'b.json');
    writeFileSync(a, '{"V1": {"23E": 1.0}}');
    writeFileSync(b, '{"V1": {"23E": 1.0}}');
    const spec = (f: string) =>
      modelLabel({ params: resolveNetworkParams({ N_scaling: 0.5, fullscale_rates: f }), ...net });
    expect(spec(a)).toBe(spec(b));
    expect(JSON.stringify(labelParams(resolveNetworkParams({ N_scaling: 0.5, fullscale_rates: b })))).not.toContain('b.json');
    writeFileSync(b, '{"V1": {"23E": 2.0}}'); // same size, other content
    expect(spec(b)).not.toBe(spec(a));
    const kFile = join(tmp, 'K.npy');
    writeFileSync(kFile, 'stand-in bytes');
    const withK = () => modelLabel({ params: resolveNetworkParams({ connection_params: { K_stable: kFile } }), ...net });
    const before = withK();
    writeFileSync(kFile, 'stand-in bytez');
    expect(withK()).not.toBe(before);
  });

  it('is an error naming the parameter when a named path is not a file', () => {
    const net = toyNetwork();
    const missing = join(tmp, 'gone.npy');
    const p = resolveNetworkParams({ connection_params: { K_stable: missing } }, { checkFiles: false });
    expect(() => modelLabel({ params: p, ...net })).toThrow(`connection_params.K_stable: ${missing} is not a file`);
    const folder = resolveNetworkParams({ N_scaling: 0.5, fullscale_rates: tmp }, { checkFiles: false });
    expect(() => modelLabel({ params: folder, ...net })).toThrow(`fullscale_rates: ${tmp} is not a file`);
    const series = resolveNetworkParams(
      { connection_params: { replace_cc: 'het_current_nonstat', replace_cc_input_source: join(tmp, 'nothing') } },
    );
    expect(() => modelLabel({ params: series, ...net })).toThrow(
      /connection_params\.replace_cc_input_source: .*nothing is neither a \.json file nor the base name of \.npy series/,
    );
  });

  it('takes a .npy series given by its base name by the content of each member', () => {
    const net = toyNetwork();
    const dirA = join(tmp, 'series-a');
    const dirB = join(tmp, 'series-b');
    for (const d of [dirA, dirB]) {
      mkdirSync(d, { recursive: true });
      for (const pop of ['V1-23E', 'V1-23I']) writeNpy(join(d, `cc-${pop}.npy`), { shape: [3], data: Float64Array.of(1, 2, 3) });
    }
    const label = (dir: string) =>
      modelLabel({
        params: resolveNetworkParams({ connection_params: { replace_cc: 'het_current_nonstat', replace_cc_input_source: join(dir, 'cc') } }),
        ...net,
      });
    expect(label(dirA)).toBe(label(dirB));
    const files = labelledFiles(resolveNetworkParams({ connection_params: { replace_cc_input_source: join(dirA, 'cc') } }));
    expect(files.map((f) => f.seriesKey)).toEqual(['V1-23E', 'V1-23I']);
    writeNpy(join(dirB, 'cc-V1-23I.npy'), { shape: [3], data: Float64Array.of(1, 2, 3.5) });
    expect(label(dirB)).not.toBe(label(dirA));
  });
});

describe.skipIf(!HAS_PYTHON)('modelLabel from Python', () => {
  it('Python 3 computes the same label from the same tree, sent as plain JSON', () => {
    const net = toyNetwork();
    const p = resolveNetworkParams({ connection_params: { cc_weights_factor: 1 / 3, PSP_e: 1e-7 } });
    const tree = { structure: net.structure, K: net.K, N: net.N, data: datasetDigest(), params: labelParams(p), label_rule: LABEL_RULE };
    expect(python('sha256', JSON.stringify(tree)).slice(0, 32)).toBe(modelLabel({ params: p, ...net }));
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
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    expect([doc.format, doc.version, doc.label_rule]).toEqual(['multiarea-network-spec', 2, LABEL_RULE]);
  });

  it('records the content digest of every data file', () => {
    const dataPath = join(tmp, 'sims-files');
    const rates = join(tmp, 'rates-for-store.json');
    writeFileSync(rates, '{"V1": {"23E": 3.5}}');
    const params = resolveNetworkParams({ N_scaling: 0.5, fullscale_rates: rates });
    const label = modelLabel({ params, ...toyNetwork() });
    saveModelSpec(dataPath, { label, params });
    const digest = `sha256:${createHash('sha256').update('{"V1": {"23E": 3.5}}').digest('hex')}`;
    expect(loadModelSpec(dataPath, label).files).toEqual({ [rates]: digest });
  });

  it('refuses a spec saved with label rule 1, saying how to store the model under its new label', () => {
    const dataPath = join(tmp, 'sims-v1');
    const old = '0123456789abcdef0123456789abcdef';
    mkdirSync(join(dataPath, old), { recursive: true });
    const doc = { format: 'multiarea-network-spec', version: 1, label: old, params: resolveNetworkParams({}), files: {} };
    writeFileSync(join(dataPath, old, 'network_spec.json'), JSON.stringify(doc));
    expect(() => loadModelSpec(dataPath, old)).toThrow(
      /saved with label rule 1 .*'0123456789abcdef0123456789abcdef' cannot be checked any more.*new MultiAreaModel\(params\)\) and save\(\)/,
    );
    writeFileSync(join(dataPath, old, 'network_spec.json'), JSON.stringify({ ...doc, version: 3 }));
    expect(() => loadModelSpec(dataPath, old)).toThrow(/version 3; expected 'multiarea-network-spec' version <= 2/);
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

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONNECTIONS_CSV_HEADER,
  csvSidecarPaths,
  documentToJson,
  exportDocument,
  exportModel,
} from '../../../multiarea/export/index.ts';
import { delayMatrices } from '../../../multiarea/model/delays.ts';
import { networkSource, type NetworkSource } from '../../../multiarea/network-source.ts';
import { resolveNetworkParams } from '../../../multiarea/params/resolve.ts';
import type { NetworkArrays } from '../../../multiarea/network-arrays.ts';
import { MultiAreaModel } from '../../../multiarea/multi-area-model.ts';
import { referenceNetwork } from '../../helpers/reference-network.ts';
import { upstreamInputs, worstDeviation } from '../model/inputs.ts';
import { HAS_SHARED, PROJECT_ROOT, readSharedJson, SKIP_SHARED_MESSAGE } from '../../helpers/shared.ts';
import { expectArraysInDocument } from './document.ts';

if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);

const tmp = mkdtempSync(join(tmpdir(), 'mam-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A two-area toy network with awkward values (tiny, negative, non-terminating decimals); `nan` puts NaN in. */
function toyModel({ nan = false } = {}): NetworkSource {
  const arrays: NetworkArrays = {
    areaList: ['V1', '46'],
    structure: { V1: ['23E', '23I'], '46': ['23E', '23I'] },
    structureVec: ['V1-23E', 'V1-23I', '46-23E', '46-23I'],
    N: [47386.68671739471, 13366.23943863466, 20000.5, 5000.25],
    K: [
      [1062.0578066595617, 516.6935564170541, 1e-12, 0, 2510],
      [1.0 / 3, 2.0 / 3, 12.5, 0, 2100],
      [7.25, 0, 900.125, 1800.5, 2000],
      [3, 0, 1200.75, 1400.25, 1900],
    ],
    synapses: [
      [50327400.55994001, 24484395.686831452, 1e-8, 0, 118940583.5],
      [4455.4, 8910.8, 167078, 0, 28069102.8],
      [362.5, 0, 18002950.6, 36010900.25, 40001000],
      [15, 0, 6003750.2, 7001750.6, 9500475],
    ],
    W: [
      [87.80849352920845, -965.8934288212929, 166.8, -1751.2, 87.8],
      [87.8, -965.9, 166.8, -1751.2, 87.8],
      [87.8, -965.9, 87.8, -965.9, 87.8],
      [87.8, -965.9, 87.8, -965.9, 87.8],
    ],
    W_sd: [
      [8.780849352920844, 96.5893428821293, 16.68, 175.12],
      [8.78, 96.59, 16.68, 175.12],
      [8.78, 96.59, 8.78, 96.59],
      [8.78, 96.59, 8.78, 96.59],
    ],
    J: [
      [0.1756169870584169, -1.9317868576425858, 0.3336, -3.5024, 0.1756],
      [0.1756, -1.9318, 0.3336, -3.5024, 0.1756],
      [0.1756, -1.9318, 0.1756, -1.9318, 0.1756],
      [0.1756, -1.9318, 0.1756, -1.9318, 0.1756],
    ],
    addDC: [0, -12.75, 3.5e-7, nan ? Number.NaN : 0],
    distances: { V1: { V1: 0, '46': 35 }, '46': { V1: 35, '46': 0 } },
  };
  const custom = { connection_params: { K_stable: null } };
  return networkSource('toy0123456789abcdef', resolveNetworkParams(custom), arrays, custom);
}

/** Minimal CSV reader for the files we write (no quoted fields occur in them). */
function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe('delayMatrices', () => {
  it('uses delay_e / delay_i within an area and distance / speed between areas, sd = delay_rel * mean', () => {
    const m = toyModel();
    const d = delayMatrices(m.arrays(), { delay_e: 1.5, delay_i: 0.75, delay_rel: 0.5, interarea_speed: 3.5 });
    expect(d.mean[0]).toEqual([1.5, 0.75, 10, 10]);
    expect(d.mean[3]).toEqual([10, 10, 1.5, 0.75]);
    expect(d.sd[0]).toEqual([0.75, 0.375, 5, 5]);
  });
});

/** Key order of the area-keyed objects of an exported file, as Python reads it (dicts keep file order). */
function pythonKeyOrder(file: string): { structure: string[]; distances: string[]; distanceRow: string[] } | null {
  const script = [
    'import json, sys, yaml',
    'f = sys.argv[1]',
    'd = json.load(open(f)) if f.endswith(".json") else yaml.safe_load(open(f))',
    'first = next(iter(d["distances"]))',
    'print(json.dumps({"structure": list(d["structure"]), "distances": list(d["distances"]), "distanceRow": list(d["distances"][first])}))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout);
}
const HAS_PYYAML = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
if (!HAS_PYYAML) console.warn('python3 with PyYAML not found: skipping the checks of key order as Python reads the export');

describe('export of a toy model', () => {
  it('keeps the area order (area "46" after "V1") in structure and distances, in JSON and YAML', () => {
    const model = toyModel();
    const json = join(tmp, 'order.json');
    const yml = join(tmp, 'order.yaml');
    exportModel(model, 'json', json);
    exportModel(model, 'yaml', yml);
    const jsonText = readFileSync(json, 'utf8');
    expect(jsonText).toContain('"structure": {\n  "V1": ["23E", "23I"],\n  "46": ["23E", "23I"]\n }');
    expect(jsonText).toContain('"distances": {\n  "V1": {\n   "V1": 0,\n   "46": 35\n  },\n  "46": {\n   "V1": 35,\n   "46": 0\n  }\n }');
    const yamlText = readFileSync(yml, 'utf8');
    expect(yamlText).toContain("structure:\n  V1: [23E, 23I]\n  '46': [23E, 23I]\n");
    expect(yamlText).toContain("distances:\n  V1: {V1: 0, '46': 35}\n  '46': {V1: 35, '46': 0}\n");
  });

  it.skipIf(!HAS_PYYAML)('Python reads the areas in model order from both files', () => {
    const model = toyModel();
    for (const format of ['json', 'yaml'] as const) {
      const out = join(tmp, `py-order.${format}`);
      exportModel(model, format, out);
      expect(pythonKeyOrder(out)).toEqual({ structure: ['V1', '46'], distances: ['V1', '46'], distanceRow: ['V1', '46'] });
    }
  });

  it('JSON and YAML read back to the same document, NaN as null in both', () => {
    const model = toyModel({ nan: true });
    const json = join(tmp, 'nan.json');
    const yml = join(tmp, 'nan.yaml');
    exportModel(model, 'json', json);
    exportModel(model, 'yaml', yml);
    const fromJson = JSON.parse(readFileSync(json, 'utf8'));
    const fromYaml = yaml.load(readFileSync(yml, 'utf8'), { schema: yaml.CORE_SCHEMA }) as any;
    expect(fromJson.add_DC_drive).toEqual([0, -12.75, 3.5e-7, null]);
    expect(fromYaml).toEqual(fromJson);
    expect(readFileSync(yml, 'utf8')).not.toContain('.nan');
  });

  const model = toyModel();

  it('JSON carries the arrays exactly under the reference field names', () => {
    const out = join(tmp, 'toy.json');
    expect(exportModel(model, 'json', out)).toEqual([out]);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const a = model.arrays();
    expectArraysInDocument(doc, a);
    expect(doc.label).toBe(model.label);
    expect(doc.params_effective).toEqual(model.params);
    expect(doc.custom_params).toEqual(model.customParams);
    expect(doc.delay_mean_matrix[1][2]).toBe(10);
    // No temporary file is left behind.
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('YAML is plain YAML: js-yaml reads back exactly the JSON document', () => {
    const out = join(tmp, 'toy.yaml');
    exportModel(model, 'yaml', out);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/!!|!</); // no tags
    const back = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    expect(back).toEqual(JSON.parse(JSON.stringify(exportDocument(model))));
    expect((back as any).K_matrix[1][0]).toBe(1 / 3);
  });

  it('CSV: long connections table plus populations table and metadata', () => {
    const out = join(tmp, 'toy.csv');
    const side = csvSidecarPaths(out);
    expect(exportModel(model, 'csv', out)).toEqual([out, side.populations, side.meta]);
    const conn = readCsv(out);
    expect(conn.header).toEqual([...CONNECTIONS_CSV_HEADER]);
    const a = model.arrays();
    const n = a.structureVec.length;
    expect(conn.rows.length).toBe(n * (n + 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= n; j++) {
        const row = conn.rows[i * (n + 1) + j];
        expect(row[0]).toBe(a.structureVec[i]);
        expect(row[1]).toBe(j === n ? 'external' : a.structureVec[j]);
        expect(Number(row[2])).toBe(a.K[i][j]);
        expect(Number(row[3])).toBe(a.synapses[i][j]);
        expect(Number(row[4])).toBe(a.W[i][j]);
        expect(Number(row[6])).toBe(a.J[i][j]);
        if (j === n) expect(row[5]).toBe('');
        else expect(Number(row[5])).toBe(a.W_sd[i][j]);
      }
    }
    expect(conn.rows[0].slice(7).map(Number)).toEqual([1.5, 0.75]);
    const pops = readCsv(side.populations);
    expect(pops.header).toEqual(['population', 'area', 'pop', 'N', 'add_DC_drive_pA']);
    expect(pops.rows[2]).toEqual(['46-23E', '46', '23E', '20000.5', '3.5e-7']);
    expect(pops.rows.map((r) => Number(r[3]))).toEqual(a.N);
    const meta = JSON.parse(readFileSync(side.meta, 'utf8'));
    expect(meta.label).toBe(model.label);
    expect(meta.params_effective).toEqual(model.params);
  });

  it('rejects an unknown format, naming it', () => {
    expect(() => exportModel(model, 'xml' as any, join(tmp, 'x.xml'))).toThrow(/format: got "xml"; expected one of json, yaml, csv/);
    expect(existsSync(join(tmp, 'x.xml'))).toBe(false);
  });
});

describe.skipIf(!HAS_SHARED)('export of the upstream default network', () => {
  it('JSON has the reference fields, in the reference order, with equal values', () => {
    const { net } = referenceNetwork('case_default');
    const model = networkSource('ref', resolveNetworkParams({}), net);
    const out = join(tmp, 'ref.json');
    exportModel(model, 'json', out);
    const ours = JSON.parse(readFileSync(out, 'utf8'));
    const ref = readSharedJson('refs', 'structure', 'case_default.json');
    const refKeys = Object.keys(ref);
    const common = Object.keys(ours).filter((k) => refKeys.includes(k));
    expect(common).toEqual(refKeys.filter((k) => common.includes(k)));
    for (const key of ['structure_vec', 'N_vec', 'K_matrix', 'syn_matrix', 'W_matrix', 'W_sd_matrix', 'J_matrix', 'add_DC_drive']) {
      expect(common).toContain(key);
      expect(ours[key]).toEqual(ref[key]);
    }
    expect(ours.K_matrix.length).toBe(254);
    expect(ours.K_matrix[0].length).toBe(255);
    // Inter-area delays follow the reference distances.
    const i = ref.structure_vec.indexOf('V2-23E');
    const j = ref.structure_vec.indexOf('V1-4E');
    expect(ours.delay_mean_matrix[i][j]).toBeCloseTo(ref.distances.V2.V1 / 3.5, 12);
  });
});

describe.skipIf(!HAS_SHARED)('export of a MultiAreaModel', () => {
  it('JSON fields equal the model arrays exactly and the upstream reference to 1e-7', () => {
    const model = new MultiAreaModel({}, { data: upstreamInputs() });
    const out = join(tmp, 'model.json');
    exportModel(model, 'json', out);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.label).toBe(model.label);
    expectArraysInDocument(doc, model.arrays());
    expect(doc.delay_mean_matrix).toEqual(model.delayMean);
    expect(doc.delay_sd_matrix).toEqual(model.delaySd);
    const ref = readSharedJson('refs', 'structure', 'case_default.json');
    // The model's 32 x 32 distances (mm), as upstream's reference restricted to the model areas.
    expect(Object.keys(doc.distances).sort()).toEqual([...model.areaList].sort());
    expect(doc.distances).toEqual(ref.distances);
    for (const key of ['N_vec', 'K_matrix', 'syn_matrix', 'W_matrix', 'J_matrix', 'add_DC_drive']) {
      const dev = worstDeviation(doc[key], ref[key], 1e-9, key);
      expect(dev.worstRel, dev.where).toBeLessThanOrEqual(1e-7);
    }
  });
});

describe('distances of the MultiAreaModel and its export', () => {
  const model = new MultiAreaModel({});

  it('model.distances is the areas x areas matrix (mm) of the model; the raw 81-area table is rawMedianDistances', () => {
    expect(Object.keys(model.distances).sort()).toEqual([...model.areaList].sort());
    for (const target of model.areaList) {
      expect(Object.keys(model.distances[target]).sort()).toEqual([...model.areaList].sort());
      for (const source of model.areaList) {
        const d = model.distances[target][source];
        expect(Number.isFinite(d) && d >= 0).toBe(true);
        expect(d).toBe(model.rawMedianDistances[target][source]);
      }
      expect(model.distances[target][target]).toBe(0);
    }
    expect(Object.keys(model.rawMedianDistances)).toHaveLength(81);
    // Inter-area delays are distance / interarea_speed.
    const i = model.structureVec.indexOf('V2-23E');
    const j = model.structureVec.indexOf('46-4E');
    expect(model.delayMean[i][j]).toBe(model.distances.V2['46'] / model.params.delay_params.interarea_speed);
  });

  it("equal upstream's model-area distances (fixture cut from case_default.json)", () => {
    const fixture = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'model_reference_rows.json'), 'utf8'));
    expect(model.distances).toEqual(fixture.distances);
    expect(JSON.parse(documentToJson(exportDocument(model))).distances).toEqual(fixture.distances);
  });

  it('the export holds the 32 x 32 distances in area order, no NaN', () => {
    const doc = exportDocument(model);
    expect(doc.distances.keys()).toEqual(model.areaList);
    for (const [target, row] of doc.distances.entries) {
      expect(row.keys()).toEqual(model.areaList);
      for (const [source, d] of row.entries) expect(d).toBe(model.distances[target][source]);
    }
    expect(doc.structure.keys()).toEqual(model.areaList);
    const text = documentToJson(doc);
    const distancesText = text.slice(text.indexOf('"distances"'), text.indexOf('"delay_mean_matrix"'));
    expect(distancesText.match(/^  "/gm)).toHaveLength(32);
    expect(distancesText).not.toMatch(/null|NaN|\?/);
  });
});

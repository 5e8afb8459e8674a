// Runs on a fresh clone: checks the committed dataset in data/multiarea/ against values cut from the
// upstream files (test/fixtures/dataset-spotcheck.json, provenance inside).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DATASET_DIR,
  DATASET_FILES,
  VERBATIM_RAW_TABLES,
  datasetPath,
  expFunctionalConnectivityByArea,
  loadExpFunctionalConnectivity,
  loadFullscaleRates,
  loadKPrimeOriginal,
  loadProvenance,
  loadRawData,
  loadRawTableText,
  loadSlnFitTable,
} from '../../../multiarea/data/dataset.ts';
import { RAW_DATA_KEYS } from '../../../multiarea/data/raw/index.ts';
import { PROJECT_ROOT } from '../../helpers/shared.ts';
import { nullsToNaN, subsetMismatches } from './compare.ts';

const spot = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'dataset-spotcheck.json'), 'utf8'));

describe('compiled dataset loaders (no ../shared needed)', () => {
  it('resolve the dataset folder relative to the source, not the working directory', () => {
    expect(DATASET_DIR).toBe(join(PROJECT_ROOT, 'data', 'multiarea'));
    expect(datasetPath(DATASET_FILES.raw)).toBe(join(PROJECT_ROOT, 'data', 'multiarea', 'raw.json'));
  });

  it('report a missing file with the command that builds it', () => {
    expect(() => datasetPath('no-such-file.json')).toThrow(/no-such-file\.json is missing: run npm run compile-data/);
    // @ts-expect-error: not a bundled table
    expect(() => loadRawTableText('overlap.json')).toThrow(/"overlap\.json" is not bundled/);
  });

  it('loadRawData: all keys, sizes and spot values of upstream viscortex_raw_data.json, NaN restored', () => {
    const raw = loadRawData();
    expect(Object.keys(raw)).toEqual([...RAW_DATA_KEYS]);
    for (const [key, count] of Object.entries(spot.counts as Record<string, number>)) {
      expect(Object.keys(raw[key as keyof typeof raw] as object), key).toHaveLength(count);
    }
    for (const [key, expected] of Object.entries(spot.raw as Record<string, unknown>)) {
      // CoCoMac patterns are legitimately null; elsewhere null in the fixture stands for NaN.
      const wanted = key === 'cocomac_data' ? expected : nullsToNaN(expected);
      expect(subsetMismatches(raw[key as keyof typeof raw], wanted, 1e-15), key).toEqual([]);
    }
    expect(Number.isNaN(raw.total_thickness_data.VP)).toBe(true);
    expect(raw.laminar_thicknesses.Pi['1']).toEqual([NaN, NaN]);
  });

  it('memoize and freeze what they share', () => {
    const raw = loadRawData();
    expect(loadRawData()).toBe(raw);
    expect(Object.isFrozen(raw.hierarchy)).toBe(true);
    expect(() => {
      (raw.hierarchy as Record<string, number>).V1 = 1;
    }).toThrow(TypeError);
    expect(loadFullscaleRates()).toBe(loadFullscaleRates());
  });

  it("loadKPrimeOriginal: 254 x 254 K' with structure_vec labels, equal to the upstream .npy at spot entries", () => {
    const k = loadKPrimeOriginal();
    expect(k.shape).toEqual(spot.K_prime.shape);
    expect(k.labels).toHaveLength(254);
    expect(k.labels.slice(0, 3)).toEqual(['V1-23E', 'V1-23I', 'V1-4E']);
    expect(k.labels.filter((l) => l.startsWith('TH-'))).toEqual(['TH-23E', 'TH-23I', 'TH-5E', 'TH-5I', 'TH-6E', 'TH-6I']);
    for (const [i, j, value] of spot.K_prime.entries as [number, number, number][]) expect(k.data[i * 254 + j]).toBe(value);
    const sum = k.data.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - spot.K_prime.sum)).toBeLessThan(1e-9 * spot.K_prime.sum);
    // Each call gives its own copy, so callers may modify it.
    k.data[0] = -1;
    expect(loadKPrimeOriginal().data[0]).toBe(spot.K_prime.entries[0][2]);
  });

  it('loadFullscaleRates: rates (spikes/s) per area and population', () => {
    const rates = loadFullscaleRates();
    expect(Object.keys(rates)).toHaveLength(32);
    expect(rates.V1).toEqual(spot.fullscale_rates.V1);
    expect(rates.TH).toEqual(spot.fullscale_rates.TH);
  });

  it('loadExpFunctionalConnectivity: the 154 x 154 table and the by-area view upstream uses', () => {
    const fc = loadExpFunctionalConnectivity();
    expect(fc.labels).toHaveLength(spot.fig8.n);
    expect(fc.labels.slice(0, 3)).toEqual(spot.fig8.labels_first3);
    for (const [i, j, v] of spot.fig8.entries as [number, number, number][]) expect(fc.values[i][j]).toBe(v);
    const byArea = expFunctionalConnectivityByArea(fc);
    // A label that occurs twice takes its last occurrence, i.e. the second block of the table.
    const last = (label: string) => fc.labels.lastIndexOf(label);
    expect(byArea.V1.V2).toBe(fc.values[last('V1')][last('V2')]);
    expect(byArea.V1.V1).toBe(0);
  });

  it('loadSlnFitTable and the verbatim tables', () => {
    const rows = loadSlnFitTable();
    expect(rows).toHaveLength(188);
    expect(rows[0]).toMatchObject({ rowName: '228', TO: 'MT', FROM: 'V1', S: 11360, I: 1397, TOT: 12757 });
    for (const file of VERBATIM_RAW_TABLES) expect(loadRawTableText(file).length).toBeGreaterThan(100);
    expect(loadRawTableText('SLN_Data.csv')).toContain('228 MT V1 11360 1397 12757');
  });

  it('provenance names source, licence and the sha256 of every output file', async () => {
    const provenance = loadProvenance() as any;
    expect(provenance.source.repository).toBe('https://github.com/INM-6/multi-area-model');
    expect(provenance.licence.name).toBe('CC BY-NC-SA 4.0');
    const { createHash } = await import('node:crypto');
    for (const [file, { sha256 }] of Object.entries(provenance.outputs as Record<string, { sha256: string }>)) {
      const actual = createHash('sha256').update(readFileSync(join(DATASET_DIR, file))).digest('hex');
      expect(actual, file).toBe(sha256);
    }
  });
});

describe('datasetDigest', () => {
  it('is a sha256 hex digest, stable between calls', async () => {
    const { datasetDigest } = await import('../../../multiarea/index.ts');
    expect(datasetDigest()).toMatch(/^[0-9a-f]{64}$/);
    expect(datasetDigest()).toBe(datasetDigest());
  });
});

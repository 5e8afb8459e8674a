/**
 * The processing step (raw tables -> processed anatomical quantities) against upstream's processed-data
 * file: in full where ../shared is present, and on a committed excerpt of it otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSlnFitTableFromRaw, fitSlnProbit, getProcessedData, getSlnFitTable, loadProcessedData, loadProcessingInput, loadSlnFitTable, parseInjectionTargets, parseNisslDensities, parseSlnDataRows, parseSupplementaryTables, processRawData, PUBLISHED_SLN_FIT_COEFFICIENTS, resolveSlnFitCoefficients, slnFitInput, type ProcessedData, type ProcessingInput, type RawData } from '../../../multiarea/index.ts';
import { parsePythonJson } from '../../../core/index.ts';
import { HAS_SHARED, PROJECT_ROOT, SKIP_SHARED_MESSAGE, sharedPath } from '../../helpers/shared.ts';

const REL_TOL = 1e-7;
const ABS_TOL_NEAR_ZERO = 1e-9;

interface Deviation {
  /** Worst relative deviation (absolute where |reference| < 1e-9). */
  worst: number;
  where: string;
  /** Structural differences: missing/extra keys, type or non-numeric value mismatches. */
  mismatches: string[];
  compared: number;
}

/** Compare `actual` with `expected` recursively; numbers by relative error, NaN only equal to NaN. */
function deviation(actual: unknown, expected: unknown, path = ''): Deviation {
  const result: Deviation = { worst: 0, where: '', mismatches: [], compared: 0 };
  const walk = (a: unknown, e: unknown, p: string): void => {
    if (typeof e === 'number') {
      result.compared++;
      if (typeof a !== 'number') return void result.mismatches.push(`${p}: ${JSON.stringify(a)}, expected ${e}`);
      if (Number.isNaN(e) || Number.isNaN(a)) {
        if (!(Number.isNaN(e) && Number.isNaN(a))) result.mismatches.push(`${p}: ${a}, expected ${e}`);
        return;
      }
      const err = Math.abs(e) < ABS_TOL_NEAR_ZERO ? Math.abs(a - e) : Math.abs(a - e) / Math.abs(e);
      if (err > result.worst) Object.assign(result, { worst: err, where: p });
      return;
    }
    if (e === null || typeof e !== 'object') {
      if (a !== e) result.mismatches.push(`${p}: ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`);
      return;
    }
    if (a === null || typeof a !== 'object' || Array.isArray(a) !== Array.isArray(e)) {
      return void result.mismatches.push(`${p}: ${JSON.stringify(a)}, expected ${JSON.stringify(e)}`);
    }
    const aKeys = Object.keys(a);
    const eKeys = Object.keys(e);
    for (const k of eKeys) if (!(k in a)) result.mismatches.push(`${p}/${k}: missing`);
    for (const k of aKeys) if (!(k in e)) result.mismatches.push(`${p}/${k}: unexpected`);
    for (const k of eKeys) if (k in a) walk((a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k], `${p}/${k}`);
  };
  walk(actual, expected, path);
  return result;
}

const PROCESSED_KEYS: (keyof ProcessedData)[] = [
  'cocomac_completed', 'architecture_completed', 'hierarchy_completed', 'SLN_completed', 'SLN_Data_FV91',
  'FLN_Data_FV91', 'FLN_completed', 'neuronal_densities', 'neuronal_density_data_FV91_4layers',
  'realistic_neuronal_numbers', 'total_thicknesses', 'laminar_thicknesses', 'category_density',
];

function expectMatches(actual: Record<string, unknown>, expected: Record<string, unknown>, label: string): void {
  const report: string[] = [];
  for (const key of Object.keys(expected)) {
    if (key.startsWith('_')) continue;
    const d = deviation(actual[key], expected[key], key);
    report.push(`${key}: ${d.compared} values, worst deviation ${d.worst.toExponential(2)}${d.where ? ` at ${d.where}` : ''}`);
    expect(d.mismatches, `${label} ${key}`).toEqual([]);
    expect(d.compared, `${label} ${key} compares values`).toBeGreaterThan(0);
    expect(d.worst, `${label} ${key} worst at ${d.where}`).toBeLessThan(REL_TOL);
  }
  console.log(`${label}\n  ${report.join('\n  ')}`);
}

/** Deep copy of the input with a modification, for error-path tests. */
function modifiedInput(change: (input: Record<string, any>) => void): ProcessingInput {
  const copy = structuredClone(loadProcessingInput()) as Record<string, any>;
  change(copy);
  return copy as ProcessingInput;
}

const published = { slnFitCoefficients: PUBLISHED_SLN_FIT_COEFFICIENTS };

/** Phi(x) by composite Simpson integration of the Gaussian density from -12 (an independent route). */
function phiBySimpson(x: number, intervals = 6000): number {
  const a = -12;
  const h = (x - a) / intervals;
  const f = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let sum = f(a) + f(x);
  for (let i = 1; i < intervals; i++) sum += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

describe('processing of the bundled dataset', () => {
  it('matches the committed excerpt of upstream processed data', () => {
    // Provenance: see "_provenance" inside the fixture.
    const excerpt = parsePythonJson(
      readFileSync(join(PROJECT_ROOT, 'test/fixtures/upstream-processed-excerpt.json'), 'utf8'),
      'upstream-processed-excerpt.json',
    ) as Record<string, Record<string, unknown>>;
    const processed = getProcessedData() as unknown as Record<string, Record<string, unknown>>;
    const restricted: Record<string, unknown> = {};
    for (const [key, part] of Object.entries(excerpt)) {
      if (key.startsWith('_')) continue;
      restricted[key] = Object.fromEntries(Object.keys(part).map((k) => [k, processed[key][k]]));
    }
    expectMatches(restricted, excerpt, 'bundled dataset vs excerpt');
    expect(Object.keys(processed).sort()).toEqual([...PROCESSED_KEYS].sort());
  });

  it('gives every model area complete connectivity and neuron numbers', () => {
    const p = getProcessedData();
    const areas = loadProcessingInput().area_list;
    for (const target of areas) {
      expect(p.FLN_completed[target].external).toBeGreaterThanOrEqual(0);
      for (const source of Object.keys(p.SLN_completed[target])) {
        expect(areas).toContain(source);
        expect(p.SLN_completed[target][source]).toBeGreaterThanOrEqual(0);
        expect(p.SLN_completed[target][source]).toBeLessThanOrEqual(1);
      }
      const n = p.realistic_neuronal_numbers[target];
      const sum = n['23E'] + n['23I'] + n['4E'] + n['4I'] + n['5E'] + n['5I'] + n['6E'] + n['6I'];
      expect(n.total).toBeCloseTo(sum, 6);
    }
  });

  it('builds the SLN-fit table equal to the prepared table RData_prepared_logdensities.txt', () => {
    const built = getSlnFitTable();
    const prepared = loadSlnFitTable();
    expect(built.length).toBe(prepared.length);
    let worst = 0;
    built.forEach((row, i) => {
      const ref = prepared[i];
      expect([row.target, row.source, row.monkey, row.S, row.I, row.TOT]).toEqual([ref.TO, ref.FROM, ref.Monkey, ref.S, ref.I, ref.TOT]);
      worst = Math.max(worst, Math.abs(row.logDensityRatio - ref.DENS));
    });
    console.log(`SLN-fit table: ${built.length} rows, worst |DENS - ln(rho_target/rho_source)| = ${worst.toExponential(2)}`);
    // The prepared table prints DENS with 7-9 significant digits.
    expect(worst).toBeLessThan(2e-7);
  });

  it('fitting the built table reproduces the published SLN coefficients', () => {
    const fit = fitSlnProbit(slnFitInput(getSlnFitTable()));
    expect(Math.abs(fit.intercept - PUBLISHED_SLN_FIT_COEFFICIENTS[0])).toBeLessThan(1e-6);
    expect(Math.abs(fit.slope - PUBLISHED_SLN_FIT_COEFFICIENTS[1])).toBeLessThan(1e-6);
    expect(resolveSlnFitCoefficients({ slnFit: 'fitted' })).toEqual([fit.intercept, fit.slope]);
    expect(resolveSlnFitCoefficients()).toEqual(PUBLISHED_SLN_FIT_COEFFICIENTS);
  });

  it('switching the SLN coefficients changes only the SLN values completed by the fit', () => {
    const base = getProcessedData();
    const coefficients = [0.2, -1] as const;
    const other = getProcessedData({ slnFit: coefficients });
    expect(getProcessedData({ slnFit: coefficients })).toBe(other); // memoized
    expect(other.FLN_completed).toEqual(base.FLN_completed);
    expect(other.realistic_neuronal_numbers).toEqual(base.realistic_neuronal_numbers);
    const d = base.neuronal_densities;
    let completedByFit = 0;
    for (const [target, bySource] of Object.entries(other.SLN_completed)) {
      for (const [source, sln] of Object.entries(bySource)) {
        const datum = base.SLN_Data_FV91[target]?.[source];
        if (datum !== undefined) {
          expect(sln).toBe(datum);
          continue;
        }
        completedByFit++;
        const x = coefficients[0] + coefficients[1] * (Math.log(d[target].overall) - Math.log(d[source].overall));
        expect(Math.abs(sln - phiBySimpson(x))).toBeLessThan(1e-10);
      }
    }
    expect(completedByFit).toBeGreaterThan(400);
  });

  it('returns frozen, shared results', () => {
    const p = getProcessedData();
    expect(getProcessedData({ slnFit: 'published' })).toBe(p);
    expect(getProcessedData({ slnFit: [...PUBLISHED_SLN_FIT_COEFFICIENTS] })).toBe(p);
    expect(Object.isFrozen(p.FLN_completed.V1)).toBe(true);
  });

  it('the compiled processed.json equals processing the bundled raw data', () => {
    const compiled = loadProcessedData();
    expect(getProcessedData()).toBe(compiled);
    const d = deviation(compiled, processRawData(loadProcessingInput(), published));
    expect(d.mismatches).toEqual([]);
    expect(d.compared).toBeGreaterThan(4000);
    expect(d.worst).toBe(0);
    expect(Number.isNaN(compiled.category_density['1'].overall)).toBe(true);
    expect(compiled.cocomac_completed.V1.V1.source_pattern).toBeNull();
  });

  it('rejects bad options and inputs with messages naming them', () => {
    const input = loadProcessingInput();
    expect(() => processRawData(input, { slnFitCoefficients: [NaN, 1] })).toThrow(/slnFitCoefficients.*NaN|slnFitCoefficients/);
    expect(() => getProcessedData({ slnFit: 'best' as never })).toThrow(/slnFit is "best"; expected 'published', 'fitted'/);
    expect(() => processRawData(modifiedInput((r) => delete r.overlap), published)).toThrow(/raw data: key "overlap" is missing/);
    expect(() => processRawData(modifiedInput((r) => (r.architecture.V1 = 9)), published)).toThrow(
      /architecture: type of area "V1" is 9; expected an integer 1\.\.8/,
    );
    expect(() => processRawData(modifiedInput((r) => delete r.injection_sites.M81LH), published)).toThrow(
      /FLN_Data: no injection site for monkey "M81LH"/,
    );
    expect(() =>
      processRawData(modifiedInput((r) => (r.cocomac_data.V2.V1.source_pattern = ['X'])), published),
    ).toThrow(/cocomac_data: source_pattern of V1 -> V2 is \["X"\]; expected null or six layer entries/);
  });

  it('does not modify its input', () => {
    const input = modifiedInput(() => undefined);
    const before = JSON.stringify(input);
    processRawData(input, published);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('supplementary table parsers', () => {
  it('reads Nissl densities with upstream renamings and skips missing values', () => {
    const text = '# comment\n\nV1,8,173360,1.24\nV3,7,—,—\nV5/MT,6,81153,1.96\nA46v,4,52720,1.86\nTEr,4,54902,2.63\nLIPv,5,69275,2.3\n';
    expect(parseNisslDensities(text)).toEqual({
      V1: 173360,
      MT: 81153,
      'V5/MT': 81153,
      'area 46v': 52720,
      A46v: 52720,
      Te1: 54902,
      LIP: 69275,
      LIPv: 69275,
    });
  });

  it('maps monkeys to the FV91 area of their injection, a repeated monkey keeping its last row', () => {
    const text =
      '# title\nINJECTED AREA\tCASE\tMONKEY\tSECTION PLANE\tNODE NUMBER\tFIDUCIAL\tF99\t(X,Y,Z)\tFV91 Area\tComment\n\t\t\t\t\t\t\t\t\t\n' +
      'V1\t1\tM81LH\tHORIZONTAL\t30856\t27.6\t-34.9\t5.3\tV1\t\n' +
      '2\t17\tM98LH\tCORONAL\t73334\t27.8\t-6.5\t11.1\tArea 2\t\n' +
      'ProM\t29\tM98LH\tCORONAL\t69842\t24.8\t8.5\t1.8\t???\t\n';
    expect(parseInjectionTargets(text)).toEqual({
      M81LH: { injected_area: 'V1', FV91_area: 'V1' },
      M98LH: { injected_area: 'ProM', FV91_area: '???' },
    });
  });

  it('reads every SLN row and names the file, row and column of a bad value', () => {
    const header = '# title\n\nINDEX TO FROM S I TOT DIST DENS Monkey lFLN SLN INJ FLN cSLN\n';
    const row = '228 MT V1 11360 1397 12757 12.5 None M133LH -1.7213724 0.89049149 MT.M133LH 0.01899448 0.39049149\n';
    const rows = parseSlnDataRows(header + row + row);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      target: 'MT', source: 'V1', monkey: 'M133LH', S: 11360, I: 1397, TOT: 12757, DIST: 12.5,
      lFLN: -1.7213724, SLN: 0.89049149, FLN: 0.01899448,
    });
    expect(() => parseSlnDataRows(header + row.replace('11360', 'many'), 'x.csv')).toThrow(/x\.csv: column S of row "228 MT V1 many.*" is "many"; expected a number/);
  });
});

describe.skipIf(!HAS_SHARED)(`processing against upstream's full processed-data file ${HAS_SHARED ? '' : SKIP_SHARED_MESSAGE}`, () => {
  const read = (path: string) => readFileSync(sharedPath(path), 'utf8');
  const input = (): ProcessingInput => ({
    ...(parsePythonJson(read('data/multiarea/viscortex_raw_data.json'), 'viscortex_raw_data.json') as RawData),
    ...parseSupplementaryTables({
      nisslDensities: read('data/multiarea/raw_data/NeuronalDensities_Nissl.csv'),
      injectionSites: read('data/multiarea/raw_data/Markov2014_InjectionSites.csv'),
      slnData: read('data/multiarea/raw_data/SLN_Data.csv'),
    }),
  });

  it('every key matches upstream_processed_data_default.json (1e-7 relative, 1e-9 absolute near zero)', () => {
    const reference = parsePythonJson(
      read('refs/structure/upstream_processed_data_default.json'),
      'upstream_processed_data_default.json',
    ) as Record<string, unknown>;
    expect(Object.keys(reference).sort()).toEqual([...PROCESSED_KEYS].sort());
    const processed = processRawData(input(), published);
    expectMatches(processed as unknown as Record<string, unknown>, reference, 'upstream raw JSON vs upstream processed');
  });

  it('the SLN-fit table built from upstream raw data equals the prepared table file', () => {
    const built = buildSlnFitTableFromRaw(input());
    const lines = read('data/multiarea/raw_data/RData_prepared_logdensities.txt').trim().split(/\r?\n/).slice(1);
    expect(built.length).toBe(lines.length);
    lines.forEach((line, i) => {
      const f = line.trim().split(/\s+/);
      expect([built[i].target, built[i].source, built[i].monkey]).toEqual([f[1], f[2], f[8]]);
      expect(Math.abs(built[i].logDensityRatio - Number(f[7]))).toBeLessThan(2e-7);
    });
  });

  it('the bundled dataset gives the same result as the upstream raw JSON', () => {
    const fromShared = processRawData(input(), published);
    const d = deviation(getProcessedData(), fromShared);
    expect(d.mismatches).toEqual([]);
    expect(d.worst).toBe(0);
  });
});

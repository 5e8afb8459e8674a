import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDelimited, pyFloat, tryPyFloat } from '../../../core/io/delimited.ts';
import { parsePythonJson } from '../../../core/io/python-json.ts';
import { parseBinzegger } from '../../../multiarea/data/raw/binzegger-table.ts';
import {
  RAW_DATA_KEYS,
  compileSupplementaryTables,
  rawTableReader,
  readRawDataDir,
  type RawData,
} from '../../../multiarea/data/raw/index.ts';
import { parseSchemeTranslation } from '../../../multiarea/data/raw/translation-table.ts';
import { parseLaminarThicknesses } from '../../../multiarea/data/raw/thickness-table.ts';
import { parseSlnFitTable } from '../../../multiarea/data/raw/sln-fit-table.ts';
import { decodeRawDataJson, encodeRawDataJson } from '../../../multiarea/data/raw-json.ts';
import { loadRawData } from '../../../multiarea/data/dataset.ts';
import { HAS_SHARED, SKIP_SHARED_MESSAGE, sharedPath } from '../../helpers/shared.ts';
import { deepCloseMismatches } from './compare.ts';

describe('delimited-text reading (Python csv semantics)', () => {
  it('splits fields, keeps empty fields, and treats a blank line as an empty record', () => {
    expect(parseDelimited('a\tb\t\n\nc\r\nd', '\t')).toEqual([['a', 'b', ''], [], ['c'], ['d']]);
  });
  it('opens quotes only at the start of a field and reads doubled quotes as one', () => {
    expect(parseDelimited('x "y" z,"p,""q"""\n', ',')).toEqual([['x "y" z', 'p,"q"']]);
    expect(parseDelimited('"two\nlines",b', ',')).toEqual([['two\nlines', 'b']]);
  });
  it('names the table of an unterminated quoted field', () => {
    expect(() => parseDelimited('a,"b\nc', ',', 'x.csv')).toThrow(/^x\.csv: unterminated quoted field/);
    expect(() => parseSchemeTranslation('h1\nh2\nV1\t"V1\n')).toThrow(/^SchemeTranslation\.csv: unterminated quoted field/);
  });
  it('parses numbers as Python float() does', () => {
    expect(pyFloat(' 0.010   ', 'f')).toBe(0.01);
    expect(pyFloat('7.66e-01', 'f')).toBe(0.766);
    expect(pyFloat('1.', 'f')).toBe(1);
    expect(Number.isNaN(pyFloat('nan', 'f'))).toBe(true);
    expect(pyFloat('-Infinity', 'f')).toBe(-Infinity);
    expect(tryPyFloat('')).toBeUndefined();
    expect(tryPyFloat('—')).toBeUndefined();
    expect(() => pyFloat('1,5', 'table.csv line 3')).toThrow(/table\.csv line 3: expected a number, got "1,5"/);
  });
  it('reads Python JSON with NaN and Infinity tokens, but not inside strings', () => {
    expect(parsePythonJson('{"a": [NaN, 1, -Infinity], "NaN": "NaN x"}')).toEqual({ a: [NaN, 1, -Infinity], NaN: 'NaN x' });
    expect(() => parsePythonJson('{"a": }', 'x.json')).toThrow(/x\.json: invalid JSON/);
  });
});

describe('upstream quirks reproduced by the raw-table parsers', () => {
  it('laminar thicknesses: one study gives numbers, several give lists; the last row counts twice', () => {
    const header = 'area\tL1\tL2\tL3\tL2/3\tL4A\tL4B\tL4Calpha\tL4Cbeta\tL4C\tL4\tL5\tL6\tL5/6\ttotal_without_L1\ttotal\tsource\tnote';
    const row = (area: string, first: string) => [area, first, ...Array(14).fill(''), 'src', 'note'].join('\t');
    const text = ['# title', '', header, row('A', '10'), row('A', '20'), row('B', '5')].join('\n');
    const out = parseLaminarThicknesses(text, 't.csv');
    expect(out.A['1']).toEqual([10, 20]);
    expect(out.A['23']).toEqual([NaN, NaN]);
    expect(Object.keys(out.A)).toContain('total_without_1');
    expect(out.B['1']).toEqual([5, 5]);
  });
  it('scheme translation: the column-header row is read as data; targets are sorted and distinct', () => {
    const text = '# title\n\t\nBarbas\tFV91\nTE\tV4\nTE\tAITd\nTE\tV4\n';
    expect(parseSchemeTranslation(text)).toEqual({ Barbas: ['FV91'], TE: ['AITd', 'V4'] });
  });
  it('Binzegger: layer keys from the layer column or the cell name; non-numbers kept as text', () => {
    const header = '\t\tpercent\tsynapses\tnb1\tp2/3';
    const rows = ['nb1\t\t1.5\t8890\t10.1\t', 'p2/3\tL2/3\t26\t5800\t0\t59.9', 'p2/3\tL1\t\t1306\t10.2\t6.3', 'ss4(L4)\t\t9.2\t5792\t0\t0.6'];
    const text = ['# title', '', header, ...rows, ...Array(34).fill('')].join('\n');
    const out = parseBinzegger(text, 'b.csv');
    expect(out.nb1).toEqual({ occurrence: 1.5, syn_dict: { '1': { synapses: 8890, nb1: 10.1, 'p2/3': '' } } });
    expect(Object.keys(out['p2/3'].syn_dict).sort()).toEqual(['1', '23']);
    expect(out['ss4(L4)'].syn_dict['4']).toEqual({ synapses: 5792, nb1: 0, 'p2/3': 0.6 });
  });
  it('SLN-fit table: header of 13 columns, rows led by their R row name', () => {
    const text = 'TO FROM S I TOT DIST DENS Monkey lFLN SLN INJ FLN cSLN \n228 MT V1 11360 1397 12757 12.5 -0.7590340 M133LH -1.7213724 0.89049149 MT.M133LH 0.01899448 0.39049149\n';
    expect(parseSlnFitTable(text)).toEqual([
      {
        rowName: '228', TO: 'MT', FROM: 'V1', S: 11360, I: 1397, TOT: 12757, DIST: 12.5, DENS: -0.759034, Monkey: 'M133LH',
        lFLN: -1.7213724, SLN: 0.89049149, INJ: 'MT.M133LH', FLN: 0.01899448, cSLN: 0.39049149,
      },
    ]);
    expect(() => parseSlnFitTable('TO FROM S\n1 2 3\n', 'p.txt')).toThrow(/p\.txt line 1: expected the columns/);
  });
});

describe.skipIf(!HAS_SHARED)(`raw tables of ../shared parsed into RawData${HAS_SHARED ? '' : ` (${SKIP_SHARED_MESSAGE})`}`, () => {
  const rawDir = sharedPath('data', 'multiarea', 'raw_data');
  const raw = HAS_SHARED ? readRawDataDir(rawDir) : ({} as RawData);

  it('equals upstream viscortex_raw_data.json (floats to 1e-12 relative)', () => {
    const expected = parsePythonJson(
      readFileSync(sharedPath('data', 'multiarea', 'viscortex_raw_data.json'), 'utf8'),
      'viscortex_raw_data.json',
    ) as Record<string, unknown>;
    expect(Object.keys(expected).sort()).toEqual([...RAW_DATA_KEYS].sort());
    for (const key of RAW_DATA_KEYS) {
      expect(deepCloseMismatches(raw[key], expected[key], 1e-12), key).toEqual([]);
    }
  });

  it('equals the committed data/multiarea/raw.json as loaded at run time', () => {
    expect(deepCloseMismatches(loadRawData(), raw, 0)).toEqual([]);
  });

  it('survives the raw.json encoding unchanged, NaN included', () => {
    const decoded = decodeRawDataJson(encodeRawDataJson(raw));
    expect(deepCloseMismatches(decoded, raw, 0)).toEqual([]);
  });

  it('parses the supplementary tables (SLN-fit table, injection sites, Nissl densities)', () => {
    const sup = compileSupplementaryTables(rawTableReader(rawDir));
    expect(sup.slnFitTable).toHaveLength(188);
    for (const row of sup.slnFitTable) {
      expect(row.S + row.I).toBe(row.TOT);
      expect(row.SLN).toBeCloseTo(row.S / row.TOT, 6);
    }
    expect(sup.injectionSites).toHaveLength(39);
    expect(sup.injectionSites[0]).toMatchObject({ injectedArea: 'V1', case: 1, monkey: 'M81LH', fv91Area: 'V1' });
    expect(sup.nisslDensities.find((r) => r.area === 'V1')).toEqual({ area: 'V1', architecturalType: 8, density: 173360, thicknessMm: 1.24 });
    expect(Number.isNaN(sup.nisslDensities.find((r) => r.area === 'V3')!.density)).toBe(true);
  });

  it('names the file when a table is missing', () => {
    const read = rawTableReader('/nonexistent-dir');
    expect(() => read('Numbers_V1.csv')).toThrow(/\/nonexistent-dir\/Numbers_V1\.csv: cannot read/);
  });
});

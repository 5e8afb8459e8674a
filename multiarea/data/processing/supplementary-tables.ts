/**
 * The three raw tables that upstream's processing reads from raw_data/ but does not store in its raw JSON,
 * in the form the processing step uses: Nissl neuron densities, Markov et al. 2014 injection sites, and the
 * per-injection SLN rows.
 */
import { parseNeuronalDensitiesNissl } from '../raw/densities-table.ts';
import { parseInjectionSites } from '../raw/markov2014-table.ts';
import type { InjectionTarget, SlnObservation, SupplementaryRawData } from './processed-types.ts';

/** A number as Python's float() accepts it in these tables (plain decimal/exponent notation), else null. */
function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

function dataLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/**
 * NeuronalDensities_Nissl.csv: `area,type,density,thickness`; rows without a density ('—') are skipped.
 * Upstream renames a few Barbas-lab areas to the names used elsewhere (V5/MT -> MT, A46v -> area 46v,
 * A7a -> 7a, LIPv -> LIP, TEr -> Te1) and, except for TEr, keeps the original name too.
 */
export function parseNisslDensities(text: string, file = 'NeuronalDensities_Nissl.csv'): Record<string, number> {
  const renamed: Record<string, string> = { 'V5/MT': 'MT', A46v: 'area 46v', A7a: '7a', LIPv: 'LIP', TEr: 'Te1' };
  const densities: Record<string, number> = {};
  for (const { area, density } of parseNeuronalDensitiesNissl(text, file)) {
    if (Number.isNaN(density)) continue;
    if (area in renamed) densities[renamed[area]] = density;
    if (area !== 'TEr') densities[area] = density;
  }
  return densities;
}

/**
 * Markov2014_InjectionSites.csv (tab-separated): column 1 injected area, column 3 monkey, column 9 the FV91
 * area containing the injection. A monkey listed twice keeps its last row, as in upstream.
 */
export function parseInjectionTargets(text: string, file = 'Markov2014_InjectionSites.csv'): Record<string, InjectionTarget> {
  const sites: Record<string, InjectionTarget> = {};
  for (const site of parseInjectionSites(text, file)) {
    sites[site.monkey] = { injected_area: site.injectedArea, FV91_area: site.fv91Area };
  }
  return sites;
}

/**
 * SLN_Data.csv (space-separated, Markov et al. 2014):
 * INDEX TO FROM S I TOT DIST DENS Monkey lFLN SLN INJ FLN cSLN. All rows, in file order.
 */
export function parseSlnDataRows(text: string, file = 'SLN_Data.csv'): SlnObservation[] {
  const rows: SlnObservation[] = [];
  for (const line of dataLines(text)) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'INDEX') continue;
    if (f.length !== 14) throw new Error(`${file}: row "${line}" has ${f.length} fields; expected 14`);
    const num = (i: number, name: string): number => {
      const v = parseNumber(f[i]);
      if (v === null) throw new Error(`${file}: column ${name} of row "${line}" is "${f[i]}"; expected a number`);
      return v;
    };
    rows.push({
      target: f[1],
      source: f[2],
      monkey: f[8],
      S: num(3, 'S'),
      I: num(4, 'I'),
      TOT: num(5, 'TOT'),
      DIST: num(6, 'DIST'),
      lFLN: num(9, 'lFLN'),
      SLN: num(10, 'SLN'),
      FLN: num(12, 'FLN'),
    });
  }
  return rows;
}

/** Texts of the three tables, as read from raw_data/. */
export interface SupplementaryTableTexts {
  nisslDensities: string;
  injectionSites: string;
  slnData: string;
}

export function parseSupplementaryTables(texts: SupplementaryTableTexts): SupplementaryRawData {
  return {
    neuronal_density_data_updated: parseNisslDensities(texts.nisslDensities),
    injection_sites: parseInjectionTargets(texts.injectionSites),
    sln_data_rows: parseSlnDataRows(texts.slnData),
  };
}

/** File names of the three tables inside raw_data/. */
export const SUPPLEMENTARY_TABLE_FILES = {
  nisslDensities: 'NeuronalDensities_Nissl.csv',
  injectionSites: 'Markov2014_InjectionSites.csv',
  slnData: 'SLN_Data.csv',
} as const;

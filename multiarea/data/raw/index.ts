/**
 * The raw-data step: parse every published table of the dataset into one RawData object equal to
 * upstream's viscortex_raw_data.json.
 */
import { dataSource, hostPath, parsePythonJson } from '../../../core/index.ts';
import { parseArchitecturalTypes } from './architecture-table.ts';
import { parseBinzegger } from './binzegger-table.ts';
import { parseCocomac } from './cocomac-table.ts';
import { AREA_LIST } from './table-common.ts';
import { parseNeuronalDensitiesNeuN, parseNeuronalDensitiesNissl } from './densities-table.ts';
import { DISTANCE_TABLE_SIZES, parseCorticalSurface, parseDistanceTable } from './distances-table.ts';
import { parseHierarchyMarkov, parseHierarchyReid } from './hierarchy-table.ts';
import { parseIntrinsicConnectivity, parseIntrinsicFln, parseNumbersV1 } from './intrinsic-table.ts';
import { parseInjectionSites, parseMarkovFln, parseSlnData } from './markov2014-table.ts';
import { parseSlnFitTable } from './sln-fit-table.ts';
import { parseSingleValue } from './synaptic-density-table.ts';
import { parseLaminarThicknessCat, parseLaminarThicknesses, parseTotalThickness } from './thickness-table.ts';
import { parseSchemeTranslation } from './translation-table.ts';
import type { InjectionSite, NisslDensityRow, OverlapData, RawData, SlnFitRow } from './raw-types.ts';

export type * from './raw-types.ts';
export { RAW_DATA_KEYS } from './raw-types.ts';
export { AREA_LIST } from './table-common.ts';
export { parseSlnFitTable, SLN_FIT_COLUMNS } from './sln-fit-table.ts';
export { parseInjectionSites } from './markov2014-table.ts';
export { parseNeuronalDensitiesNissl } from './densities-table.ts';

/** Every file of the raw_data/ folder, in alphabetical order. */
export const RAW_TABLE_FILES = [
  'ArchitecturalTypes.csv', 'BinzeggerData.csv', 'CoCoMac_complete_81.json', 'CorticalThickness.csv',
  'Euclidean_Distances.csv', 'Intrinsic_Connectivity.csv', 'Intrinsic_FLN_Data.csv', 'Laminar_Thickness_cat.csv',
  'Markov2014_FLN_rawdata.csv', 'Markov2014_InjectionSites.csv', 'Median_Distances_81areas.csv',
  'NeuronalDensities_NeuN.csv', 'NeuronalDensities_Nissl.csv', 'Numbers_V1.csv', 'RData_prepared_logdensities.txt',
  'SLN_Data.csv', 'SchemeTranslation.csv', 'SynapticDensity_Cragg.csv', 'SynapticDensity_OKusky.csv',
  'Thom_Distances.csv', 'Thom_Distances_MERetal12.csv', 'cocomac_confirmative_studies.json',
  'cocomac_negative_studies.json', 'cortical_surface.csv', 'hierarchy_Markov.csv', 'hierarchy_Reid.csv',
  'laminar_thicknesses_macaque.csv', 'overlap.json',
] as const;

export type RawTableFile = (typeof RAW_TABLE_FILES)[number];

/** Gives the text of a raw table by file name. */
export type RawTableReader = (file: RawTableFile) => string;

/** A reader of the tables in a raw_data/ folder, with errors naming the missing file. */
export function rawTableReader(rawDataDir: string): RawTableReader {
  return (file) => {
    const path = hostPath.join(rawDataDir, file);
    try {
      return dataSource().readText(path);
    } catch (err) {
      throw new Error(`raw table ${path}: cannot read (${(err as Error).message})`);
    }
  };
}

/** Build RawData from the raw tables (pure apart from the reader). */
export function compileRawData(read: RawTableReader): RawData {
  const json = (file: RawTableFile) => parsePythonJson(read(file), file);
  const { FLN_Data, NLN_Data } = parseMarkovFln(read('Markov2014_FLN_rawdata.csv'));
  const distances = (file: keyof typeof DISTANCE_TABLE_SIZES) =>
    parseDistanceTable(read(file), file, DISTANCE_TABLE_SIZES[file]);
  return {
    area_list: [...AREA_LIST],
    hierarchy: parseHierarchyReid(read('hierarchy_Reid.csv')),
    neuronal_density_data: parseNeuronalDensitiesNeuN(read('NeuronalDensities_NeuN.csv')),
    architecture: parseArchitecturalTypes(read('ArchitecturalTypes.csv')),
    euclidean_distance_data: distances('Euclidean_Distances.csv'),
    thom_distance_data: distances('Thom_Distances.csv'),
    thom_distance_data_markov: distances('Thom_Distances_MERetal12.csv'),
    median_distance_data: distances('Median_Distances_81areas.csv'),
    surface_data: parseCorticalSurface(read('cortical_surface.csv')),
    cocomac_data: parseCocomac(json('CoCoMac_complete_81.json'), json('cocomac_confirmative_studies.json'), AREA_LIST),
    FLN_Data,
    Intrinsic_FLN_Data: parseIntrinsicFln(read('Intrinsic_FLN_Data.csv')),
    SLN_Data: parseSlnData(read('SLN_Data.csv')),
    NLN_Data,
    Intrinsic_Connectivity: parseIntrinsicConnectivity(read('Intrinsic_Connectivity.csv')),
    num_V1: parseNumbersV1(read('Numbers_V1.csv')),
    Laminar_Thickness_cat: parseLaminarThicknessCat(read('Laminar_Thickness_cat.csv')),
    laminar_thicknesses: parseLaminarThicknesses(read('laminar_thicknesses_macaque.csv')),
    Binzegger_Data: parseBinzegger(read('BinzeggerData.csv')),
    av_indegree_Cragg: parseSingleValue(read('SynapticDensity_Cragg.csv'), 'SynapticDensity_Cragg.csv'),
    av_indegree_OKusky: parseSingleValue(read('SynapticDensity_OKusky.csv'), 'SynapticDensity_OKusky.csv'),
    hierarchy_markov: parseHierarchyMarkov(read('hierarchy_Markov.csv')),
    Translation: parseSchemeTranslation(read('SchemeTranslation.csv')),
    overlap: json('overlap.json') as OverlapData,
    total_thickness_data: parseTotalThickness(read('CorticalThickness.csv'), AREA_LIST),
  };
}

/** Build RawData from a raw_data/ folder. */
export function readRawDataDir(rawDataDir: string): RawData {
  return compileRawData(rawTableReader(rawDataDir));
}

/** Tables that upstream reads but leaves out of the compiled raw data, parsed for completeness. */
export interface SupplementaryTables {
  slnFitTable: SlnFitRow[];
  injectionSites: InjectionSite[];
  nisslDensities: NisslDensityRow[];
  /** cocomac_negative_studies.json: number of studies reporting the absence of a connection, [source][target]. */
  cocomacNegativeStudies: Record<string, Record<string, number>>;
}

export function compileSupplementaryTables(read: RawTableReader): SupplementaryTables {
  return {
    slnFitTable: parseSlnFitTable(read('RData_prepared_logdensities.txt')),
    injectionSites: parseInjectionSites(read('Markov2014_InjectionSites.csv')),
    nisslDensities: parseNeuronalDensitiesNissl(read('NeuronalDensities_Nissl.csv')),
    cocomacNegativeStudies: parsePythonJson(read('cocomac_negative_studies.json'), 'cocomac_negative_studies.json') as Record<
      string,
      Record<string, number>
    >,
  };
}

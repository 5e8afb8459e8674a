/** PROVENANCE.json of the compiled dataset: where the data come from and hashes of inputs and outputs. */
import { createHash } from 'node:crypto';
import { stableJson } from '../../core/index.ts';
import type { DatasetOutput } from './outputs.ts';

export const SOURCE = {
  repository: 'https://github.com/INM-6/multi-area-model',
  commit: '355d94042f4fe613e5602918082f5e667695932e',
  commitDate: '2025-03-21',
  paths: [
    'multiarea_model/data_multiarea/raw_data/',
    'figures/SchueckerSchmidt2017/K_prime_original.npy',
    'tests/fullscale_rates.json',
    'figures/Schmidt2018_dyn/Fig8_exp_func_conn.csv',
  ],
};

export const LICENCE = {
  name: 'CC BY-NC-SA 4.0',
  url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
  note:
    'Licence of the source repository; the compiled files are adaptations distributed under the same terms. ' +
    'The measurements come from the publications listed under citations.',
};

export const CITATIONS = [
  {
    reference:
      'Schmidt M, Bakker R, Hilgetag CC, Diesmann M, van Albada SJ (2018) Multi-scale account of the network ' +
      'structure of macaque visual cortex. Brain Struct Funct 223:1409-1435. doi:10.1007/s00429-017-1554-4',
    use: 'how the tables were collected and turned into the model; cite for the dataset as a whole',
  },
  {
    reference:
      'Schmidt M, Bakker R, Shen K, Bezgin G, Diesmann M, van Albada SJ (2018) A multi-scale layer-resolved ' +
      'spiking network model of resting-state dynamics in macaque visual cortical areas. PLOS Comput Biol ' +
      '14:e1006359. doi:10.1371/journal.pcbi.1006359',
    use: 'the dynamics of the model; source of the functional-connectivity table used in its Fig. 8',
  },
  {
    reference:
      'Schuecker J, Schmidt M, van Albada SJ, Diesmann M, Helias M (2017) Fundamental activity constraints lead ' +
      'to specific interpretations of the connectome. PLOS Comput Biol 13:e1005179. doi:10.1371/journal.pcbi.1005179',
    use: 'the mean-field theory and the stabilized indegree matrix K\'',
  },
  {
    reference:
      'The primary measurements: Markov et al. (2014) for FLN and SLN, the CoCoMac database, Binzegger et al. ' +
      '(2004), the Barbas lab (Hilgetag et al. 2016) for densities and thicknesses, Reid et al. (2009) and ' +
      'others, as named in the header line of each raw table and in the papers above',
    use: 'cite the original study of every table you rely on',
  },
];

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function sortedRecord(map: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The provenance text. It holds no date or machine detail, so an unchanged input gives identical bytes.
 */
export function buildProvenance(
  inputs: Map<string, string>,
  outputs: { output: DatasetOutput; bytes: string | Uint8Array }[],
): string {
  const outputHashes = new Map(outputs.map(({ output, bytes }) => [output.file, sha256(bytes)]));
  return stableJson({
    dataset: 'multiarea: anatomical data of the multi-area model of macaque visual cortex',
    builtBy: 'npm run compile-data (scripts/compile-data.ts)',
    source: SOURCE,
    licence: LICENCE,
    citations: CITATIONS,
    inputs: { root: 'data/multiarea of the reference folder (../shared)', sha256: sortedRecord(inputs) },
    outputs: Object.fromEntries(
      outputs.map(({ output }) => [output.file, { description: output.description, sha256: outputHashes.get(output.file) }]),
    ),
  });
}

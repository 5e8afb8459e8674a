/**
 * The files of the compiled dataset, one builder each. To add a file (e.g. the processing step's
 * processed.json), append a builder to DATASET_OUTPUTS; provenance and --check pick it up automatically.
 */
import { COMPLETE_AREA_LIST, POPULATION_LIST, DATASET_FILES, RAW_TABLE_FILES, VERBATIM_RAW_TABLES, encodeRawDataJson, parseSlnFitTable, encodeProcessedDataJson, parseSupplementaryTables, processRawData, PROCESSED_DATA_FILE, PUBLISHED_SLN_FIT_COEFFICIENTS, SUPPLEMENTARY_TABLE_FILES, type KPrimeMeta } from '../../multiarea/index.ts';
import { encodeNpy, parseDelimited, parsePythonJson, pyFloat, stableJson, decodeNpy } from '../../core/index.ts';
import type { BuildContext } from './context.ts';

export interface DatasetOutput {
  /** Path inside the dataset folder ('/'-separated). */
  file: string;
  /** One line on what the file holds (for the provenance). */
  description: string;
  build(ctx: BuildContext): string | Uint8Array;
}

/**
 * Population labels "area-pop" in upstream's structure_vec order: areas in the model's order
 * (COMPLETE_AREA_LIST, which differs from the raw data's area_list), populations in POPULATION_LIST order,
 * TH without layer 4.
 */
export function structureVecLabels(areaList: readonly string[] = COMPLETE_AREA_LIST): string[] {
  return areaList.flatMap((area) =>
    POPULATION_LIST.filter((pop) => area !== 'TH' || !pop.startsWith('4')).map((pop) => `${area}-${pop}`),
  );
}

const rawJson: DatasetOutput = {
  file: DATASET_FILES.raw,
  description: 'all raw tables compiled into one object, equal to upstream viscortex_raw_data.json (NaN written as null)',
  build: (ctx) => {
    // Every raw table is an input of the compiled dataset, including those only carried verbatim or parsed
    // into other outputs, so hash them all.
    for (const file of RAW_TABLE_FILES) ctx.read(`raw_data/${file}`);
    return encodeRawDataJson(ctx.raw());
  },
};

const slnFitTable: DatasetOutput = {
  file: DATASET_FILES.slnFitTable,
  description: 'rows of raw_data/RData_prepared_logdensities.txt, the input table of the SLN fit',
  build: (ctx) => {
    const file = 'raw_data/RData_prepared_logdensities.txt';
    return stableJson({ source: file, rows: parseSlnFitTable(ctx.readText(file), file) });
  },
};

const verbatimTables: DatasetOutput[] = VERBATIM_RAW_TABLES.map((file) => ({
  file: `${DATASET_FILES.rawTables}/${file}`,
  description: `verbatim copy of raw_data/${file}`,
  build: (ctx: BuildContext) => ctx.read(`raw_data/${file}`),
}));

const kPrime: DatasetOutput = {
  file: DATASET_FILES.kPrimeOriginal,
  description: 'K_prime_original.npy re-encoded as a NumPy .npy, version 1.0, little-endian float64, C order',
  build: (ctx) => {
    const file = 'K_prime_original.npy';
    return encodeNpy(decodeNpy(ctx.read(file), file), '<f8');
  },
};

const kPrimeMeta: DatasetOutput = {
  file: DATASET_FILES.kPrimeOriginalMeta,
  description: 'shape and population labels of K_prime_original.npy',
  build: (ctx) => {
    const file = 'K_prime_original.npy';
    const { shape } = decodeNpy(ctx.read(file), file);
    const labels = structureVecLabels();
    if (shape.length !== 2 || shape[0] !== labels.length || shape[1] !== labels.length) {
      throw new Error(`compile-data: ${file} has shape (${shape.join(', ')}), expected (${labels.length}, ${labels.length})`);
    }
    const meta: KPrimeMeta = {
      shape: [shape[0], shape[1]],
      labels,
      description:
        'Stabilized indegree matrix K\' (Schuecker et al. 2017), the default K_stable of the model: ' +
        'row = target population, column = source population, both in the order of labels',
      units: 'synapses per target neuron',
      source: file,
    };
    return stableJson(meta);
  },
};

const fullscaleRates: DatasetOutput = {
  file: DATASET_FILES.fullscaleRates,
  description: 'population rates (spikes/s) of the full-scale model, rates[area][population]',
  build: (ctx) => {
    const file = 'fullscale_rates.json';
    return stableJson(parsePythonJson(ctx.readText(file), file));
  },
};

const expFunctionalConnectivity: DatasetOutput = {
  file: DATASET_FILES.expFunctionalConnectivity,
  description: 'Fig8_exp_func_conn.csv: experimental fMRI functional connectivity, labels and values[row][column]',
  build: (ctx) => {
    const file = 'Fig8_exp_func_conn.csv';
    const records = parseDelimited(ctx.readText(file), '\t', file);
    // Comment lines, a blank line, the labels, then one row per label.
    const description = records.slice(0, 2).map((r) => r.join('\t').replace(/^#\s*/, ''));
    const labels = records[3];
    const values = records.slice(4).filter((r) => r.length > 0).map((r, i) => {
      if (r.length !== labels.length) {
        throw new Error(`compile-data: ${file} line ${i + 5} has ${r.length} values, expected ${labels.length}`);
      }
      return r.map((cell, j) => pyFloat(cell, `${file} line ${i + 5} column ${j + 1}`));
    });
    if (values.length !== labels.length) {
      throw new Error(`compile-data: ${file} has ${values.length} rows, expected ${labels.length}`);
    }
    return stableJson({ source: file, description, labels, values });
  },
};

// Processing step (helper B): processed data for the published SLN fit, so that the default model needs
// neither the raw data nor a processing run at start-up.
const processedJson: DatasetOutput = {
  file: PROCESSED_DATA_FILE,
  description:
    'processed anatomical data (processRawData, published SLN fit coefficients), equal to upstream ' +
    'viscortex_processed_data.json (NaN written as null)',
  build: (ctx) => {
    const supplement = parseSupplementaryTables({
      nisslDensities: ctx.readText(`raw_data/${SUPPLEMENTARY_TABLE_FILES.nisslDensities}`),
      injectionSites: ctx.readText(`raw_data/${SUPPLEMENTARY_TABLE_FILES.injectionSites}`),
      slnData: ctx.readText(`raw_data/${SUPPLEMENTARY_TABLE_FILES.slnData}`),
    });
    const processed = processRawData({ ...ctx.raw(), ...supplement }, { slnFitCoefficients: PUBLISHED_SLN_FIT_COEFFICIENTS });
    return encodeProcessedDataJson(processed);
  },
};

/** All outputs except the provenance, which is built last from the others. */
export const DATASET_OUTPUTS: DatasetOutput[] = [
  rawJson,
  slnFitTable,
  ...verbatimTables,
  kPrime,
  kPrimeMeta,
  fullscaleRates,
  expFunctionalConnectivity,
  processedJson,
];

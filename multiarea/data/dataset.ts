/**
 * Run-time access to the project's compiled dataset in data/multiarea/ (built from the published tables
 * by `npm run compile-data`, committed, so a fresh clone needs nothing else). Paths resolve relative to
 * the project root, not to the working directory. Files are read through the data source (core's
 * `dataSource()`: the file system in Node, the fetched bundle in the browser explorer). Every loader
 * parses its file once per data source; the returned objects are frozen (shared between callers),
 * except typed arrays, which are copied per call.
 */
import { BUNDLED, dataSource, decodeNpy, hostPath, sha256, type DataSource } from '../../core/index.ts';
import { decodeRawDataJson } from './raw-json.ts';
import type { RawData, SlnFitRow } from './raw/raw-types.ts';

/** The folder of the compiled dataset. */
export const DATASET_DIR = BUNDLED.datasetDir;

/** File names of the compiled dataset. */
export const DATASET_FILES = {
  raw: 'raw.json',
  slnFitTable: 'sln_fit_table.json',
  kPrimeOriginal: 'K_prime_original.npy',
  kPrimeOriginalMeta: 'K_prime_original.json',
  fullscaleRates: 'fullscale_rates.json',
  expFunctionalConnectivity: 'Fig8_exp_func_conn.json',
  provenance: 'PROVENANCE.json',
  /** Folder of verbatim copies of the raw tables that the processing step reads directly. */
  rawTables: 'tables',
} as const;

/** Raw tables copied verbatim into the dataset (read by the processing step and the SLN fit). */
export const VERBATIM_RAW_TABLES = [
  'NeuronalDensities_Nissl.csv',
  'Markov2014_InjectionSites.csv',
  'SLN_Data.csv',
  'RData_prepared_logdensities.txt',
] as const;

export type VerbatimRawTable = (typeof VERBATIM_RAW_TABLES)[number];

/** Absolute path of a file of the compiled dataset; an error if it does not exist. */
export function datasetPath(name: string): string {
  const path = hostPath.join(DATASET_DIR, name);
  if (!dataSource().exists(path)) {
    throw new Error(`dataset file ${path} is missing: run npm run compile-data (needs ../shared/data/multiarea)`);
  }
  return path;
}

function readDatasetText(name: string): string {
  return dataSource().readText(datasetPath(name));
}

function readDatasetJson<T>(name: string): T {
  const path = datasetPath(name);
  try {
    return JSON.parse(dataSource().readText(path)) as T;
  } catch (err) {
    throw new Error(`dataset file ${path}: invalid JSON (${(err as Error).message}); run npm run compile-data`);
  }
}

/** Freezes a parsed tree in place (typed arrays excepted: they cannot be frozen); returns it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** Loads once per data source (an injected source gets its own parse). */
function memo<T>(load: () => T): () => T {
  const cached = new WeakMap<DataSource, { value: T }>();
  return () => {
    const source = dataSource();
    let entry = cached.get(source);
    if (entry === undefined) cached.set(source, (entry = { value: load() }));
    return entry.value;
  };
}

/** The text of a raw table that the dataset carries verbatim (see VERBATIM_RAW_TABLES). */
export function loadRawTableText(file: VerbatimRawTable): string {
  if (!(VERBATIM_RAW_TABLES as readonly string[]).includes(file)) {
    throw new Error(`loadRawTableText: ${JSON.stringify(file)} is not bundled; expected one of ${VERBATIM_RAW_TABLES.join(', ')}`);
  }
  return readDatasetText(`${DATASET_FILES.rawTables}/${file}`);
}

/** The raw anatomical data (equal to upstream's viscortex_raw_data.json). Frozen. */
export const loadRawData: () => Readonly<RawData> = memo(() =>
  deepFreeze(decodeRawDataJson(readDatasetText(DATASET_FILES.raw), datasetPath(DATASET_FILES.raw))),
);

/** Rows of the prepared SLN-fit table (RData_prepared_logdensities.txt). Frozen. */
export const loadSlnFitTable: () => readonly Readonly<SlnFitRow>[] = memo(() =>
  deepFreeze(readDatasetJson<{ rows: SlnFitRow[] }>(DATASET_FILES.slnFitTable).rows),
);

/** Metadata of the bundled K' matrix (see data/README.md). */
export interface KPrimeMeta {
  shape: [number, number];
  /** Population labels "area-pop" of rows (targets) and columns (sources), in structure_vec order. */
  labels: string[];
  description: string;
  units: string;
  source: string;
}

/** A 2-D matrix in row-major order with the population labels of its rows and columns. */
export interface LabelledMatrix {
  shape: [number, number];
  /** Row-major: element (target i, source j) at data[i * shape[1] + j]. */
  data: Float64Array;
  labels: string[];
}

const kPrimeCache = memo(() => {
  const meta = deepFreeze(readDatasetJson<KPrimeMeta>(DATASET_FILES.kPrimeOriginalMeta));
  const path = datasetPath(DATASET_FILES.kPrimeOriginal);
  const array = decodeNpy(dataSource().readBytes(path), path);
  if (array.shape.length !== 2 || array.shape[0] !== meta.shape[0] || array.shape[1] !== meta.shape[1]) {
    throw new Error(`dataset file ${path}: shape (${array.shape.join(', ')}) differs from its metadata (${meta.shape.join(', ')})`);
  }
  return { meta, data: array.data };
});

/**
 * The stabilized indegree matrix K' of Schuecker et al. (2017) that the model uses by default (K_stable):
 * 254 x 254, synapses per target neuron, row = target population, column = source population.
 * `data` is a fresh copy on every call.
 */
export function loadKPrimeOriginal(): LabelledMatrix {
  const { meta, data } = kPrimeCache();
  return { shape: [meta.shape[0], meta.shape[1]], data: data.slice(), labels: [...meta.labels] };
}

/** Population rates (spikes/s) of the full-scale model, rates[area][population] (plus 'total'). Frozen. */
export const loadFullscaleRates: () => Readonly<Record<string, Readonly<Record<string, number>>>> = memo(() =>
  deepFreeze(readDatasetJson<Record<string, Record<string, number>>>(DATASET_FILES.fullscaleRates)),
);

/** Experimental (fMRI) functional connectivity between areas, as in the published table. */
export interface ExpFunctionalConnectivity {
  description: string[];
  /** Column and row labels of the table; every area appears twice (two blocks of 77 areas). */
  labels: string[];
  /** values[row][column]. */
  values: number[][];
}

/** The functional-connectivity table of Fig. 8 of Schmidt et al. (2018, PLOS CB). Frozen. */
export const loadExpFunctionalConnectivity: () => Readonly<ExpFunctionalConnectivity> = memo(() =>
  deepFreeze(readDatasetJson<ExpFunctionalConnectivity>(DATASET_FILES.expFunctionalConnectivity)),
);

/**
 * Functional connectivity by area pair, fc[area1][area2], read as upstream's figure script reads the table:
 * a label that occurs twice takes the values of its last occurrence (the second block).
 */
export function expFunctionalConnectivityByArea(
  table: ExpFunctionalConnectivity = loadExpFunctionalConnectivity(),
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  table.values.forEach((row, i) => {
    const byArea: Record<string, number> = {};
    row.forEach((v, j) => (byArea[table.labels[j]] = v));
    out[table.labels[i]] = byArea;
  });
  return out;
}

/** Provenance of the compiled dataset (source repository, licence, citations, input and output hashes). */
export const loadProvenance: () => Readonly<Record<string, unknown>> = memo(() =>
  deepFreeze(readDatasetJson<Record<string, unknown>>(DATASET_FILES.provenance)),
);

/**
 * sha256 over every file of the compiled dataset (paths and contents, in sorted order): what a cache of
 * results derived from the bundled data must be keyed by, so that recompiling the data invalidates it.
 */
export const datasetDigest: () => string = memo(() => {
  const files = dataSource();
  const hash = sha256();
  const visit = (relative: string): void => {
    const entries = files.list(hostPath.join(DATASET_DIR, relative)).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory) visit(path);
      else if (entry.isFile) hash.update(`${path}\0`).update(files.readBytes(hostPath.join(DATASET_DIR, path)));
    }
  };
  visit('');
  return hash.digestHex();
});

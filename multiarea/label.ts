/**
 * The label of a model instance: a content hash of what defines the network, the same on every machine,
 * so that outputs can be stored under `<data_path>/<label>/` and a model can be rebuilt from its label.
 *
 * The label is the first LABEL_HEX_DIGITS (32) hex digits of the sha256 of the canonical JSON text
 * (core/io/canonical-json.ts: sorted keys, every number exactly, in its shortest round-trip form) of
 *   label_rule  {@link LABEL_RULE}, so that a change of what enters the label never reuses old labels;
 *   params      the effective network parameters without `USING_NEST_3` (inert here), every data file
 *               named in them replaced by the sha256 of its content (see {@link labelParams}): the path
 *               does not enter, so the same file at another path gives the same label, and editing a
 *               file changes it;
 *   data        the sha256 of the bundled dataset (datasetDigest), or of the canonical text of the
 *               anatomical data given instead of it;
 *   N, K        neuron numbers and indegrees (as built, after scaling; any nesting);
 *   structure   area -> populations.
 * Nothing is rounded: parameters that differ in any digit (cc_weights_factor 1.9 and 1.90001) give
 * different labels. Labels of label rule 1 (numbers rounded to 5 significant digits, md5) are not
 * reproduced; see docs/parameters.md.
 */
import { canonicalHash, contentLabel, dataSource, hostPath, sha256 } from '../core/index.ts';
import { datasetDigest } from './data/dataset.ts';
import { BUNDLED_K_PRIME, type NetworkParams } from './params/defaults.ts';

/** Version of the rule that says what enters a label and how; part of every label. */
export const LABEL_RULE = 2;

export interface LabelInput {
  params: NetworkParams;
  /** Neuron numbers (vector or area -> pop dict). */
  N: unknown;
  /** Indegrees (matrix or nested dict), including the external column. */
  K: unknown;
  structure: Record<string, readonly string[]>;
  /**
   * The anatomical data the network was built from when it is not the bundled dataset (as given to
   * MultiAreaModel's `data` option); omitted: the bundled dataset. An object is hashed once and its
   * digest remembered, so it must not be changed after a model was built from it.
   */
  data?: unknown;
}

/** One data file named by a parameter, as it enters the label. */
export interface LabelledFile {
  /** Parameter path, e.g. `connection_params.K_stable`. */
  parameter: string;
  /** The file's path (absolute when the parameters were resolved). */
  path: string;
  /** `sha256:<hex>` of the file's content. */
  digest: string;
  /** For a member of a .npy series given by its base name: the part after `<base>-` (e.g. `V1-23E`). */
  seriesKey?: string;
}

/** `sha256:<hex>` of a file's content; an error names `parameter` when `path` is not a file. */
export function fileDigest(path: string, parameter: string): string {
  const files = dataSource();
  if (!files.isFile(path)) {
    throw new Error(`${parameter}: ${path} is not a file; expected an existing data file (its content enters the model label)`);
  }
  return `sha256:${sha256().update(files.readBytes(path)).digestHex()}`;
}

/**
 * Files of a series given by its base name: every `<base>-<key>.npy` (het_current_nonstat input:
 * `<base>-<area>-<pop>.npy`), sorted by key. Errors name the parameter when there are none.
 */
function seriesFiles(base: string, parameter: string): { key: string; path: string }[] {
  const { basename, dirname, join } = hostPath;
  const files = dataSource();
  const folder = dirname(base);
  const prefix = `${basename(base)}-`;
  const names = files.isDirectory(folder) ? files.list(folder).map((entry) => entry.name) : [];
  const found = names
    .filter((name) => name.startsWith(prefix) && name.endsWith('.npy') && name.length > prefix.length + 4)
    .sort()
    .map((name) => ({ key: name.slice(prefix.length, -4), path: join(folder, name) }));
  if (found.length === 0) {
    throw new Error(
      `${parameter}: ${base} is neither a .json file nor the base name of .npy series (no file ${base}-<area>-<pop>.npy); ` +
        'expected an existing data file (its content enters the model label)',
    );
  }
  return found;
}

/** Every data file named in the parameters, with the content digest that enters the label. */
export function labelledFiles(params: NetworkParams): LabelledFile[] {
  const cp = params.connection_params;
  const files: LabelledFile[] = [];
  const add = (parameter: string, path: string, seriesKey?: string) =>
    files.push({ parameter, path, digest: fileDigest(path, parameter), ...(seriesKey === undefined ? {} : { seriesKey }) });
  if (typeof params.fullscale_rates === 'string') add('fullscale_rates', params.fullscale_rates);
  if (typeof cp.K_stable === 'string' && cp.K_stable !== BUNDLED_K_PRIME) add('connection_params.K_stable', cp.K_stable);
  const source = cp.replace_cc_input_source;
  const sourceParameter = 'connection_params.replace_cc_input_source';
  // As resolveNetworkParams: a .json source is one file, anything else the base name of .npy series.
  if (typeof source === 'string' && source.endsWith('.json')) add(sourceParameter, source);
  else if (typeof source === 'string') for (const { key, path } of seriesFiles(source, sourceParameter)) add(sourceParameter, path, key);
  return files;
}

/**
 * The parameter tree as it enters the label: each data-file path replaced by the `sha256:<hex>` of
 * its content (a .npy series by an object series key -> digest); `USING_NEST_3` left out.
 */
export function labelParams(params: NetworkParams): Record<string, unknown> {
  const p = structuredClone(params) as any;
  delete p.USING_NEST_3;
  for (const file of labelledFiles(params)) {
    const keys = file.parameter.split('.');
    const parent = keys.slice(0, -1).reduce((node, key) => node[key], p);
    const last = keys[keys.length - 1];
    if (file.seriesKey === undefined) parent[last] = file.digest;
    else {
      if (typeof parent[last] !== 'object') parent[last] = {};
      parent[last][file.seriesKey] = file.digest;
    }
  }
  return p;
}

const givenDataDigests = new WeakMap<object, string>();

/** sha256 of the anatomical data: the bundled dataset's files, or the canonical text of given data. */
function dataDigest(data: unknown): string {
  if (data === undefined) return datasetDigest();
  if (data === null || typeof data !== 'object') return canonicalHash(data);
  let digest = givenDataDigests.get(data);
  if (digest === undefined) {
    digest = canonicalHash(data);
    givenDataDigests.set(data, digest);
  }
  return digest;
}

/** The label (LABEL_HEX_DIGITS = 32 hex digits) of a network; see the module comment. */
export function modelLabel(input: LabelInput): string {
  return contentLabel({
    label_rule: LABEL_RULE,
    params: labelParams(input.params),
    data: dataDigest(input.data),
    N: input.N,
    K: input.K,
    structure: input.structure,
  });
}

/**
 * The label of a model instance: a content hash of what defines the network, stable across machines,
 * so that outputs can be stored under `<data_path>/<label>/` and a model can be rebuilt from its label.
 *
 * What enters the label (an md5 hex digest computed by object-hash, keys sorted):
 * - `params`: the effective network parameters, except `USING_NEST_3` (inert here). Data-file paths
 *   (K_stable, fullscale_rates, replace_cc_input_source) enter by the sha256 of the file's content,
 *   not by path, so moving a file or another machine's folder layout does not change the label while
 *   editing the file does (upstream leaves these out of its label altogether). A path that is not an
 *   existing file (a base name of .npy series) enters by its last path component. The bundled K'
 *   sentinel enters as is.
 * - `N`, `K`: neuron numbers and indegrees (any nesting: vectors/matrices or area/pop dicts), each
 *   entering as a sha256 of its quantized values (vectors/matrices: shape + float64 bytes; other
 *   trees: canonical JSON text with sorted keys).
 * - `structure`: area -> populations.
 *
 * Floats are quantized before hashing to a relative resolution of 1e-4 (as the issue asks, and in the
 * spirit of upstream's dicthash rounding): every number enters rounded to LABEL_SIGNIFICANT_DIGITS
 * significant digits, and numbers with |x| < 1e-12 enter as 0. A relative grid matters because N and K
 * span many orders of magnitude: on upstream's absolute 1e-4 grid a synapse number near 1e9 would
 * change its hash with a last-bit difference in floating-point summation order between machines.
 * Labels are therefore not equal to upstream's.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import objectHash from 'object-hash';
import { BUNDLED_K_PRIME, type NetworkParams } from './params/defaults.ts';

/** Significant decimal digits kept of every number entering the label (relative resolution 1e-4). */
export const LABEL_SIGNIFICANT_DIGITS = 5;
/** Magnitudes below this enter the label as 0 (treats float noise around zero as zero). */
const LABEL_ZERO_BELOW = 1e-12;

export interface LabelInput {
  params: NetworkParams;
  /** Neuron numbers (vector or area -> pop dict). */
  N: unknown;
  /** Indegrees (matrix or nested dict), including the external column. */
  K: unknown;
  structure: Record<string, readonly string[]>;
}

/** A number rounded to the label's relative grid (-0 and tiny magnitudes normalized to 0). */
export function quantizeForLabel(x: number): number {
  if (!Number.isFinite(x)) return x; // NaN/Infinity hash as themselves
  if (Math.abs(x) < LABEL_ZERO_BELOW) return 0;
  return Number(x.toPrecision(LABEL_SIGNIFICANT_DIGITS));
}

/** Deep copy of JSON-like data with every number quantized; typed arrays become plain arrays. */
export function quantizeTree(value: unknown): unknown {
  if (typeof value === 'number') return quantizeForLabel(value);
  if (Array.isArray(value)) return value.map(quantizeTree);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, quantizeForLabel);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = quantizeTree(v);
    return out;
  }
  return value;
}

const fileDigestCache = new Map<string, { mtimeMs: number; size: number; digest: string }>();

/** How a data-file path enters the label: content hash of an existing file, else its base name. */
export function fileIdentity(path: string): string {
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isFile()) {
      const cached = fileDigestCache.get(path);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.digest;
      const digest = `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
      fileDigestCache.set(path, { mtimeMs: st.mtimeMs, size: st.size, digest });
      return digest;
    }
  }
  return `name:${basename(path)}`;
}

/** The parameter tree as it enters the label (see the module comment). */
export function labelParams(params: NetworkParams): Record<string, unknown> {
  const p = structuredClone(params) as any;
  delete p.USING_NEST_3;
  if (typeof p.fullscale_rates === 'string') p.fullscale_rates = fileIdentity(p.fullscale_rates);
  const cp = p.connection_params;
  if (typeof cp.K_stable === 'string' && cp.K_stable !== BUNDLED_K_PRIME) cp.K_stable = fileIdentity(cp.K_stable);
  if (typeof cp.replace_cc_input_source === 'string') {
    cp.replace_cc_input_source = fileIdentity(cp.replace_cc_input_source);
  }
  return p;
}

/** JSON text of a quantized tree with object keys sorted, so that key order does not matter. */
function canonicalText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalText((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Digest of a large numeric tree (N, K). Hashing its canonical text directly is several times faster
 * than letting object-hash walk 65 000 numbers, and is equally deterministic.
 */
function numericDigest(value: unknown): string {
  const rows = asNumericRows(value);
  const hash = createHash('sha256');
  if (rows === null) return hash.update(canonicalText(quantizeTree(value))).digest('hex');
  // Vectors and matrices: the shape, then the quantized values as little-endian float64 (exact for
  // integers below 2^53), which is much faster than text for 65 000 entries.
  const isMatrix = rows.length > 0 && typeof rows[0] !== 'number';
  const width = isMatrix ? (rows[0] as ArrayLike<number>).length : 0;
  hash.update(`shape:${isMatrix ? `${rows.length}x${width}` : `${rows.length}`};`);
  const buf = Buffer.alloc(8 * (isMatrix ? width : rows.length));
  const put = (line: ArrayLike<number>) => {
    for (let j = 0; j < line.length; j++) buf.writeDoubleLE(quantizeForLabel(line[j]), 8 * j);
    hash.update(buf.subarray(0, 8 * line.length));
  };
  if (isMatrix) for (const row of rows as ArrayLike<number>[]) put(row);
  else put(rows as ArrayLike<number>);
  return hash.digest('hex');
}

/** The value as a numeric vector or rectangular matrix, or null if it is anything else. */
function asNumericRows(value: unknown): ArrayLike<number> | ArrayLike<number>[] | null {
  const isNumVec = (v: unknown): v is ArrayLike<number> =>
    (ArrayBuffer.isView(v) && !(v instanceof DataView)) ||
    (Array.isArray(v) && v.every((x) => typeof x === 'number'));
  if (isNumVec(value)) return value;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isNumVec)) return null;
  const width = (value[0] as ArrayLike<number>).length;
  return value.every((r) => (r as ArrayLike<number>).length === width) ? (value as ArrayLike<number>[]) : null;
}

/** The label (32 hex digits) of a network; equal inputs (on the 1e-4 grid) give equal labels. */
export function modelLabel(input: LabelInput): string {
  const canonical = {
    params: quantizeTree(labelParams(input.params)),
    N: numericDigest(input.N),
    K: numericDigest(input.K),
    structure: input.structure,
  };
  return objectHash(canonical, { algorithm: 'md5', encoding: 'hex', unorderedObjects: true, respectType: false });
}

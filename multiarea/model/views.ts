/**
 * Conversions between the nested dict views of a network (area -> pop [-> area -> pop]) and its
 * vectorized form (rows/columns in `structure` order: areas of `areaList`, populations of each area;
 * connectivity matrices have one extra last column for the external Poisson input), and masks that
 * select parts of those vectors and matrices.
 */
import type { ConnectivityDict, PopulationDict } from './model-types.ts';

/** Population labels "area-pop" in vector order. */
export function structureVector(areaList: readonly string[], structure: Record<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const area of areaList) for (const pop of structure[area]) out.push(`${area}-${pop}`);
  return out;
}

function populationCount(areaList: readonly string[], structure: Record<string, readonly string[]>): number {
  let n = 0;
  for (const area of areaList) n += structure[area].length;
  return n;
}

/** area -> pop -> value as a vector; missing entries are an error naming them. */
export function dictToVector(
  d: Record<string, Record<string, number>>,
  areaList: readonly string[],
  structure: Record<string, readonly string[]>,
): number[] {
  const out: number[] = [];
  for (const area of areaList) {
    for (const pop of structure[area]) {
      const v = d[area]?.[pop];
      if (typeof v !== 'number') {
        throw new Error(`dictToVector: missing value for ${area}/${pop} (got ${JSON.stringify(v)}); expected a number`);
      }
      out.push(v);
    }
  }
  return out;
}

/**
 * Vector -> area -> pop dict over all `populations` (absent ones 0) with each area's 'total'.
 */
export function vectorToDict(
  v: ArrayLike<number>,
  areaList: readonly string[],
  structure: Record<string, readonly string[]>,
  populations: readonly string[],
): PopulationDict {
  const out: PopulationDict = {};
  let i = 0;
  for (const area of areaList) {
    const row: Record<string, number> = {};
    let total = 0;
    for (const pop of populations) row[pop] = 0;
    for (const pop of structure[area]) {
      row[pop] = v[i++];
      total += row[pop];
    }
    row.total = total;
    out[area] = row;
  }
  return out;
}

/**
 * Connectivity dict -> matrix (populations x populations, plus the external column when
 * `external` is true and the dict has 'external' -> 'external' entries).
 */
export function dictToMatrix(
  d: ConnectivityDict,
  areaList: readonly string[],
  structure: Record<string, readonly string[]>,
  external = true,
): number[][] {
  const out: number[][] = [];
  for (const ta of areaList) {
    for (const tp of structure[ta]) {
      const row: number[] = [];
      const byArea = d[ta][tp];
      for (const sa of areaList) for (const sp of structure[sa]) row.push(byArea[sa][sp]);
      if (external) row.push(byArea.external.external);
      out.push(row);
    }
  }
  return out;
}

/**
 * Matrix -> connectivity dict over all `populations` (absent ones 0). Values within 1e-8 of 0 become
 * exactly 0, as upstream's conversion does. The external input is taken from the matrix's extra
 * column when it has one, or from `external` (vector in population order or dict area -> pop -> value).
 */
export function matrixToDict(
  m: ArrayLike<number>[],
  areaList: readonly string[],
  structure: Record<string, readonly string[]>,
  populations: readonly string[],
  external?: ArrayLike<number> | Record<string, Record<string, number>>,
): ConnectivityDict {
  const n = populationCount(areaList, structure);
  if (m.length !== n) throw new Error(`matrixToDict: matrix has ${m.length} rows; expected ${n} (one per population)`);
  const hasExtColumn = m[0].length === n + 1;
  const index: Record<string, Record<string, number>> = {};
  let k = 0;
  for (const area of areaList) {
    index[area] = {};
    for (const pop of structure[area]) index[area][pop] = k++;
  }
  const out: ConnectivityDict = {};
  for (const ta of areaList) {
    out[ta] = {};
    for (const tp of populations) {
      const i = index[ta][tp];
      const byArea: Record<string, Record<string, number>> = {};
      for (const sa of areaList) {
        const row: Record<string, number> = {};
        for (const sp of populations) {
          const j = index[sa][sp];
          const v = i === undefined || j === undefined ? 0 : m[i][j];
          row[sp] = Math.abs(v) <= 1e-8 + 1e-5 * Math.abs(v) ? 0 : v;
        }
        byArea[sa] = row;
      }
      let ext: number | undefined;
      if (hasExtColumn) ext = i === undefined ? 0 : m[i][n];
      else if (external !== undefined) {
        if (isArrayLike(external)) ext = i === undefined ? 0 : external[i];
        else ext = external[ta]?.[tp] ?? 0;
      }
      if (ext !== undefined) byArea.external = { external: ext };
      out[ta][tp] = byArea;
    }
  }
  return out;
}

function isArrayLike(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

export interface VectorMaskSpec {
  /** Areas to select (default: all). */
  areas?: readonly string[];
  /** Populations to select in each selected area (default: all). */
  pops?: readonly string[];
}

/** Boolean mask over the population vector. */
export function vectorMask(
  areaList: readonly string[],
  structure: Record<string, readonly string[]>,
  spec: VectorMaskSpec = {},
): boolean[] {
  const out: boolean[] = [];
  for (const area of areaList) {
    const areaOn = spec.areas === undefined || spec.areas.includes(area);
    for (const pop of structure[area]) out.push(areaOn && (spec.pops === undefined || spec.pops.includes(pop)));
  }
  return out;
}

export interface ConnectionMaskSpec {
  targetAreas?: readonly string[];
  targetPops?: readonly string[];
  sourceAreas?: readonly string[];
  sourcePops?: readonly string[];
  /** Include the external column (default true). */
  external?: boolean;
  /** Only connections between different areas (excludes the external column). */
  corticoCortical?: boolean;
  /** Only connections within an area (the external column is kept if `external`). */
  internal?: boolean;
}

/** Boolean mask over the populations x (populations + 1 external) connectivity matrix. */
export function connectionMask(
  areaList: readonly string[],
  structure: Record<string, readonly string[]>,
  spec: ConnectionMaskSpec = {},
): boolean[][] {
  const target = vectorMask(areaList, structure, { areas: spec.targetAreas, pops: spec.targetPops });
  const source = vectorMask(areaList, structure, { areas: spec.sourceAreas, pops: spec.sourcePops });
  const areaOf: string[] = [];
  for (const area of areaList) for (let k = 0; k < structure[area].length; k++) areaOf.push(area);
  const external = spec.external ?? true;
  const n = target.length;
  const out: boolean[][] = [];
  for (let i = 0; i < n; i++) {
    const row: boolean[] = new Array(n + 1);
    for (let j = 0; j < n; j++) {
      let on = target[i] && source[j];
      if (spec.corticoCortical) on &&= areaOf[i] !== areaOf[j];
      if (spec.internal) on &&= areaOf[i] === areaOf[j];
      row[j] = on;
    }
    row[n] = target[i] && external && !spec.corticoCortical;
    out.push(row);
  }
  return out;
}

/**
 * Area-level indegrees: K[target area][source area] = sum over population pairs of K * N_target /
 * N_target area total, plus K[target area].external.
 */
export function areaLevelIndegrees(
  K: ConnectivityDict,
  N: PopulationDict,
  areaList: readonly string[],
  populations: readonly string[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const ta of areaList) {
    const row: Record<string, number> = {};
    const total = N[ta].total;
    for (const sa of areaList) {
      let conns = 0;
      for (const tp of populations) {
        const byPop = K[ta][tp][sa];
        for (const sp of populations) conns += byPop[sp] * N[ta][tp];
      }
      row[sa] = conns / total;
    }
    let ext = 0;
    for (const tp of populations) ext += (K[ta][tp].external?.external ?? 0) * N[ta][tp];
    row.external = ext / total;
    out[ta] = row;
  }
  return out;
}

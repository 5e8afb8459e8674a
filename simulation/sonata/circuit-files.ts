/**
 * SONATA node and edge files (SONATA developer guide, "Representing networks of neurons"): the HDF5
 * layout with one group (0) per population, the required datasets in the dtypes of sonata-format.ts,
 * both edge indices, and the space-separated type CSV files that BMTK and libsonata read.
 */
import { writeFileSync } from 'node:fs';
import { writeSonataH5, type H5Dtype } from './h5.ts';
import { EDGE_INDICES, NODE_TO_RANGES, NODE_TO_RANGES_BMTK, RANGE_TO_EDGES } from './sonata-format.ts';

/** Values of rows [start, end) of a per-node or per-edge dataset. */
export type SliceFill = (start: number, end: number) => ArrayLike<number>;

export interface NodesFileSpec {
  population: string;
  count: number;
  nodeTypeId: SliceFill;
  /** Datasets of group 0, e.g. { 'dynamics_params/V_m': ... }. */
  groupDatasets: Record<string, { dtype: H5Dtype; fill: SliceFill }>;
}

export interface EdgesFileSpec {
  population: string;
  sourcePopulation: string;
  targetPopulation: string;
  sourceNodeCount: number;
  targetNodeCount: number;
  /** Source and target node of every edge, in file order. */
  source: Uint32Array;
  target: Uint32Array;
  edgeTypeId: SliceFill;
  /** Datasets of group 0, e.g. syn_weight and delay. */
  groupDatasets: Record<string, { dtype: H5Dtype; fill: SliceFill; units?: string }>;
}

const iota = (start: number, end: number) => Float64Array.from({ length: end - start }, (_, i) => start + i);
const zeros = (start: number, end: number) => new Uint8Array(end - start);

export async function writeNodesFile(path: string, spec: NodesFileSpec): Promise<void> {
  await writeSonataH5(path, (h5) => {
    const pop = `/nodes/${spec.population}`;
    h5.sliced(`${pop}/node_type_id`, spec.count, 'int64', spec.nodeTypeId);
    h5.sliced(`${pop}/node_id`, spec.count, 'uint64', iota);
    h5.sliced(`${pop}/node_group_id`, spec.count, 'uint32', zeros);
    h5.sliced(`${pop}/node_group_index`, spec.count, 'uint64', iota);
    h5.group(`${pop}/0`);
    for (const [name, ds] of Object.entries(spec.groupDatasets)) h5.sliced(`${pop}/0/${name}`, spec.count, ds.dtype, ds.fill);
  });
}

/**
 * One edge index (SONATA "Edges - Optional indexing"): for every node, the [start, end) rows of
 * range_to_edge_id holding the [start, end) edge ranges whose `key` node (source or target) it is.
 * Nodes without edges get the empty range [0, 0).
 */
export function buildEdgeIndex(key: Uint32Array, nodeCount: number): { nodeToRanges: Uint32Array; rangeToEdges: Uint32Array } {
  const E = key.length;
  const start = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < E; i++) {
    if (key[i] >= nodeCount) throw new Error(`edge ${i}: node ${key[i]} is beyond the ${nodeCount} nodes of its population`);
    start[key[i] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) start[n + 1] += start[n];
  const order = new Uint32Array(E);
  const cursor = start.slice(0, nodeCount);
  for (let i = 0; i < E; i++) order[cursor[key[i]]++] = i;
  // Ranges: runs of consecutive edge ids within a node's (ascending) edge list.
  let ranges = 0;
  for (let n = 0; n < nodeCount; n++) {
    for (let j = start[n]; j < start[n + 1]; j++) if (j === start[n] || order[j] !== order[j - 1] + 1) ranges++;
  }
  const nodeToRanges = new Uint32Array(2 * nodeCount);
  const rangeToEdges = new Uint32Array(2 * ranges);
  let r = 0;
  for (let n = 0; n < nodeCount; n++) {
    const first = r;
    for (let j = start[n]; j < start[n + 1]; j++) {
      if (j === start[n] || order[j] !== order[j - 1] + 1) {
        rangeToEdges[2 * r] = order[j];
        r++;
      }
      rangeToEdges[2 * r - 1] = order[j] + 1;
    }
    if (r > first) {
      nodeToRanges[2 * n] = first;
      nodeToRanges[2 * n + 1] = r;
    }
  }
  return { nodeToRanges, rangeToEdges };
}

export async function writeEdgesFile(path: string, spec: EdgesFileSpec): Promise<void> {
  const E = spec.source.length;
  if (spec.target.length !== E) throw new Error(`edges ${spec.population}: ${E} sources but ${spec.target.length} targets`);
  await writeSonataH5(path, (h5) => {
    const pop = `/edges/${spec.population}`;
    const slice = (arr: Uint32Array) => (a: number, b: number) => arr.subarray(a, b);
    h5.sliced(`${pop}/source_node_id`, E, 'uint64', slice(spec.source));
    h5.attr(`${pop}/source_node_id`, 'node_population', spec.sourcePopulation);
    h5.sliced(`${pop}/target_node_id`, E, 'uint64', slice(spec.target));
    h5.attr(`${pop}/target_node_id`, 'node_population', spec.targetPopulation);
    h5.sliced(`${pop}/edge_type_id`, E, 'int64', spec.edgeTypeId);
    h5.sliced(`${pop}/edge_group_id`, E, 'uint32', zeros);
    h5.sliced(`${pop}/edge_group_index`, E, 'uint64', iota);
    h5.group(`${pop}/0`);
    for (const [name, ds] of Object.entries(spec.groupDatasets)) {
      h5.sliced(`${pop}/0/${name}`, E, ds.dtype, ds.fill);
      if (ds.units) h5.attr(`${pop}/0/${name}`, 'units', ds.units);
    }
    for (const index of EDGE_INDICES) {
      const bySource = index === 'source_to_target';
      const { nodeToRanges, rangeToEdges } = buildEdgeIndex(bySource ? spec.source : spec.target, bySource ? spec.sourceNodeCount : spec.targetNodeCount);
      const g = `${pop}/indices/${index}`;
      h5.sliced(`${g}/${NODE_TO_RANGES}`, nodeToRanges.length / 2, 'uint64', (a, b) => nodeToRanges.subarray(2 * a, 2 * b), 2);
      h5.link(`${g}/${NODE_TO_RANGES}`, `${g}/${NODE_TO_RANGES_BMTK}`);
      h5.sliced(`${g}/${RANGE_TO_EDGES}`, rangeToEdges.length / 2, 'uint64', (a, b) => rangeToEdges.subarray(2 * a, 2 * b), 2);
    }
  });
}

/** A row value of a SONATA CSV file: written as is; empty values and values with spaces or quotes are refused. */
function csvValue(v: string | number, file: string, column: string): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (s === '' || /[\s"]/.test(s)) throw new Error(`${file}: column ${column} value ${JSON.stringify(s)}; expected a non-empty value without spaces or quotes`);
  return s;
}

/** Writes a SONATA types CSV (space-separated, header line, UNIX line ends). */
export function writeTypesCsv(file: string, columns: string[], rows: Record<string, string | number>[]): void {
  const lines = [columns.join(' ')];
  for (const row of rows) lines.push(columns.map((c) => csvValue(row[c], file, c)).join(' '));
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Values of rows [start, end) of a per-edge quantity computed edge by edge. */
export function perEdge(fn: (i: number) => number): SliceFill {
  return (a, b) => {
    const out = new Float64Array(b - a);
    for (let i = a; i < b; i++) out[i - a] = fn(i);
    return out;
  };
}


/**
 * Validation of a SONATA circuit against the developer guide: root attributes (magic, version), the
 * required node and edge datasets (integer dtypes, equal lengths), node and edge groups, type ids
 * present in the type CSV files, node_population attributes naming known populations, node ids in
 * range, and the edge indices (64-bit integers; every edge covered exactly once, by its own node).
 * Returns the problems found (empty = valid).
 */
import { H5Reader } from './h5.ts';
import { readCircuitConfig, readTypesCsv, typesById, type CircuitFiles } from './circuit-reader.ts';
import { EDGE_INDICES, NODE_TO_RANGES, RANGE_TO_EDGES, SONATA_MAGIC } from './sonata-format.ts';

const MODEL_TYPES = ['biophysical', 'virtual', 'single_compartment', 'point_neuron'];

const isInteger = (dtype: string) => /^u?int\d+$/.test(dtype);

class Problems {
  readonly list: string[] = [];
  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }
}

function checkRoot(h5: H5Reader, where: string, p: Problems): void {
  const magic = h5.attr('/', 'magic');
  if (!magic || magic.value !== SONATA_MAGIC) p.add(where, `root attribute magic is ${JSON.stringify(magic?.value)}; expected ${SONATA_MAGIC} (0x0A7A)`);
  const version = h5.attr('/', 'version');
  if (!version || !Array.isArray(version.value) || version.value.length !== 2) p.add(where, `root attribute version is ${JSON.stringify(version?.value)}; expected 2 uint32 values`);
}

/** Checks required 1D integer datasets; returns their common length or -1. */
function checkColumns(h5: H5Reader, base: string, names: string[], where: string, p: Problems): number {
  let length = -1;
  for (const name of names) {
    if (!h5.has(`${base}/${name}`)) {
      p.add(where, `required dataset ${name} missing`);
      return -1;
    }
    const info = h5.info(`${base}/${name}`);
    if (!isInteger(info.dtype)) p.add(where, `${name} has dtype ${info.dtype}; expected an integer type`);
    if (info.shape.length !== 1) p.add(where, `${name} has shape [${info.shape}]; expected one dimension`);
    if (length >= 0 && info.shape[0] !== length) p.add(where, `${name} has ${info.shape[0]} values; expected ${length} like the other datasets`);
    length = Math.max(length, info.shape[0]);
  }
  return length;
}

/** Checks the groups named by <kind>_group_id / <kind>_group_index; returns the group datasets' names. */
function checkGroups(h5: H5Reader, base: string, kind: 'node' | 'edge', where: string, p: Problems): Set<string> {
  const groupIds = h5.numeric(`${base}/${kind}_group_id`);
  const groupIndex = h5.numeric(`${base}/${kind}_group_index`);
  const columns = new Set<string>();
  for (const g of new Set(groupIds)) {
    const gp = `${base}/${g}`;
    if (!h5.isGroup(gp)) {
      p.add(where, `${kind}_group_id ${g} names no group ${g}`);
      continue;
    }
    let rows = -1;
    const sizes: string[] = [];
    const visit = (path: string, prefix: string) => {
      for (const key of h5.keys(path)) {
        const child = `${path}/${key}`;
        if (h5.isGroup(child)) {
          if (key !== '@library') visit(child, `${prefix}${key}/`);
          continue;
        }
        const n = h5.info(child).shape[0] ?? 1;
        columns.add(`${prefix}${key}`);
        sizes.push(`${prefix}${key}: ${n}`);
        if (rows >= 0 && n !== rows) p.add(where, `group ${g} has datasets of different lengths (${sizes.join(', ')})`);
        rows = Math.max(rows, n);
      }
    };
    visit(gp, '');
    if (rows < 0) continue;
    for (let i = 0; i < groupIds.length; i++) {
      if (groupIds[i] === g && !(groupIndex[i] < rows)) {
        p.add(where, `${kind} ${i}: ${kind}_group_index ${groupIndex[i]} beyond the ${rows} rows of group ${g}`);
        break;
      }
    }
  }
  return columns;
}

function checkTypes(
  ids: ArrayLike<number>,
  typesFile: string | null,
  idColumn: string,
  where: string,
  p: Problems,
): Map<number, Record<string, string>> | null {
  if (typesFile === null) {
    p.add(where, `no types file; expected a CSV with column ${idColumn}`);
    return null;
  }
  let types: Map<number, Record<string, string>>;
  try {
    types = typesById(readTypesCsv(typesFile), idColumn, typesFile);
  } catch (err) {
    p.add(where, (err as Error).message);
    return null;
  }
  for (const id of new Set(Array.from(ids))) if (!types.has(id)) p.add(where, `${idColumn} ${id} is not in ${typesFile}`);
  return types;
}

/** Every edge must be covered exactly once by the ranges of the node it belongs to. */
function checkIndex(h5: H5Reader, base: string, index: string, key: ArrayLike<number>, nodeCount: number, where: string, p: Problems): void {
  const g = `${base}/indices/${index}`;
  for (const ds of [NODE_TO_RANGES, RANGE_TO_EDGES]) {
    if (!h5.has(`${g}/${ds}`)) {
      p.add(where, `index ${index}: dataset ${ds} missing`);
      return;
    }
    const info = h5.info(`${g}/${ds}`);
    if (!/^u?int64$/.test(info.dtype) || info.shape.length !== 2 || info.shape[1] !== 2) {
      p.add(where, `index ${index}/${ds}: dtype ${info.dtype}, shape [${info.shape}]; expected 64-bit integers of shape [n, 2]`);
      return;
    }
  }
  const nodeToRanges = h5.numeric(`${g}/${NODE_TO_RANGES}`);
  const ranges = h5.numeric(`${g}/${RANGE_TO_EDGES}`);
  if (nodeToRanges.length !== 2 * nodeCount) p.add(where, `index ${index}: ${NODE_TO_RANGES} has ${nodeToRanges.length / 2} rows; expected one per node (${nodeCount})`);
  const seen = new Uint8Array(key.length);
  const rangeRows = ranges.length / 2;
  for (let n = 0; n < Math.min(nodeCount, nodeToRanges.length / 2); n++) {
    const a = nodeToRanges[2 * n], b = nodeToRanges[2 * n + 1];
    if (a < 0) continue;
    if (!(a <= b && b <= rangeRows)) {
      p.add(where, `index ${index}: node ${n} has range rows [${a}, ${b}) outside [0, ${rangeRows}]`);
      return;
    }
    for (let r = a; r < b; r++) {
      const e0 = ranges[2 * r], e1 = ranges[2 * r + 1];
      if (!(e0 <= e1 && e1 <= key.length)) {
        p.add(where, `index ${index}: range ${r} = [${e0}, ${e1}) outside the ${key.length} edges`);
        return;
      }
      for (let e = e0; e < e1; e++) {
        if (key[e] !== n || seen[e]) {
          p.add(where, `index ${index}: edge ${e} listed under node ${n}${seen[e] ? ' twice' : ` but belongs to node ${key[e]}`}`);
          return;
        }
        seen[e] = 1;
      }
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) p.add(where, `index ${index}: edge ${missing} is in no range`);
}

async function checkNodes(files: CircuitFiles, p: Problems): Promise<Map<string, number>> {
  const populations = new Map<string, number>();
  for (const { nodesFile, nodeTypesFile } of files.nodes) {
    let h5: H5Reader;
    try {
      h5 = await H5Reader.open(nodesFile, 'nodes file');
    } catch (err) {
      p.add(nodesFile, (err as Error).message);
      continue;
    }
    try {
      checkRoot(h5, nodesFile, p);
      if (!h5.isGroup('/nodes')) p.add(nodesFile, 'no /nodes group');
      for (const pop of h5.keys('/nodes')) {
        const base = `/nodes/${pop}`;
        const where = `${nodesFile} population ${pop}`;
        if (populations.has(pop)) p.add(where, 'node population defined twice');
        const n = checkColumns(h5, base, ['node_type_id', 'node_group_id', 'node_group_index'], where, p);
        if (n < 0) continue;
        populations.set(pop, n);
        if (h5.has(`${base}/node_id`)) {
          const ids = h5.numeric(`${base}/node_id`);
          if (ids.length !== n) p.add(where, `node_id has ${ids.length} values; expected ${n}`);
          if (new Set(ids).size !== ids.length) p.add(where, 'node_id values are not unique');
        }
        const groupColumns = checkGroups(h5, base, 'node', where, p);
        const types = checkTypes(h5.numeric(`${base}/node_type_id`), nodeTypesFile, 'node_type_id', where, p);
        if (types && !groupColumns.has('model_type')) {
          for (const [id, t] of types) {
            if (!(t.model_type && MODEL_TYPES.includes(t.model_type))) p.add(where, `node type ${id}: model_type ${JSON.stringify(t.model_type)}; expected one of ${MODEL_TYPES.join(', ')}`);
            if (t.model_template !== undefined && t.model_type !== 'virtual' && !/^[a-z]+:.+/.test(t.model_template)) {
              p.add(where, `node type ${id}: model_template ${JSON.stringify(t.model_template)}; expected "schema:resource" (e.g. nest:iaf_psc_exp)`);
            }
          }
        }
      }
    } finally {
      h5.close();
    }
  }
  return populations;
}

async function checkEdges(files: CircuitFiles, populations: Map<string, number>, p: Problems): Promise<void> {
  for (const { edgesFile, edgeTypesFile } of files.edges) {
    let h5: H5Reader;
    try {
      h5 = await H5Reader.open(edgesFile, 'edges file');
    } catch (err) {
      p.add(edgesFile, (err as Error).message);
      continue;
    }
    try {
      checkRoot(h5, edgesFile, p);
      if (!h5.isGroup('/edges')) p.add(edgesFile, 'no /edges group');
      for (const pop of h5.keys('/edges')) {
        const base = `/edges/${pop}`;
        const where = `${edgesFile} population ${pop}`;
        const n = checkColumns(h5, base, ['edge_type_id', 'source_node_id', 'target_node_id', 'edge_group_id', 'edge_group_index'], where, p);
        if (n < 0) continue;
        const ends: Record<string, { ids: ArrayLike<number>; count: number }> = {};
        for (const end of ['source', 'target']) {
          const ds = `${base}/${end}_node_id`;
          const nodePop = h5.attr(ds, 'node_population')?.value;
          if (typeof nodePop !== 'string') {
            p.add(where, `${end}_node_id has no node_population attribute naming its node population`);
            continue;
          }
          const count = populations.get(nodePop);
          if (count === undefined) {
            p.add(where, `${end}_node_id names node population '${nodePop}', which no nodes file of the circuit defines`);
            continue;
          }
          const ids = h5.numeric(ds);
          for (let i = 0; i < ids.length; i++) {
            if (!(ids[i] >= 0 && ids[i] < count)) {
              p.add(where, `edge ${i}: ${end} node ${ids[i]} outside population '${nodePop}' of ${count} nodes`);
              break;
            }
          }
          ends[end] = { ids, count };
        }
        checkGroups(h5, base, 'edge', where, p);
        for (const g of h5.keys(base).filter((k) => /^\d+$/.test(k))) {
          for (const col of ['syn_weight', 'delay']) {
            const ds = `${base}/${g}/${col}`;
            if (h5.has(ds) && !/^float/.test(h5.info(ds).dtype)) p.add(where, `${g}/${col} has dtype ${h5.info(ds).dtype}; expected floating point`);
          }
        }
        checkTypes(h5.numeric(`${base}/edge_type_id`), edgeTypesFile, 'edge_type_id', where, p);
        if (h5.isGroup(`${base}/indices`)) {
          for (const index of EDGE_INDICES) {
            const end = index === 'source_to_target' ? ends.source : ends.target;
            if (end && h5.isGroup(`${base}/indices/${index}`)) checkIndex(h5, base, index, end.ids, end.count, where, p);
          }
        }
      }
    } finally {
      h5.close();
    }
  }
}

/** Problems of the circuit of `configPath` (empty when it is a valid SONATA circuit). */
export async function validateSonataCircuit(configPath: string): Promise<string[]> {
  const p = new Problems();
  let files: CircuitFiles;
  try {
    files = readCircuitConfig(configPath);
  } catch (err) {
    return [(err as Error).message];
  }
  const populations = await checkNodes(files, p);
  await checkEdges(files, populations, p);
  return p.list;
}

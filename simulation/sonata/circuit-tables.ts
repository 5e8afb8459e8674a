/**
 * The node and edge populations of a SONATA circuit read into plain arrays for simulation: per node
 * its type and (if the nodes file holds them) per-node dynamics_params; per edge its source, target,
 * type, and the per-edge syn_weight, delay and nsyns columns. Errors name the file and the field.
 */
import { H5Reader } from './h5.ts';
import { readTypesCsv, typesById, type CircuitFiles } from './circuit-reader.ts';

export interface NodeTable {
  population: string;
  file: string;
  typesFile: string;
  count: number;
  typeIds: Int32Array;
  types: Map<number, Record<string, string>>;
  /** Per-node dynamics_params datasets of the nodes file (name -> value per node), e.g. V_m. */
  dynamics: Record<string, Float64Array>;
}

export interface EdgeTable {
  population: string;
  file: string;
  typesFile: string;
  sourcePopulation: string;
  targetPopulation: string;
  source: Float64Array;
  target: Float64Array;
  typeIds: Int32Array;
  types: Map<number, Record<string, string>>;
  /** Per-edge columns of group 0, or null where the file has none (then the edge type's value holds). */
  columns: Record<'syn_weight' | 'delay' | 'nsyns', Float64Array | null>;
  /** Other group columns (names), which BMTK PointNet would not use for weight and delay either. */
  otherColumns: string[];
}

function groupValues(h5: H5Reader, base: string, dataset: string, groupIds: ArrayLike<number>, groupIndex: ArrayLike<number>, where: string): Float64Array | null {
  if (!h5.has(`${base}/0/${dataset}`)) return null;
  const values = h5.numeric(`${base}/0/${dataset}`);
  const out = new Float64Array(groupIds.length);
  for (let i = 0; i < out.length; i++) {
    const r = groupIndex[i];
    if (!(r < values.length)) throw new Error(`${where}: row ${i} has group index ${r} beyond the ${values.length} values of 0/${dataset}`);
    out[i] = Number(values[r]);
  }
  return out;
}

function checkSingleGroup(groupIds: ArrayLike<number>, where: string, kind: string): void {
  for (let i = 0; i < groupIds.length; i++) {
    if (groupIds[i] !== 0) throw new Error(`${where}: ${kind}_group_id ${groupIds[i]} at row ${i}; only group 0 is supported`);
  }
}

export async function readNodeTables(files: CircuitFiles): Promise<NodeTable[]> {
  const out: NodeTable[] = [];
  for (const { nodesFile, nodeTypesFile } of files.nodes) {
    if (!nodeTypesFile) throw new Error(`circuit config ${files.config}: nodes file ${nodesFile} has no node_types_file`);
    const types = typesById(readTypesCsv(nodeTypesFile), 'node_type_id', nodeTypesFile);
    const h5 = await H5Reader.open(nodesFile, 'SONATA nodes file');
    try {
      if (!h5.isGroup('/nodes')) throw new Error(`nodes file ${nodesFile}: no /nodes group`);
      for (const population of h5.keys('/nodes')) {
        const base = `/nodes/${population}`;
        const where = `nodes file ${nodesFile}: population ${population}`;
        if (!h5.has(`${base}/node_type_id`)) throw new Error(`${where}: dataset node_type_id missing`);
        const typeIds = Int32Array.from(h5.numeric(`${base}/node_type_id`), Number);
        const count = typeIds.length;
        if (h5.has(`${base}/node_id`)) {
          const ids = h5.numeric(`${base}/node_id`);
          for (let i = 0; i < count; i++) if (Number(ids[i]) !== i) throw new Error(`${where}: node_id ${ids[i]} at row ${i}; expected node ids equal to their rows (0, 1, 2, ...)`);
        }
        for (let i = 0; i < count; i++) if (!types.has(typeIds[i])) throw new Error(`${where}: node ${i} has node_type_id ${typeIds[i]}, which ${nodeTypesFile} does not list`);
        const dynamics: Record<string, Float64Array> = {};
        if (h5.has(`${base}/node_group_id`)) {
          const groupIds = h5.numeric(`${base}/node_group_id`);
          const groupIndex = h5.has(`${base}/node_group_index`) ? h5.numeric(`${base}/node_group_index`) : Float64Array.from({ length: count }, (_, i) => i);
          checkSingleGroup(groupIds, where, 'node');
          if (h5.isGroup(`${base}/0/dynamics_params`)) {
            for (const name of h5.keys(`${base}/0/dynamics_params`)) {
              dynamics[name] = groupValues(h5, base, `dynamics_params/${name}`, groupIds, groupIndex, where)!;
            }
          }
          for (const col of ['model_template', 'model_type', 'dynamics_params']) {
            if (h5.has(`${base}/0/${col}`) && !h5.isGroup(`${base}/0/${col}`)) throw new Error(`${where}: per-node ${col} in group 0 is not supported; give it in the node types file ${nodeTypesFile}`);
          }
        }
        out.push({ population, file: nodesFile, typesFile: nodeTypesFile, count, typeIds, types, dynamics });
      }
    } finally {
      h5.close();
    }
  }
  const names = new Set<string>();
  for (const t of out) {
    if (names.has(t.population)) throw new Error(`circuit config ${files.config}: node population ${t.population} appears in two nodes files`);
    names.add(t.population);
  }
  return out;
}

export async function readEdgeTables(files: CircuitFiles): Promise<EdgeTable[]> {
  const out: EdgeTable[] = [];
  for (const { edgesFile, edgeTypesFile } of files.edges) {
    if (!edgeTypesFile) throw new Error(`circuit config ${files.config}: edges file ${edgesFile} has no edge_types_file`);
    const types = typesById(readTypesCsv(edgeTypesFile), 'edge_type_id', edgeTypesFile);
    const h5 = await H5Reader.open(edgesFile, 'SONATA edges file');
    try {
      if (!h5.isGroup('/edges')) throw new Error(`edges file ${edgesFile}: no /edges group`);
      for (const population of h5.keys('/edges')) {
        const base = `/edges/${population}`;
        const where = `edges file ${edgesFile}: population ${population}`;
        for (const ds of ['source_node_id', 'target_node_id', 'edge_type_id']) if (!h5.has(`${base}/${ds}`)) throw new Error(`${where}: dataset ${ds} missing`);
        const nodePopulation = (ds: string) => {
          const a = h5.attr(`${base}/${ds}`, 'node_population');
          if (!a || typeof a.value !== 'string') throw new Error(`${where}: ${ds} has no node_population attribute naming its node population`);
          return a.value;
        };
        const source = Float64Array.from(h5.numeric(`${base}/source_node_id`), Number);
        const target = Float64Array.from(h5.numeric(`${base}/target_node_id`), Number);
        const typeIds = Int32Array.from(h5.numeric(`${base}/edge_type_id`), Number);
        for (let i = 0; i < typeIds.length; i++) if (!types.has(typeIds[i])) throw new Error(`${where}: edge ${i} has edge_type_id ${typeIds[i]}, which ${edgeTypesFile} does not list`);
        const columns: EdgeTable['columns'] = { syn_weight: null, delay: null, nsyns: null };
        const otherColumns: string[] = [];
        if (h5.has(`${base}/edge_group_id`) && h5.isGroup(`${base}/0`)) {
          const groupIds = h5.numeric(`${base}/edge_group_id`);
          const groupIndex = h5.has(`${base}/edge_group_index`) ? h5.numeric(`${base}/edge_group_index`) : Float64Array.from({ length: source.length }, (_, i) => i);
          checkSingleGroup(groupIds, where, 'edge');
          for (const name of h5.keys(`${base}/0`)) {
            if (name === 'syn_weight' || name === 'delay' || name === 'nsyns') columns[name] = groupValues(h5, base, name, groupIds, groupIndex, where);
            else otherColumns.push(name);
          }
        }
        out.push({ population, file: edgesFile, typesFile: edgeTypesFile, sourcePopulation: nodePopulation('source_node_id'), targetPopulation: nodePopulation('target_node_id'), source, target, typeIds, types, columns, otherColumns });
      }
    } finally {
      h5.close();
    }
  }
  return out;
}

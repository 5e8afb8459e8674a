import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { H5Writer, parseTypesCsv, readCircuitConfig, validateSonataCircuit } from '../../../simulation/index.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

interface Defects {
  magic?: number;
  nodeTypeId?: number[];
  sourceIds?: number[];
  nodePopulation?: string;
  edgeTypeId?: number[];
  dropDataset?: string;
  groupIndex?: number[];
  rangeToEdge?: number[];
  floatIds?: boolean;
}

/** A minimal circuit (3 nodes, 4 edges) written by hand, with one defect at a time. */
async function circuit(d: Defects = {}): Promise<string> {
  const dir = tempDir('validate-');
  writeFileSync(join(dir, 'node_types.csv'), 'node_type_id model_type model_template dynamics_params\n1 point_neuron nest:iaf_psc_exp p.json\n2 point_neuron nest:iaf_psc_exp p.json\n');
  writeFileSync(join(dir, 'edge_types.csv'), 'edge_type_id model_template\n7 static_synapse\n');
  writeFileSync(join(dir, 'circuit_config.json'), JSON.stringify({
    manifest: { $NET: '${configdir}/net', $BASE: '.' },
    networks: { nodes: [{ nodes_file: '$BASE/nodes.h5', node_types_file: '$BASE/node_types.csv' }], edges: [{ edges_file: '$BASE/edges.h5', edge_types_file: '$BASE/edge_types.csv' }] },
  }));
  const n = await H5Writer.create(join(dir, 'nodes.h5'));
  n.attr('/', 'magic', d.magic ?? 0x0a7a, 'uint32');
  n.attr('/', 'version', [0, 1], 'uint32');
  n.numeric('/nodes/cells/node_type_id', d.nodeTypeId ?? [1, 1, 2], 'int64');
  n.numeric('/nodes/cells/node_id', [0, 1, 2], 'uint64');
  n.numeric('/nodes/cells/node_group_id', [0, 0, 0], 'uint32');
  n.numeric('/nodes/cells/node_group_index', d.groupIndex ?? [0, 1, 2], 'uint64');
  n.numeric('/nodes/cells/0/x', [1, 2, 3], 'float64');
  n.close();
  const e = await H5Writer.create(join(dir, 'edges.h5'));
  e.attr('/', 'magic', 0x0a7a, 'uint32');
  e.attr('/', 'version', [0, 1], 'uint32');
  const b = '/edges/cells_to_cells';
  const src = d.sourceIds ?? [0, 0, 2, 1];
  const tgt = [1, 2, 0, 1];
  e.numeric(`${b}/source_node_id`, src, d.floatIds ? 'float64' : 'uint64');
  e.attr(`${b}/source_node_id`, 'node_population', d.nodePopulation ?? 'cells');
  e.numeric(`${b}/target_node_id`, tgt, 'uint64');
  e.attr(`${b}/target_node_id`, 'node_population', 'cells');
  e.numeric(`${b}/edge_type_id`, d.edgeTypeId ?? [7, 7, 7, 7], 'int64');
  if (d.dropDataset !== 'edge_group_id') e.numeric(`${b}/edge_group_id`, [0, 0, 0, 0], 'uint32');
  e.numeric(`${b}/edge_group_index`, [0, 1, 2, 3], 'uint64');
  e.numeric(`${b}/0/syn_weight`, [1, 2, 3, 4], 'float64');
  // source_to_target: node 0 -> edges [0, 2), node 1 -> [3, 4), node 2 -> [2, 3)
  e.numeric(`${b}/indices/source_to_target/node_id_to_ranges`, [0, 1, 1, 2, 2, 3], 'uint64', [3, 2]);
  e.numeric(`${b}/indices/source_to_target/range_to_edge_id`, d.rangeToEdge ?? [0, 2, 3, 4, 2, 3], 'uint64', [3, 2]);
  e.close();
  return join(dir, 'circuit_config.json');
}

describe('validateSonataCircuit', () => {
  it('accepts a valid circuit', async () => {
    expect(await validateSonataCircuit(await circuit())).toEqual([]);
  });

  const cases: [string, Defects, RegExp][] = [
    ['a wrong magic', { magic: 1 }, /root attribute magic is 1; expected 2682/],
    ['a node type missing from the CSV', { nodeTypeId: [1, 1, 3] }, /node_type_id 3 is not in .*node_types.csv/],
    ['a source id beyond its population', { sourceIds: [0, 0, 5, 1] }, /edge 2: source node 5 outside population 'cells' of 3 nodes/],
    ['an unknown node population', { nodePopulation: 'other' }, /names node population 'other', which no nodes file of the circuit defines/],
    ['an edge type missing from the CSV', { edgeTypeId: [7, 7, 8, 7] }, /edge_type_id 8 is not in .*edge_types.csv/],
    ['a missing required dataset', { dropDataset: 'edge_group_id' }, /required dataset edge_group_id missing/],
    ['a group index beyond its group', { groupIndex: [0, 1, 3] }, /node 2: node_group_index 3 beyond the 3 rows of group 0/],
    ['an index pointing at the wrong edges', { rangeToEdge: [0, 2, 2, 3, 3, 4] }, /index source_to_target: edge 2 listed under node 1 but belongs to node 2/],
    ['floating-point node ids', { floatIds: true }, /source_node_id has dtype float64; expected an integer type/],
  ];
  for (const [what, defect, message] of cases) {
    it(`finds ${what}`, async () => {
      const problems = await validateSonataCircuit(await circuit(defect));
      expect(problems.join('\n')).toMatch(message);
    });
  }

  it('reports unreadable configs and files', async () => {
    expect(await validateSonataCircuit('/nonexistent/circuit_config.json')).toEqual(['circuit config /nonexistent/circuit_config.json: file not found']);
    const config = await circuit();
    writeFileSync(join(config, '..', 'nodes.h5'), 'garbage');
    expect((await validateSonataCircuit(config)).join('\n')).toMatch(/nodes.h5: not an HDF5 file/);
  });
});

describe('circuit config and CSV reading', () => {
  it('resolves manifest variables against the config folder, and ${configdir}', async () => {
    const config = await circuit();
    const files = readCircuitConfig(config);
    expect(files.nodes[0].nodesFile).toBe(join(config, '..', 'nodes.h5'));
    const dir = tempDir('cfg-');
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ manifest: { $A: '$B/x', $B: '$A' }, networks: { nodes: [] } }));
    expect(() => readCircuitConfig(join(dir, 'c.json'))).toThrow(/\$A, \$B refer to unknown variables or to each other in a cycle/);
  });

  it('splits SONATA CSV on runs of spaces and honours quotes', () => {
    const t = parseTypesCsv('a  b "c d"\n1 "x ""y""" 3\n', 't.csv');
    expect(t).toEqual({ columns: ['a', 'b', 'c d'], rows: [['1', 'x "y"', '3']] });
    expect(() => parseTypesCsv('a b\n1\n', 't.csv')).toThrow(/t.csv line 2: 1 fields; expected 2/);
  });
});

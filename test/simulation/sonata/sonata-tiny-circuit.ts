/** A hand-made SONATA circuit for tests: 2 neurons (population net; iaf_psc_exp unless told), 1 virtual node (inp) with given spikes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeEdgesFile, writeNodesFile, writeTypesCsv } from '../../../simulation/sonata/circuit-files.ts';
import { writeSonataSpikes } from '../../../simulation/sonata/index.ts';

export const NEURON0 = { C_m: 200, tau_m: 15, tau_syn_ex: 1, tau_syn_in: 3, t_ref: 3, E_L: -65, V_th: -52, V_reset: -68, I_e: 120, V_m: -60 };
/** Neuron 1 has NEST's defaults, except its type's V_m. */
export const NEURON1_VM = -66;
export const INPUT_SPIKES_MS = Array.from({ length: 60 }, (_, k) => 1 + 1.5 * k + (k % 3) * 0.2);
/** Edges: [source population, source, target, weight pA, delay ms]. */
export const EDGES: [string, number, number, number, number][] = [
  ['inp', 0, 0, 500, 1.5],
  ['inp', 0, 1, -150, 0.5],
  ['net', 0, 1, 900, 2],
];

export interface TinyOptions {
  /** Model templates of node types 0 and 1 (default nest:iaf_psc_exp). */
  modelTemplate?: string;
  modelTemplate1?: string;
  /** Extra dynamics_params of node type 0. */
  params0?: Record<string, unknown>;
  synapseTemplate?: string;
  inputs?: Record<string, unknown>;
  run?: Record<string, unknown>;
}

export async function writeTinyCircuit(dir: string, o: TinyOptions = {}): Promise<string> {
  for (const d of ['network', 'models', 'inputs']) mkdirSync(join(dir, d), { recursive: true });
  await writeNodesFile(join(dir, 'network/net_nodes.h5'), { population: 'net', count: 2, nodeTypeId: (a, b) => [0, 1].slice(a, b), groupDatasets: {} });
  writeTypesCsv(join(dir, 'network/net_node_types.csv'), ['node_type_id', 'model_type', 'model_template', 'dynamics_params', 'pop_name'], [
    { node_type_id: 0, model_type: 'point_neuron', model_template: o.modelTemplate ?? 'nest:iaf_psc_exp', dynamics_params: 'n0.json', pop_name: 'A' },
    { node_type_id: 1, model_type: 'point_neuron', model_template: o.modelTemplate1 ?? 'nest:iaf_psc_exp', dynamics_params: 'n1.json', pop_name: 'B' },
  ]);
  writeFileSync(join(dir, 'models/n0.json'), JSON.stringify({ ...NEURON0, ...o.params0 }));
  writeFileSync(join(dir, 'models/n1.json'), JSON.stringify({ V_m: NEURON1_VM }));
  writeFileSync(join(dir, 'models/static.json'), '{}');
  await writeNodesFile(join(dir, 'network/inp_nodes.h5'), { population: 'inp', count: 1, nodeTypeId: () => [100], groupDatasets: {} });
  writeTypesCsv(join(dir, 'network/inp_node_types.csv'), ['node_type_id', 'model_type'], [{ node_type_id: 100, model_type: 'virtual' }]);
  for (const pop of ['inp', 'net']) {
    const edges = EDGES.filter((e) => e[0] === pop);
    await writeEdgesFile(join(dir, `network/${pop}_net_edges.h5`), {
      population: `${pop}_to_net`,
      sourcePopulation: pop,
      targetPopulation: 'net',
      sourceNodeCount: pop === 'inp' ? 1 : 2,
      targetNodeCount: 2,
      source: Uint32Array.from(edges, (e) => e[1]),
      target: Uint32Array.from(edges, (e) => e[2]),
      edgeTypeId: (a, b) => edges.slice(a, b).map(() => 7),
      groupDatasets: { syn_weight: { dtype: 'float64', fill: (a, b) => edges.slice(a, b).map((e) => e[3]) }, delay: { dtype: 'float64', fill: (a, b) => edges.slice(a, b).map((e) => e[4]) } },
    });
    writeTypesCsv(join(dir, `network/${pop}_net_edge_types.csv`), ['edge_type_id', 'model_template', 'dynamics_params'], [{ edge_type_id: 7, model_template: o.synapseTemplate ?? 'static_synapse', dynamics_params: 'static.json' }]);
  }
  await writeSonataSpikes(join(dir, 'inputs/inp_spikes.h5'), { inp: { nodeIds: new Float64Array(INPUT_SPIKES_MS.length), timestampsMs: Float64Array.from(INPUT_SPIKES_MS) } });
  const config = {
    manifest: { $BASE_DIR: '${configdir}', $NET: '$BASE_DIR/network' },
    run: { tstop: 100, dt: 0.1, ...o.run },
    components: { point_neuron_models_dir: '$BASE_DIR/models', synaptic_models_dir: '$BASE_DIR/models' },
    networks: {
      nodes: ['net', 'inp'].map((p) => ({ nodes_file: `$NET/${p}_nodes.h5`, node_types_file: `$NET/${p}_node_types.csv` })),
      edges: ['inp', 'net'].map((p) => ({ edges_file: `$NET/${p}_net_edges.h5`, edge_types_file: `$NET/${p}_net_edge_types.csv` })),
    },
    inputs: o.inputs ?? { spikes_in: { input_type: 'spikes', module: 'sonata', input_file: '$BASE_DIR/inputs/inp_spikes.h5', node_set: 'inp_nodes' } },
    node_sets: { inp_nodes: { population: 'inp' } },
    output: { output_dir: '$BASE_DIR/output', spikes_file: 'out_spikes.h5' },
  };
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(config, null, 1));
  return path;
}

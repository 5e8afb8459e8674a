/**
 * The JSON files of an exported circuit: circuit_config.json (SONATA "network/circuit config"),
 * simulation_config.json (run, inputs, output, reports, as BMTK PointNet reads them) and
 * node_sets.json. Paths use the manifest variable $BASE_DIR = "." : libsonata resolves it against
 * the config file's folder, BMTK against the working folder (run_pointnet.py runs there).
 */
import type { NetworkDescription } from '../network/network-types.ts';
import type { SimulationParams } from '../simulation-params.ts';
import type { CircuitContent } from './circuit-build.ts';

/** File names of an exported circuit, relative to its folder. */
export function circuitFileNames(name: string, inputName: string) {
  return {
    circuitConfig: 'circuit_config.json',
    simulationConfig: 'simulation_config.json',
    nodeSets: 'node_sets.json',
    nodes: `network/${name}_nodes.h5`,
    nodeTypes: `network/${name}_node_types.csv`,
    edges: `network/${name}_${name}_edges.h5`,
    edgeTypes: `network/${name}_${name}_edge_types.csv`,
    inputNodes: `network/${inputName}_nodes.h5`,
    inputNodeTypes: `network/${inputName}_node_types.csv`,
    inputEdges: `network/${inputName}_${name}_edges.h5`,
    inputEdgeTypes: `network/${inputName}_${name}_edge_types.csv`,
    neuronModelsDir: 'components/point_neuron_models',
    synapseModelsDir: 'components/synaptic_models',
    staticSynapse: 'static_synapse.json',
    inputsDir: 'inputs',
  };
}

export type CircuitFileNames = ReturnType<typeof circuitFileNames>;

export function circuitConfig(files: CircuitFileNames, hasInputs: boolean): Record<string, unknown> {
  const net = (p: string) => `$BASE_DIR/${p}`;
  const nodes = [{ nodes_file: net(files.nodes), node_types_file: net(files.nodeTypes) }];
  const edges = [{ edges_file: net(files.edges), edge_types_file: net(files.edgeTypes) }];
  if (hasInputs) {
    nodes.push({ nodes_file: net(files.inputNodes), node_types_file: net(files.inputNodeTypes) });
    edges.push({ edges_file: net(files.inputEdges), edge_types_file: net(files.inputEdgeTypes) });
  }
  return {
    manifest: { $BASE_DIR: '.' },
    target_simulator: 'NEST',
    target_simulator_version: '>=3.0',
    components: {
      point_neuron_models_dir: net(files.neuronModelsDir),
      synaptic_models_dir: net(files.synapseModelsDir),
    },
    networks: { nodes, edges },
  };
}

export function nodeSets(name: string, net: NetworkDescription, content: CircuitContent): Record<string, unknown> {
  const sets: Record<string, unknown> = { [name]: { population: name } };
  for (const t of content.nodeTypes) sets[t.label] = { population: name, pop_name: t.label };
  sets.recorded_spikes = { population: name, pop_name: net.populations.filter((p) => p.record_spikes).map((p) => p.label) };
  const vmIds: number[] = [];
  net.populations.forEach((p, i) => {
    for (let j = 0; j < p.n_record_vm; j++) vmIds.push(content.nodeTypes[i].first + j);
  });
  if (vmIds.length > 0) sets.recorded_vm = { population: name, node_id: vmIds };
  return sets;
}

export interface SimulationConfigInput {
  name: string;
  files: CircuitFileNames;
  net: NetworkDescription;
  sim: SimulationParams;
  content: CircuitContent;
  simulationLabel: string;
  /** Effective network parameters (upstream nesting) that rebuild the network, as a run folder's params.json records them. */
  networkParams: unknown;
  /** Relative csv file of every step-current input, in content.currents order. */
  currentFiles: string[];
  hasVmReport: boolean;
}

export function simulationConfig(x: SimulationConfigInput): Record<string, unknown> {
  const { sim, net, content } = x;
  const inputs: Record<string, unknown> = {};
  content.currents.forEach((c, i) => {
    inputs[c.name] = {
      input_type: 'csv',
      module: 'IClamp',
      node_set: c.target,
      file: `$BASE_DIR/${x.currentFiles[i]}`,
      separator: ' ',
      timestamps_column: 'timestamps',
      amplitudes_column: 'amps',
    };
  });
  const vm = sim.recording_dict.vm_dict;
  const reports: Record<string, unknown> = {};
  if (x.hasVmReport) {
    reports.membrane_potential = {
      module: 'multimeter_report',
      cells: 'recorded_vm',
      variable_name: 'V_m',
      file_name: 'membrane_potential.h5',
      // SONATA's names, then BMTK PointNet's for the same window and interval.
      start_time: vm.start,
      end_time: vm.stop,
      dt: vm.interval,
      tstart: vm.start,
      tstop: vm.stop,
      interval: vm.interval,
    };
  }
  return {
    manifest: { $BASE_DIR: '.', $OUTPUT_DIR: '$BASE_DIR/output' },
    network: `$BASE_DIR/${x.files.circuitConfig}`,
    target_simulator: 'NEST',
    run: { tstart: 0.0, tstop: sim.t_sim, dt: sim.dt, random_seed: Math.max(1, sim.rng_seed) },
    conditions: {},
    node_sets_file: `$BASE_DIR/${x.files.nodeSets}`,
    inputs,
    output: { output_dir: '$OUTPUT_DIR', log_file: 'log.txt', spikes_file: 'spikes.h5', spikes_sort_order: 'time', overwrite_output_dir: true },
    reports,
    // Implementation-specific section (allowed by SONATA): what run_pointnet.py applies and provenance.
    multiarea: {
      population: x.name,
      network_label: net.network_label,
      network_params: x.networkParams,
      simulation_label: x.simulationLabel,
      spike_start_ms: sim.recording_dict.spike_dict.start,
      spike_node_set: 'recorded_spikes',
      initial_vm: 'per-node dynamics_params/V_m of the nodes file (run_pointnet.py sets them; BMTK alone starts at the node type V_m)',
      populations: content.nodeTypes.map((t) => ({ label: t.label, first: t.first, size: t.size })),
      sim_params: sim,
    },
  };
}

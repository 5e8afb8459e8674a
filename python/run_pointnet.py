#!/usr/bin/env python3
"""Run a circuit exported by `mam sonata-export` with BMTK PointNet on NEST 3.

Usage:
    python3 run_pointnet.py [--config simulation_config.json] [--threads N]

Runs BMTK's PointNet as usual (PointNetwork.from_config, PointSimulator.from_config, run) from the
folder of the config, and adds what BMTK does not read from SONATA files:
  - NEST's rng_seed from run.random_seed (BMTK leaves NEST's default seed);
  - each neuron's initial V_m from the per-node dynamics_params/V_m datasets of the nodes files
    (BMTK uses only the node type's dynamics_params, i.e. one V_m per population);
  - spikes are recorded from the node set multiarea.spike_node_set only (BMTK would connect every
    node, the poisson_generator input nodes included) and from multiarea.spike_start_ms on.
Output: output/spikes.h5 (SONATA spikes), output/membrane_potential.h5 when V_m was recorded, and
output/build_summary.json: the connections NEST created (before devices are connected) against the
edges of the files, and the largest difference between the V_m set and the files' V_m.
"""
import argparse
import json
import os
import sys


def fail(message):
    sys.exit('run_pointnet.py: ' + message)


def initial_vm_setter(nest, net, circuit, summary):
    """Sets V_m of every node of a population whose nodes file holds 0/dynamics_params/V_m."""
    import h5py
    import numpy as np

    def apply():
        worst = 0.0
        for entry in circuit['networks']['nodes']:
            with h5py.File(entry['nodes_file'], 'r') as h5:
                for pop, grp in h5['nodes'].items():
                    if 'V_m' not in grp.get('0/dynamics_params', {}):
                        continue
                    if not np.all(grp['node_group_id'][()] == 0):
                        fail('{}: population {} has several node groups; expected one'.format(entry['nodes_file'], pop))
                    vm = grp['0/dynamics_params/V_m'][()][grp['node_group_index'][()]]
                    node_ids = grp['node_id'][()] if 'node_id' in grp else np.arange(len(vm))
                    pairs = sorted(zip((int(g) for g in net.gid_map.get_nestids(pop, node_ids)), vm))
                    if pairs:
                        nodes = nest.NodeCollection([g for g, _ in pairs])
                        nodes.set(V_m=[float(v) for _, v in pairs])
                        got = np.asarray(nodes.get('V_m'), float).ravel()
                        worst = max(worst, float(np.max(np.abs(got - np.array([v for _, v in pairs], float)))))
                        summary['nodes_with_vm'] = summary.get('nodes_with_vm', 0) + len(pairs)
        summary['max_vm_difference_mV'] = worst
    return apply


def count_edges(circuit):
    """Edges per edge population of the circuit's files."""
    import h5py
    counts = {}
    for entry in circuit['networks']['edges']:
        with h5py.File(entry['edges_file'], 'r') as h5:
            for pop, grp in h5['edges'].items():
                counts[pop] = int(grp['source_node_id'].shape[0])
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description='Run an exported multi-area circuit with BMTK PointNet on NEST 3.')
    parser.add_argument('--config', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'simulation_config.json'),
                        help='simulation config (default: simulation_config.json beside this script)')
    parser.add_argument('--threads', type=int, default=1, help='NEST threads (NEST results depend on it)')
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    config_path = os.path.abspath(args.config)
    if not os.path.isfile(config_path):
        fail('{} not found; expected the simulation_config.json of an exported circuit'.format(config_path))
    # The configs use $BASE_DIR = "."; BMTK resolves it against the working folder.
    os.chdir(os.path.dirname(config_path))
    with open(config_path) as f:
        extra = json.load(f).get('multiarea', {})

    import nest
    from bmtk.simulator import pointnet
    from bmtk.simulator.pointnet.modules.record_spikes import SpikesMod, create_spike_detector

    conf = pointnet.Config.from_json(config_path)
    conf.build_env()
    net = pointnet.PointNetwork.from_config(conf)
    seed = conf['run'].get('random_seed')
    summary = {}
    set_vm = initial_vm_setter(nest, net, conf, summary)
    build_nodes = net.build_nodes

    def build_nodes_seeded():
        # After PointSimulator has reset the kernel, before any node exists.
        if seed is not None:
            nest.SetKernelStatus({'rng_seed': int(seed)})
        build_nodes()
        set_vm()

    net.build_nodes = build_nodes_seeded
    sim = pointnet.PointSimulator.from_config(conf, net, n_thread=args.threads)

    summary['nest_connections'] = int(nest.GetKernelStatus('num_connections'))
    summary['file_edges'] = count_edges(conf)
    os.makedirs(conf['output']['output_dir'], exist_ok=True)
    with open(os.path.join(conf['output']['output_dir'], 'build_summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    print('run_pointnet.py: {} connections in NEST, {} edges in the files; initial V_m of {} nodes set'.format(
        summary['nest_connections'], sum(summary['file_edges'].values()), summary.get('nodes_with_vm', 0)))

    node_set = extra.get('spike_node_set')
    start = float(extra.get('spike_start_ms', 0.0))
    for mod in sim._mods:
        if isinstance(mod, SpikesMod) and node_set:
            def initialize(simulator, mod=mod):
                mod._spike_detector = create_spike_detector(mod._spike_labels)
                mod._spike_detector.set(start=start)
                gids = sorted(set(int(g) for g in simulator.net.get_node_set(node_set).gids()))
                if gids:
                    nest.Connect(nest.NodeCollection(gids), mod._spike_detector)
            mod.initialize = initialize
    sim.run()


if __name__ == '__main__':
    main()

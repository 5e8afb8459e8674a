#!/usr/bin/env python3
"""Build and simulate a multi-area network exported by `mam nest-export`, with NEST 3.

Usage (in the run folder, or from anywhere with its path):
    python3 run_nest.py [--dir RUN_DIR]
    mpirun -n P python3 run_nest.py          # P = num_processes of sim.json
    python3 run_nest.py --rates-only --t-min 500 --t-max 10500   # rates of a finished run, no NEST needed

NEST's results depend on the number of virtual processes (MPI processes x threads) of sim.json. A run
on another number of MPI processes is an error unless allowed (--allow-other-processes or
MAM_ALLOW_OTHER_PROCESSES=1); it then keeps the number of virtual processes, and so the results, by
changing the threads per process.

Reads network.json and sim.json from the run folder (default: the folder of this script) through
mam_formats.py (next to this script), writes
recordings/ (NEST ASCII spike and V_m files, populations.json, run_log-<rank>.json, and on rank 0
spike_counts.json: spikes per spike file, written when every rank has finished) and, on rank 0,
rates.json: mean rate (spikes/s) of every recorded population over sim.json's rates_window_ms,
keyed "area-pop" as `mam rates` writes it.

network.json is the network description of multiarea (docs/simulation.md): it says what to create
and connect — populations of int(N) iaf_psc_exp neurons with V_m drawn from normal(V0);
fixed_total_number projections with normal weights redrawn to their bounds and normal delays
redrawn to >= dt; the external drive's poisson_generators; replaced cortico-cortical input by
poisson_generators or step_current_generators. It holds no zero-rate inputs and nothing connected
to an empty population; this script creates exactly what it lists.
"""
import argparse
import math
import os
import sys
import time
from bisect import bisect_right

from mam_formats import NETWORK_FORMAT, SIM_FORMAT, FormatError, read_document, read_json, write_json_atomic


def fail(message):
    sys.exit('run_nest.py: ' + message)


def bound(value, default):
    # JSON has no infinities: null stands for an unbounded side.
    return default if value is None else float(value)


class NetworkBuilder:
    """Creates the populations, devices and connections of network.json in the NEST kernel."""

    def __init__(self, nest, run_dir, net, sim):
        self.nest = nest
        self.run_dir = run_dir
        self.net = net
        self.sim = sim
        self.nodes = {}  # "area-pop" -> NodeCollection (absent for empty populations)
        self.spike_recorder = None
        self.voltmeter = None

    def prepare_kernel(self, rec_dir, threads):
        nest = self.nest
        nest.ResetKernel()
        nest.SetKernelStatus({
            'resolution': float(self.sim['dt_ms']),
            'total_num_virtual_procs': nest.NumProcesses() * threads,
            'rng_seed': int(self.sim['rng_seed']),
            'overwrite_files': True,
            'data_path': rec_dir,
            'print_time': False,
        })
        # JSON writes -65.0 as -65; NEST rejects integers for its double-valued parameters.
        nest.SetDefaults(self.net['neuron_model'], {k: float(v) for k, v in self.net['neuron_params'].items()})

    def create_recorders(self):
        nest = self.nest
        rec = self.sim['recording']
        self.spike_recorder = nest.Create('spike_recorder', params={
            'record_to': 'ascii',
            'label': rec['spike_label'],
            'start': float(rec['spike_start_ms']),
        })
        if rec['record_vm']:
            self.voltmeter = nest.Create('voltmeter', params={
                'record_to': 'ascii',
                'label': rec['vm_label'],
                'start': float(rec['vm_start_ms']),
                'stop': float(rec['vm_stop_ms']),
                'interval': float(rec['vm_interval_ms']),
            })

    def create_populations(self):
        nest = self.nest
        v0 = self.net['V0']
        for pop in self.net['populations']:
            if pop['size'] < 1:
                print('run_nest.py: population {} has int(N) = 0 neurons; it is not created'.format(pop['label']))
                continue
            nodes = nest.Create(self.net['neuron_model'], pop['size'])
            nodes.set(I_e=float(pop['I_e_pA']))
            if float(v0['sd_mV']) > 0:
                nodes.set(V_m=nest.random.normal(mean=float(v0['mean_mV']), std=float(v0['sd_mV'])))
            else:
                nodes.set(V_m=float(v0['mean_mV']))
            self.nodes[pop['label']] = nodes

    def connect_recorders(self):
        nest = self.nest
        for pop in self.net['populations']:
            nodes = self.nodes.get(pop['label'])
            if nodes is None:
                continue
            if pop['record_spikes']:
                nest.Connect(nodes, self.spike_recorder)
            n_vm = int(pop['n_record_vm'])
            if self.voltmeter is not None and n_vm > 0:
                nest.Connect(self.voltmeter, nodes[:n_vm])

    def connect_external_input(self):
        nest = self.nest
        for inp in self.net['external_input']['inputs']:
            nodes = self.nodes[inp['target']]
            generator = nest.Create('poisson_generator', params={'rate': float(inp['rate_hz'])})
            nest.Connect(generator, nodes, syn_spec={
                'synapse_model': 'static_synapse',
                'weight': float(inp['weight_pA']),
                'delay': float(inp['delay_ms']),
            })

    def connect_projections(self):
        nest = self.nest
        dt = float(self.sim['dt_ms'])
        for prj in self.net['projections']:
            source = self.nodes[prj['source']]
            target = self.nodes[prj['target']]
            what = '{} <- {}'.format(prj['target'], prj['source'])
            weight = self.normal_within('weight of ' + what, prj['weight_mean_pA'], prj['weight_sd_pA'],
                                        bound(prj['weight_min_pA'], -math.inf), bound(prj['weight_max_pA'], math.inf))
            delay = self.normal_within('delay of ' + what, prj['delay_mean_ms'], prj['delay_sd_ms'], dt, math.inf)
            nest.Connect(source, target,
                         {'rule': 'fixed_total_number', 'N': int(prj['synapses'])},
                         {'synapse_model': 'static_synapse', 'weight': weight, 'delay': delay})

    def normal_within(self, what, mean, std, low, high):
        """normal(mean, std) redrawn until within [low, high]; the mean itself when std is 0 (NEST's normal needs std > 0)."""
        mean, std = float(mean), float(std)
        if std > 0:
            return self.nest.math.redraw(self.nest.random.normal(mean=mean, std=std), min=low, max=high)
        if not low <= mean <= high:
            fail('{} is {} with standard deviation 0; expected a value within [{}, {}]'.format(what, mean, low, high))
        return mean

    def connect_replaced_input(self):
        nest = self.nest
        dt = float(self.sim['dt_ms'])
        t_sim = float(self.sim['t_sim_ms'])
        series_cache = {}
        for inp in self.net['replaced_input']['inputs']:
            nodes = self.nodes[inp['target']]
            syn_spec = {'synapse_model': 'static_synapse',
                        'weight': float(inp['weight_pA']),
                        'delay': float(inp['delay_ms'])}
            if inp['kind'] == 'poisson':
                generator = nest.Create('poisson_generator', params={'rate': float(inp['rate_hz'])})
            elif inp['kind'] == 'current':
                rates = series_cache.get(inp['series_file'])
                if rates is None:
                    rates = load_series(os.path.join(self.run_dir, inp['series_file']), int(t_sim))
                    series_cache[inp['series_file']] = rates
                scale = float(inp['amplitude_scale'])
                # One amplitude per ms, switched on at dt + k ms (upstream's choice).
                generator = nest.Create('step_current_generator', params={
                    'amplitude_times': [dt + k for k in range(len(rates))],
                    'amplitude_values': [scale * r for r in rates],
                })
            else:
                fail('replaced input {} <- {} has kind {!r}; expected poisson or current'.format(
                    inp['target'], inp['source'], inp['kind']))
            nest.Connect(generator, nodes, syn_spec=syn_spec)

    def population_layout(self):
        layout = []
        for pop in self.net['populations']:
            nodes = self.nodes.get(pop['label'])
            first = int(nodes[0].get('global_id')) if nodes is not None else None
            layout.append({'label': pop['label'], 'first_id': first, 'size': pop['size'],
                           'record_spikes': pop['record_spikes']})
        return layout


NEST_HELP = ('NEST 3 with its Python interface (PyNEST) must be importable by the python that runs this script: '
             'install it (https://nest-simulator.readthedocs.io/en/stable/installation/, e.g. '
             '`conda install -c conda-forge nest-simulator`), or for a NEST built from source run '
             '`source <nest_install_dir>/bin/nest_vars.sh` first, and use the python3 NEST was built for')


def import_nest():
    """The nest module, or a one-message exit saying what is missing (no traceback)."""
    try:
        import nest
    except Exception as err:  # ImportError, or OSError of a missing shared library, etc.
        fail('cannot import nest with {} (Python {}; PYTHONPATH={}): {}: {}.\n{}.'.format(
            sys.executable, sys.version.split()[0], os.environ.get('PYTHONPATH', '(not set)'),
            type(err).__name__, err, NEST_HELP))
    if not (hasattr(nest, 'random') and hasattr(nest, 'math')):
        fail('the nest module found ({}) is not NEST 3 (no nest.random / nest.math).\n{}.'.format(
            getattr(nest, '__file__', '?'), NEST_HELP))
    return nest


def threads_per_process(sim, processes, allow_other):
    """Threads per MPI process such that the run has sim.json's number of virtual processes."""
    wanted = int(sim['num_processes'])
    threads = int(sim['local_num_threads'])
    if processes == wanted:
        return threads
    vps = wanted * threads
    advice = 'run it with `mpirun -n {} python3 run_nest.py`, or export the run again with --num-processes {}'.format(wanted, processes)
    if not allow_other:
        fail('running on {} MPI process(es) but sim.json asks for {} (x {} threads = {} virtual processes, on which '
             'the network realisation and the run label depend); {}. To run anyway with the same virtual processes '
             '(other threads per process), pass --allow-other-processes or set MAM_ALLOW_OTHER_PROCESSES=1.'.format(
                 processes, wanted, threads, vps, advice))
    if vps % processes != 0:
        fail('running on {} MPI process(es): the {} virtual processes of sim.json cannot be split evenly over them; {}.'.format(
            processes, vps, advice))
    return vps // processes


def load_series(path, expected_length):
    import numpy  # only needed for het_current_nonstat input
    values = numpy.load(path).astype(float).ravel()
    if len(values) != expected_length:
        fail('{} has {} values; expected int(t_sim) = {} (one rate per ms)'.format(path, len(values), expected_length))
    return [float(v) for v in values]


def read_spike_files(rec_dir, label, counts=None):
    """(sender, time_ms) of all ASCII files of the spike recorder labelled `label` (all ranks and threads);
    `counts` (a dict), if given, receives the number of spikes of each file once it has been read."""
    prefix = label + '-'
    for name in sorted(os.listdir(rec_dir)):
        if not (name.startswith(prefix) and name.endswith('.dat')):
            continue
        n = 0
        with open(os.path.join(rec_dir, name), 'r') as f:
            for line in f:
                if not line.strip() or line.startswith('#') or line.startswith('sender'):
                    continue
                fields = line.split()
                n += 1
                yield int(fields[0]), float(fields[1])
        if counts is not None:
            counts[name] = n


def population_rates(layout, spikes, t_min, t_max):
    """Mean rate (spikes/s) per recorded population over [t_min, t_max) ms, keyed "area-pop"."""
    recorded = [p for p in layout if p['record_spikes'] and p['first_id'] is not None]
    recorded.sort(key=lambda p: p['first_id'])
    firsts = [p['first_id'] for p in recorded]
    counts = [0] * len(recorded)
    eps = 1e-9
    for sender, t in spikes:
        if t < t_min - eps or t >= t_max - eps:
            continue
        k = bisect_right(firsts, sender) - 1
        if k >= 0 and sender < firsts[k] + recorded[k]['size']:
            counts[k] += 1
    window_s = (t_max - t_min) * 1e-3
    by_label = {p['label']: c / (p['size'] * window_s) for p, c in zip(recorded, counts)}
    # Model order, as `mam rates`.
    return {p['label']: by_label[p['label']] for p in layout if p['label'] in by_label}


def parse_args(argv):
    parser = argparse.ArgumentParser(description='Build and simulate an exported multi-area network with NEST 3.')
    parser.add_argument('--dir', default=os.path.dirname(os.path.abspath(__file__)),
                        help='run folder holding network.json and sim.json (default: this script\'s folder)')
    parser.add_argument('--rates-only', action='store_true',
                        help='do not simulate: recompute rates.json from the recordings of a finished run')
    parser.add_argument('--t-min', type=float, help='start of the rates window (ms; default: sim.json rates_window_ms)')
    parser.add_argument('--t-max', type=float, help='end of the rates window (ms; default: sim.json rates_window_ms)')
    parser.add_argument('--allow-other-processes', action='store_true',
                        help='run on another number of MPI processes than sim.json says, with its number of virtual '
                             'processes (threads per process changed); also MAM_ALLOW_OTHER_PROCESSES=1')
    return parser.parse_args(argv)


def rates_window(args, sim):
    t_min, t_max = (float(x) for x in sim['rates_window_ms'])
    if args.t_min is not None:
        t_min = args.t_min
    if args.t_max is not None:
        t_max = args.t_max
    if not (0 <= t_min < t_max <= float(sim['t_sim_ms']) + 1e-9):
        fail('rates window [{}, {}) ms; expected 0 <= t_min < t_max <= t_sim = {} ms'.format(t_min, t_max, sim['t_sim_ms']))
    return t_min, t_max


def write_rates(run_dir, rec_dir, layout, sim, window, counts=None):
    spikes = read_spike_files(rec_dir, sim['recording']['spike_label'], counts)
    rates = population_rates(layout, spikes, window[0], window[1])
    path = os.path.join(run_dir, 'rates.json')
    write_json_atomic(path, rates)
    return path


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    run_dir = os.path.abspath(args.dir)
    net_path = os.path.join(run_dir, 'network.json')
    sim_path = os.path.join(run_dir, 'sim.json')
    try:
        net = read_document(net_path, NETWORK_FORMAT)
        sim = read_document(sim_path, SIM_FORMAT)
    except FormatError as err:
        fail(str(err))
    rec_dir = os.path.join(run_dir, 'recordings')
    window = rates_window(args, sim)
    if args.rates_only:
        layout_path = os.path.join(rec_dir, 'populations.json')
        try:
            layout = read_json(layout_path, 'the recordings of a finished run (--rates-only)')
        except FormatError as err:
            fail(str(err))
        print('Rates over [{}, {}) ms in {}'.format(window[0], window[1], write_rates(run_dir, rec_dir, layout, sim, window)))
        return
    os.makedirs(rec_dir, exist_ok=True)
    # Files of an earlier run (maybe with other virtual processes) would mix into the rates. Every
    # rank checks before `import nest`, which no rank completes before all have started it, so no
    # rank can see files that this run creates.
    rec = sim['recording']
    stale = [f for f in sorted(os.listdir(rec_dir))
             if f.endswith('.dat') and (f.startswith(rec['spike_label'] + '-') or f.startswith(rec['vm_label'] + '-'))]
    if stale:
        fail('{} already holds recordings of an earlier run ({}{}); delete them or export to a new folder'.format(
            rec_dir, ', '.join(stale[:3]), ', ...' if len(stale) > 3 else ''))

    nest = import_nest()  # imported late so that --help and format errors need no NEST
    rank = nest.Rank()
    allow_other = args.allow_other_processes or os.environ.get('MAM_ALLOW_OTHER_PROCESSES', '') not in ('', '0')
    threads = threads_per_process(sim, nest.NumProcesses(), allow_other)
    if threads != int(sim['local_num_threads']) and rank == 0:
        print('run_nest.py: {} MPI process(es) x {} threads = the {} virtual processes of sim.json'.format(
            nest.NumProcesses(), threads, nest.NumProcesses() * threads))

    t0 = time.time()
    builder = NetworkBuilder(nest, run_dir, net, sim)
    builder.prepare_kernel(rec_dir, threads)
    builder.create_recorders()
    builder.create_populations()
    builder.connect_recorders()
    builder.connect_external_input()
    t1 = time.time()
    builder.connect_projections()
    builder.connect_replaced_input()
    t2 = time.time()
    layout = builder.population_layout()
    if rank == 0:
        write_json_atomic(os.path.join(rec_dir, 'populations.json'), layout)
        print('Built network {} in {:.2f} s; simulating {} ms.'.format(net['network_label'], t2 - t0, sim['t_sim_ms']))

    nest.Simulate(float(sim['t_sim_ms']))
    t3 = time.time()
    write_json_atomic(os.path.join(rec_dir, 'run_log-{}.json'.format(rank)), {
        'label': sim['label'],
        'network_label': net['network_label'],
        'rank': rank,
        'num_processes': nest.NumProcesses(),
        'local_num_threads': threads,
        'total_num_virtual_procs': nest.GetKernelStatus('total_num_virtual_procs'),
        # Nodes of the whole network (neurons and devices), and the connections stored on this rank
        # (synapses, and those of generators and recorders), whose sum over the ranks is the total.
        'network_size': nest.GetKernelStatus('network_size'),
        'num_connections': nest.GetKernelStatus('num_connections'),
        'time_create_s': t1 - t0,
        'time_connect_s': t2 - t1,
        'time_simulate_s': t3 - t2,
        'local_spike_counter': nest.GetKernelStatus('local_spike_counter'),
    })

    # Every rank has written (and flushed) its spike files before rank 0 reads them all.
    nest.SyncProcesses()
    if rank == 0:
        counts = {}
        rates_path = write_rates(run_dir, rec_dir, layout, sim, window, counts)
        # Spikes per file of the finished run: readers refuse files that no longer match.
        write_json_atomic(os.path.join(rec_dir, 'spike_counts.json'), {'files': counts})
        print('Simulated in {:.2f} s; rates over [{}, {}) ms in {}'.format(t3 - t2, window[0], window[1], rates_path))


if __name__ == '__main__':
    main()

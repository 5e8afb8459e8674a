#!/usr/bin/env python3
"""Cross-validation of the multiarea spiking engine with an independent simulator, Brian2.

Builds the network of a `mam nest-export` run folder (network.json, and sim.json for dt / t_sim)
in Brian2 with NEST iaf_psc_exp semantics, simulates it, and writes population rates in the
layout of `mam rates` ({"V1-23E": spikes/s, ...}) plus a timing record.

Usage (Debian: apt-get install python3-brian; run with the system python, /usr/bin/python3):
    /usr/bin/python3 brian2_network.py --dir RUN_DIR --seed 1 --out rates-brian2.json
    /usr/bin/python3 brian2_network.py --check-neuron ../shared/refs/nest/single_neuron_iaf_psc_exp.json

How NEST semantics are reproduced (see docs/validation.md):
- Neuron: dV/dt = -(V - E_L)/tau_m + (I_ex + I_in + I_e)/C_m, dI_x/dt = -I_x/tau_syn_x,
  integrated exactly (method='exact'); threshold V >= V_th, reset to V_reset.
- Refractoriness: NEST clamps V for t_ref/dt steps after the spike step; Brian2 releases a neuron
  in the step where (t - lastspike) reaches the refractory period, one step earlier, so the
  Brian2 refractory period is t_ref + dt (checked against NEST traces with --check-neuron).
- Spike timing: a Brian2 spike in step n (time n dt) is NEST's spike of step n, time stamp
  (n + 1) dt; a synaptic delay of D steps delivers it in step n + D in both simulators (the
  current jump takes effect on V from the next step on in both). Reported spike times are NEST
  stamps.
- Connectivity: fixed_total_number with multapses and autapses (sources and targets uniform with
  replacement), weights normal(mean, sd) redrawn until within the bounds, delays normal redrawn
  until >= dt and rounded to the grid. A synapse goes to I_ex when its weight is > 0 and to I_in
  otherwise (NEST's iaf_psc_exp routes by the sign of the weight).
- External drive: every neuron receives Poisson(rate x dt) events per step through the external
  weight, from 1 ms on (the NEST poisson_generator is connected with the 1 ms default delay).
- Random numbers come from numpy (network, V0) and Brian2's generator (Poisson drive), seeded by
  --seed; they are not NEST's or ours, so only statistics can agree.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

from mam_formats import NETWORK_FORMAT, SIM_FORMAT, FormatError, read_document, read_json, write_json_atomic


def fail(message):
    sys.exit('brian2_network.py: ' + message)


def read_or_fail(read, *args):
    try:
        return read(*args)
    except FormatError as err:
        fail(str(err))


def normal_within(rng, mean, sd, low, high, n):
    """n draws of normal(mean, sd), each redrawn until within [low, high] (None = unbounded)."""
    if sd <= 0:
        if (low is not None and mean < low) or (high is not None and mean > high):
            fail('normal({}, 0) can never fall within [{}, {}]'.format(mean, low, high))
        return np.full(n, float(mean))
    values = rng.normal(mean, sd, n)
    for _ in range(10000):
        bad = np.zeros(n, dtype=bool)
        if low is not None:
            bad |= values < low
        if high is not None:
            bad |= values > high
        k = int(bad.sum())
        if k == 0:
            return values
        values[bad] = rng.normal(mean, sd, k)
    fail('normal({}, {}) redrawn 10000 times without falling within [{}, {}]'.format(mean, sd, low, high))


def neuron_equations():
    return '''
    dV/dt = -(V - E_L)/tau_m + (I_ex + I_in + I_e)/C_m : volt (unless refractory)
    dI_ex/dt = -I_ex/tau_syn_ex : amp
    dI_in/dt = -I_in/tau_syn_in : amp
    I_e : amp (constant)
    '''


def neuron_namespace(b2, params):
    return {
        'E_L': params['E_L'] * b2.mV, 'V_th': params['V_th'] * b2.mV, 'V_reset': params['V_reset'] * b2.mV,
        'C_m': params['C_m'] * b2.pF, 'tau_m': params['tau_m'] * b2.ms,
        'tau_syn_ex': params['tau_syn_ex'] * b2.ms, 'tau_syn_in': params['tau_syn_in'] * b2.ms,
    }


def make_neurons(b2, n, params, dt_ms, name='neurons', extra=''):
    """iaf_psc_exp neurons; the refractory period is t_ref + dt (see the module docstring)."""
    return b2.NeuronGroup(n, neuron_equations() + extra, threshold='V >= V_th', reset='V = V_reset',
                          refractory=(params['t_ref'] + dt_ms) * b2.ms, method='exact',
                          namespace=neuron_namespace(b2, params), name=name)


# ---------------------------------------------------------------------------------------------
# Single-neuron check against NEST 3.10 traces
# ---------------------------------------------------------------------------------------------

def check_neuron(ref_path):
    """Runs every case of the NEST single-neuron reference in Brian2 (runtime, numpy) and prints
    the largest |V_m difference| and whether the spike times agree. Returns True if all agree."""
    import brian2 as b2
    b2.prefs.codegen.target = 'numpy'
    ref = read_or_fail(read_json, ref_path, 'the NEST single-neuron reference (JSON)')
    ok = True
    for name, case in ref.items():
        if name.startswith('_'):
            continue
        b2.start_scope()
        dt = float(case['dt'])
        b2.defaultclock.dt = dt * b2.ms
        g = make_neurons(b2, 1, case['neuron_params'], dt, name='neuron')
        g.V = case['V_m_initial'] * b2.mV
        g.I_e = case['I_e'] * b2.pA
        delay = float(case['connection_delay'])
        objects = [g]
        for kind, target in (('ex', 'I_ex'), ('in', 'I_in')):
            times = np.asarray(case['input_{}_spike_times'.format(kind)], dtype=float)
            if times.size == 0:
                continue
            # A NEST spike_generator spike with time stamp t is emitted in step t/dt - 1,
            # a Brian2 generator spike at time t in step t/dt: shift it by one step.
            steps = np.sort(np.rint(times / dt).astype(int) - 1)
            # A generator neuron emits at most one spike per step: the k-th spike of a step goes
            # to generator neuron k, all connected to the neuron with the same weight and delay.
            rank = np.zeros(steps.size, dtype=int)
            for k in range(1, steps.size):
                rank[k] = rank[k - 1] + 1 if steps[k] == steps[k - 1] else 0
            gen = b2.SpikeGeneratorGroup(int(rank.max()) + 1, rank, steps * dt * b2.ms, name='gen_' + kind)
            syn = b2.Synapses(gen, g, 'w : amp', on_pre='{}_post += w'.format(target),
                              delay=delay * b2.ms, name='syn_' + kind)
            syn.connect(j='0')
            syn.w = float(case['w_{}_pA'.format(kind)]) * b2.pA
            objects += [gen, syn]
        vm = b2.StateMonitor(g, 'V', record=0, when='end', name='vm')
        sp = b2.SpikeMonitor(g, name='sp')
        net = b2.Network(objects + [vm, sp])
        net.run(float(case['t_sim']) * b2.ms)
        # Brian2 records the state after step n at time n dt; NEST's voltmeter stamps it (n + 1) dt.
        t_b = np.rint(np.asarray(vm.t / b2.ms) / dt).astype(int) + 1
        v_b = np.asarray(vm.V[0] / b2.mV)
        t_ref = np.rint(np.asarray(case['vm_times'], dtype=float) / dt).astype(int)
        index = {int(s): k for k, s in enumerate(t_b)}
        missing = [s for s in t_ref if int(s) not in index]
        if missing:
            fail('case {}: {} NEST V_m times are not covered by the Brian2 run'.format(name, len(missing)))
        dv = np.abs(v_b[[index[int(s)] for s in t_ref]] - np.asarray(case['vm'], dtype=float))
        spikes_b = np.rint(np.asarray(sp.t / b2.ms) / dt).astype(int) + 1
        spikes_n = np.rint(np.asarray(case['spike_times'], dtype=float) / dt).astype(int)
        same = spikes_b.size == spikes_n.size and bool(np.all(spikes_b == spikes_n))
        ok = ok and same and dv.max() < 1e-6
        print('{:28s} max|dV| = {:.2e} mV   spikes NEST {:3d} Brian2 {:3d}   times {}'.format(
            name, dv.max(), spikes_n.size, spikes_b.size, 'equal' if same else 'DIFFER'))
    return ok


# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------

def draw_connectivity(net, first, rng, dt_ms):
    """Synapse arrays (source, target, weight pA, delay steps) of all projections, drawn as NEST's
    fixed_total_number with normal weights and delays."""
    sources, targets, weights, delays = [], [], [], []
    size = {p['label']: int(p['size']) for p in net['populations']}
    for prj in net['projections']:
        n = int(prj['synapses'])
        s_label, t_label = prj['source'], prj['target']
        if s_label not in first or t_label not in first:
            fail('projection {} <- {}: not a population with neurons'.format(t_label, s_label))
        sources.append(first[s_label] + rng.integers(0, size[s_label], n))
        targets.append(first[t_label] + rng.integers(0, size[t_label], n))
        weights.append(normal_within(rng, prj['weight_mean_pA'], prj['weight_sd_pA'],
                                     prj['weight_min_pA'], prj['weight_max_pA'], n))
        d = normal_within(rng, prj['delay_mean_ms'], prj['delay_sd_ms'], dt_ms, None, n)
        delays.append(np.maximum(np.rint(d / dt_ms), 1).astype(np.int64))
    return (np.concatenate(sources).astype(np.int64), np.concatenate(targets).astype(np.int64),
            np.concatenate(weights), np.concatenate(delays))


def external_drive(net, first, n_total):
    """Per-neuron external Poisson rate (spikes/s), weight (pA) and delay (ms)."""
    rate = np.zeros(n_total)
    weight = np.zeros(n_total)
    delays = set()
    size = {p['label']: int(p['size']) for p in net['populations']}
    if net['external_input']['mode'] != 'poisson':
        return rate, weight, 0.0  # DC equivalent already in I_e_pA
    for inp in net['external_input']['inputs']:
        if float(inp['weight_pA']) < 0 or float(inp['rate_hz']) < 0:
            fail('external input of {}: weight {} pA, rate {} spikes/s; expected both >= 0 (the drive is excitatory)'.format(
                inp['target'], inp['weight_pA'], inp['rate_hz']))
        lo = first[inp['target']]
        hi = lo + size[inp['target']]
        rate[lo:hi] = float(inp['rate_hz'])
        weight[lo:hi] = float(inp['weight_pA'])
        delays.add(float(inp['delay_ms']))
    if len(delays) > 1:
        fail('external_input: delays {} differ between populations; expected one delay'.format(sorted(delays)))
    return rate, weight, (delays.pop() if delays else 0.0)


def simulate(args):
    net_path = os.path.join(args.dir, 'network.json')
    net = read_or_fail(read_document, net_path, NETWORK_FORMAT)
    if net.get('neuron_model') != 'iaf_psc_exp':
        fail('{}: neuron_model {!r}; expected iaf_psc_exp'.format(net_path, net.get('neuron_model')))
    if net['replaced_input']['inputs']:
        fail('{}: replaced_input ({}) is not supported; simulate all areas'.format(net_path, net['replaced_input']['mode']))
    sim_path = os.path.join(args.dir, 'sim.json')
    sim = read_or_fail(read_document, sim_path, SIM_FORMAT) if os.path.exists(sim_path) else {}
    dt_ms = float(sim.get('dt_ms', 0.1))
    t_sim_ms = float(args.t_sim if args.t_sim is not None else sim.get('t_sim_ms', 1000.0))
    if not 0 <= args.t_min < args.t_max <= t_sim_ms:
        fail('rate window [{}, {}) ms: expected 0 <= t_min < t_max <= t_sim = {}'.format(args.t_min, args.t_max, t_sim_ms))

    timing = {}
    t0 = time.time()
    import brian2 as b2
    timing['import_s'] = time.time() - t0

    build_dir = os.path.abspath(args.build_dir or os.path.join(args.dir, 'brian2_build'))
    if args.device == 'cpp_standalone':
        b2.set_device('cpp_standalone', directory=build_dir, build_on_run=False)
        if args.threads > 1:
            b2.prefs.devices.cpp_standalone.openmp_threads = args.threads
    else:
        b2.prefs.codegen.target = args.device  # 'cython' or 'numpy'
    b2.defaultclock.dt = dt_ms * b2.ms
    b2.seed(args.seed)
    rng = np.random.default_rng(args.seed)

    t0 = time.time()
    pops = [p for p in net['populations'] if int(p['size']) > 0]
    first, n_total = {}, 0
    for p in pops:
        first[p['label']] = n_total
        n_total += int(p['size'])
    src, tgt, w, d = draw_connectivity(net, first, rng, dt_ms)
    if d.size > 0 and d.min() + args.delay_shift_steps < 1:
        fail('--delay-shift-steps {}: the shortest delay would be {} steps; expected >= 1'.format(
            args.delay_shift_steps, d.min() + args.delay_shift_steps))
    ext_rate, ext_weight, ext_delay = external_drive(net, first, n_total)
    v0 = net['V0']
    V0 = rng.normal(float(v0['mean_mV']), float(v0['sd_mV']), n_total) if float(v0['sd_mV']) > 0 \
        else np.full(n_total, float(v0['mean_mV']))
    I_e = np.zeros(n_total)
    for p in pops:
        I_e[first[p['label']]:first[p['label']] + int(p['size'])] = float(p['I_e_pA'])
    timing['draw_network_s'] = time.time() - t0

    t0 = time.time()
    eqs_extra = 'lam_ext : 1 (constant)\nw_ext : amp (constant)'
    neuron_params = dict(net['neuron_params'])
    if args.t_ref_ms is not None:
        neuron_params['t_ref'] = args.t_ref_ms
    g = make_neurons(b2, n_total, neuron_params, dt_ms, extra=eqs_extra)
    g.V = V0 * b2.mV
    g.I_e = I_e * b2.pA
    # External Poisson drive: Poisson(rate dt) events per neuron and step of the external weight,
    # added in the synaptic-delivery slot from the first step in which NEST delivers them. One code
    # object serves all neurons (one PoissonInput per population would be 254 objects).
    g.lam_ext = ext_rate * dt_ms * 1e-3
    g.w_ext = ext_weight * b2.pA
    g.namespace['ext_start_steps'] = int(round(ext_delay / dt_ms))
    g.run_regularly('I_ex += w_ext * poisson(lam_ext) * int(timestep(t, dt) >= ext_start_steps)',
                    when='synapses', name='external_drive')
    objects = [g]
    for label, mask in (('exc', w > 0), ('inh', ~(w > 0))):
        if not mask.any():
            continue
        target = 'I_ex' if label == 'exc' else 'I_in'
        syn = b2.Synapses(g, g, 'w : amp (constant)', on_pre='{}_post += w'.format(target), name='syn_' + label)
        syn.connect(i=src[mask], j=tgt[mask])
        syn.w = w[mask] * b2.pA
        syn.delay = (d[mask] + args.delay_shift_steps) * dt_ms * b2.ms
        objects.append(syn)
    mon = b2.SpikeMonitor(g, name='spikes')
    objects.append(mon)
    network = b2.Network(objects)
    timing['setup_objects_s'] = time.time() - t0

    t0 = time.time()
    network.run(t_sim_ms * b2.ms, namespace={})
    if args.device == 'cpp_standalone':
        timing['network_run_call_s'] = time.time() - t0
        t0 = time.time()
        b2.device.build(directory=build_dir, compile=True, run=True, debug=False, clean=True)
        total = time.time() - t0
        compile_s = sum(v for v in (b2.device.timers['compile'] or {}).values() if v is not None)
        run_binary_s = b2.device.timers['run_binary']
        timing['build_total_s'] = total
        # Standalone code is generated partly in run() and partly when writing the project.
        timing['codegen_s'] = timing['network_run_call_s'] + (total - compile_s - run_binary_s)
        timing['compile_s'] = compile_s
        timing['run_binary_s'] = run_binary_s
        timing['simulation_loop_s'] = float(b2.device._last_run_time)
        # Inside the binary, before the loop: loading the synapse arrays, building the spike queues.
        timing['binary_setup_s'] = run_binary_s - timing['simulation_loop_s']
    else:
        timing['run_s'] = time.time() - t0

    # NEST time stamps: Brian2's spike in step n is NEST's spike stamped (n + 1) dt.
    steps = np.rint(np.asarray(mon.t / b2.ms) / dt_ms).astype(np.int64) + 1
    senders = np.asarray(mon.i, dtype=np.int64)
    stamp_ms = steps * dt_ms
    eps = 1e-9
    inside = (stamp_ms >= args.t_min - eps) & (stamp_ms < args.t_max - eps)
    counts = np.bincount(senders[inside], minlength=n_total)
    window_s = (args.t_max - args.t_min) * 1e-3
    rates = {}
    for p in net['populations']:
        size = int(p['size'])
        if not p.get('record_spikes', True):
            continue
        if size < 1:
            rates[p['label']] = 0.0
            continue
        lo = first[p['label']]
        rates[p['label']] = float(counts[lo:lo + size].sum()) / (size * window_s)
    out = args.out or os.path.join(args.dir, 'rates-brian2-seed{}.json'.format(args.seed))
    write_json_atomic(out, rates)
    total_spikes = int(senders.size)
    if args.t_ref_ms is not None:
        timing['t_ref_ms_override'] = args.t_ref_ms
    if args.delay_shift_steps != 0:
        timing['delay_shift_steps'] = args.delay_shift_steps
    timing.update({'device': args.device, 'threads': args.threads, 'seed': args.seed, 't_sim_ms': t_sim_ms,
                   'dt_ms': dt_ms, 'rate_window_ms': [args.t_min, args.t_max], 'spikes': total_spikes,
                   'mean_rate_spikes_per_s': total_spikes / (n_total * t_sim_ms * 1e-3),
                   'brian2_version': b2.__version__})
    timing_path = os.path.splitext(out)[0] + '.timing.json'
    write_json_atomic(timing_path, timing)
    print(json.dumps(timing, indent=1))
    print('rates: {}'.format(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--dir', help='run folder of `mam nest-export` (network.json, sim.json)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--t-sim', type=float, default=None, help='simulated time (ms); default: sim.json')
    ap.add_argument('--t-min', type=float, default=200.0)
    ap.add_argument('--t-max', type=float, default=1000.0)
    ap.add_argument('--out', help='rates JSON to write (default: <dir>/rates-brian2-seed<seed>.json)')
    ap.add_argument('--device', choices=['cpp_standalone', 'cython', 'numpy'], default='cpp_standalone')
    ap.add_argument('--threads', type=int, default=1, help='OpenMP threads (cpp_standalone)')
    ap.add_argument('--build-dir', help='cpp_standalone project folder (default: <dir>/brian2_build)')
    ap.add_argument('--t-ref-ms', type=float, default=None,
                    help='refractory period (ms, NEST meaning) instead of network.json\'s; only to test the sensitivity of the comparison')
    ap.add_argument('--delay-shift-steps', type=int, default=0,
                    help='add this many steps to every synaptic delay; only to test the sensitivity of the comparison')
    ap.add_argument('--check-neuron', metavar='REF', help='compare single neurons with NEST traces and exit')
    args = ap.parse_args()
    if args.check_neuron:
        sys.exit(0 if check_neuron(args.check_neuron) else 1)
    if not args.dir:
        ap.error('--dir is required')
    simulate(args)


if __name__ == '__main__':
    main()

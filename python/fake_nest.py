"""A minimal stand-in for PyNEST 3, for testing run_nest.py without NEST.

It records every call (JSON-serializable, infinities as "inf"/"-inf") to the file named by
$FAKE_NEST_LOG at exit, counts nodes and connections as NEST's network_size and num_connections do, and Simulate() writes NEST-style ASCII spike files for the spike
recorder: neuron g fires at t = k * (1 + g % 3) ms, k = 1, 2, ... while t <= t_sim, split over two
"virtual process" files.
"""
import atexit
import json
import math as _pymath
import os

_calls = []
_kernel = {'data_path': '', 'resolution': 0.1}
_next_id = [1]
_num_connections = [0]
_recorders = {}  # node id -> {'label', 'sources': [(first, n)]}


def _plain(value):
    if isinstance(value, float) and _pymath.isinf(value):
        return 'inf' if value > 0 else '-inf'
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, NodeCollection):
        return {'first': value.first, 'n': value.n, 'model': value.model}
    if isinstance(value, _Param):
        return value.spec
    return value


class _Param:
    def __init__(self, spec):
        self.spec = spec


class _Random:
    @staticmethod
    def normal(mean=0.0, std=1.0):
        return _Param({'normal': {'mean': mean, 'std': std}})


class _Math:
    @staticmethod
    def redraw(parameter, min=-_pymath.inf, max=_pymath.inf):
        if not isinstance(parameter, _Param):
            raise TypeError('redraw needs a Parameter')
        return _Param({'redraw': {'parameter': parameter.spec, 'min': _plain(min), 'max': _plain(max)}})


random = _Random()
math = _Math()  # nest.math.redraw


class NodeCollection:
    def __init__(self, first, n, model):
        self.first, self.n, self.model = first, n, model

    def __len__(self):
        return self.n

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self.n)
            if step != 1 or stop <= start:
                raise ValueError('fake nest: unsupported slice')
            return NodeCollection(self.first + start, stop - start, self.model)
        if not 0 <= key < self.n:
            raise IndexError('fake nest: index out of range')
        return NodeCollection(self.first + key, 1, self.model)

    def get(self, key):
        if key == 'global_id' and self.n == 1:
            return self.first
        raise KeyError(key)

    def set(self, params=None, **kwargs):
        _calls.append({'fn': 'set', 'nodes': _plain(self), 'params': _plain(params or kwargs)})


def ResetKernel():
    _calls.append({'fn': 'ResetKernel'})
    _kernel.clear()
    _next_id[0] = 1
    _num_connections[0] = 0


def SetKernelStatus(params):
    _calls.append({'fn': 'SetKernelStatus', 'params': _plain(params)})
    _kernel.update(params)


def GetKernelStatus(key):
    derived = {
        'local_spike_counter': 0,
        'network_size': _next_id[0] - 1,
        'num_connections': _num_connections[0],
        'local_num_threads': _kernel.get('total_num_virtual_procs', 1) // NumProcesses(),
    }
    return derived[key] if key in derived else _kernel[key]


def SetDefaults(model, params):
    _calls.append({'fn': 'SetDefaults', 'model': model, 'params': _plain(params)})


def Create(model, n=1, params=None):
    if n < 1:
        raise ValueError('fake nest: Create needs n >= 1')
    nodes = NodeCollection(_next_id[0], n, model)
    _next_id[0] += n
    _calls.append({'fn': 'Create', 'model': model, 'n': n, 'params': _plain(params), 'first': nodes.first})
    if model == 'spike_recorder':
        _recorders[nodes.first] = {'label': (params or {}).get('label', model), 'sources': []}
    return nodes


def Connect(pre, post, conn_spec=None, syn_spec=None):
    _calls.append({'fn': 'Connect', 'pre': _plain(pre), 'post': _plain(post),
                   'conn_spec': _plain(conn_spec), 'syn_spec': _plain(syn_spec)})
    if post.model == 'spike_recorder':
        _recorders[post.first]['sources'].append((pre.first, pre.n))
    rule = (conn_spec or {}).get('rule', 'all_to_all')
    if rule == 'fixed_total_number':
        _num_connections[0] += conn_spec['N']
    elif rule == 'all_to_all':
        _num_connections[0] += pre.n * post.n
    else:
        raise ValueError('fake nest: unsupported rule ' + rule)


def Simulate(t):
    _calls.append({'fn': 'Simulate', 't': t})
    for rid, rec in _recorders.items():
        files = [open(os.path.join(_kernel['data_path'], '{}-{}-{}.dat'.format(rec['label'], rid, vp)), 'w')
                 for vp in range(2)]
        for f in files:
            f.write('# NEST version: fake\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n')
        for first, n in rec['sources']:
            for g in range(first, first + n):
                period = 1 + g % 3
                k = 1
                while k * period <= t + 1e-9:
                    files[g % 2].write('{}\t{:.3f}\n'.format(g, k * period))
                    k += 1
        for f in files:
            f.close()


def Rank():
    return 0


def NumProcesses():
    return int(os.environ.get('FAKE_NEST_PROCESSES', '1'))


def SyncProcesses():
    _calls.append({'fn': 'SyncProcesses'})


@atexit.register
def _dump():
    path = os.environ.get('FAKE_NEST_LOG')
    if path:
        with open(path, 'w') as f:
            json.dump(_calls, f)

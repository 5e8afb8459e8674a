"""Reading and writing the JSON files of multiarea runs, shared by run_nest.py and brian2_network.py.

Every JSON document we write carries "format" and "version"; a reader accepts only the versions it
understands. The versions here must equal those of the TypeScript writers
(simulation/nest/network-json.ts: NEST_NETWORK_VERSION, simulation/nest/sim-spec.ts: NEST_SIM_VERSION).
The export copies this file next to run_nest.py, so that a run folder is self-contained.
"""
import json
import os

NETWORK_FORMAT = 'multiarea-nest-network'
SIM_FORMAT = 'multiarea-nest-sim'

# format -> the version this code reads
VERSIONS = {
    NETWORK_FORMAT: 2,
    SIM_FORMAT: 1,
}


class FormatError(Exception):
    """A file that is missing, not JSON, or not of the expected format and version."""


def read_json(path, expected='a JSON file'):
    """The parsed JSON of `path`; `expected` says in the error what the file should have been."""
    try:
        with open(path, 'r') as f:
            return json.load(f)
    except FileNotFoundError:
        raise FormatError('{} not found; expected {}'.format(path, expected))
    except ValueError as err:
        raise FormatError('{} is not valid JSON ({})'.format(path, err))


def read_document(path, fmt, expected='the folder written by `mam nest-export`'):
    """The JSON document at `path`, which must have format `fmt` in the version this code reads."""
    if fmt not in VERSIONS:
        raise ValueError('unknown format {!r}; expected one of {}'.format(fmt, ', '.join(sorted(VERSIONS))))
    doc = read_json(path, expected)
    version = VERSIONS[fmt]
    if not isinstance(doc, dict) or doc.get('format') != fmt or doc.get('version') != version:
        got = (doc.get('format'), doc.get('version')) if isinstance(doc, dict) else (type(doc).__name__, None)
        raise FormatError('{} has format {!r} version {!r}; expected {!r} version {}'.format(path, got[0], got[1], fmt, version))
    return doc


def write_json_atomic(path, value):
    """Writes JSON so that readers never see a partial file: beside the target, then renamed."""
    tmp = '{}.tmp-{}'.format(path, os.getpid())
    with open(tmp, 'w') as f:
        json.dump(value, f, indent=1)
        f.write('\n')
    os.replace(tmp, path)

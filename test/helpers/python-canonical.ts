/**
 * A Python 3 reference of the canonical JSON text (core/io/canonical-json.ts), for tests that check that
 * Python computes the same text and hashes as TypeScript. Modes: `sample` prints the canonical text of a
 * fixed parameter tree, `bits` the canonical numbers of little-endian float64 hex strings read as JSON from
 * stdin, `sha256` the hex sha256 of the canonical text of a JSON tree read from stdin.
 */
import { spawnSync } from 'node:child_process';

/**
 * Python 3 reference of the canonical text: json.dumps's sorted keys and string escapes, floats from
 * repr() (shortest round trip) laid out as ECMAScript's Number::toString lays them out.
 */
export const PYTHON_CANONICAL = String.raw`
import hashlib, json, math, struct, sys

def es_number(x):
    x = float(x)
    if math.isnan(x): return 'NaN'
    if math.isinf(x): return 'Infinity' if x > 0 else '-Infinity'
    if x == 0: return '0'
    sign = '-' if x < 0 else ''
    mant, _, exp = repr(abs(x)).partition('e')
    whole, _, frac = mant.partition('.')
    digits = (whole + frac).lstrip('0')
    scale = (int(exp) if exp else 0) - len(frac)
    stripped = digits.rstrip('0')
    scale += len(digits) - len(stripped)
    digits = stripped
    k = len(digits)
    n = k + scale  # value = 0.digits * 10**n
    if k <= n <= 21: body = digits + '0' * (n - k)
    elif 0 < n <= 21: body = digits[:n] + '.' + digits[n:]
    elif -6 < n <= 0: body = '0.' + '0' * (-n) + digits
    else:
        e = n - 1
        body = digits[0] + ('.' + digits[1:] if k > 1 else '') + 'e' + ('+' if e >= 0 else '-') + str(abs(e))
    return sign + body

def canonical(v):
    if v is None: return 'null'
    if v is True: return 'true'
    if v is False: return 'false'
    if isinstance(v, (int, float)): return es_number(v)
    if isinstance(v, str): return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)): return '[' + ','.join(canonical(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ','.join(json.dumps(k, ensure_ascii=False) + ':' + canonical(v[k]) for k in sorted(v)) + '}'
    raise TypeError(type(v))

sample = {
    'connection_params': {'g': -11.0, 'cc_weights_factor': 1.9, 'fac_nu_ext_6E': 1.41666667, 'K_stable': None,
                          'SLN_fit': 'published', 'E_specificity': True, 'lognormal_weights': False},
    'floats': [0.1, 1/3, 2/3, 1e-7, 1e-6, 1.5e-7, 1e21, 1e20, 1.2345678901234567e20, 1e16, 123.0, -0.5,
               0.1 + 0.2, 5e-324, 1.7976931348623157e308, 2**53, 2**53 + 2, -1e-300, 1234.5678e-10],
    'ints': [0, 1, -3, 100, 3950],
    'strings': ['µm', 'tab\there', 'quote"back\\slash', '\u0001', 'λ_max', ''],
    'nested': {'b': {'z': 1, 'a': [1, {'y': 2.5, 'x': None}]}, 'a': []},
    'keys': {'\U0001F600': 1, '\uffff': 2, 'B': 3, 'a': 4, '_': 5},
    'non_finite': [float('nan'), float('inf'), -float('inf'), -0.0],
}

if sys.argv[1] == 'sample':
    sys.stdout.write(canonical(sample))
elif sys.argv[1] == 'sha256':
    sys.stdout.write(hashlib.sha256(canonical(json.load(sys.stdin)).encode('utf-8')).hexdigest())
else:
    bits = json.load(sys.stdin)
    sys.stdout.write('\n'.join(es_number(struct.unpack('<d', bytes.fromhex(h))[0]) for h in bits))
`;


/** Whether python3 with the json module can be run (tests that need it skip otherwise). */
export const HAS_PYTHON = spawnSync('python3', ['-c', 'import hashlib, json, struct'], { encoding: 'utf8' }).status === 0;

if (!HAS_PYTHON) console.warn('python3 with the json module not found: skipping the comparisons of canonical JSON with Python');

/** Runs the Python reference in `mode` with `input` on stdin; returns its stdout. */
export function python(mode: 'sample' | 'bits' | 'sha256', input?: string): string {
  const r = spawnSync('python3', ['-c', PYTHON_CANONICAL, mode], { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * The canonical text behind every label and cache key: exact numbers, key order irrelevant, and the
 * same text from Python 3 (json module plus an ECMAScript float layout) as from TypeScript.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson, canonicalNumber } from '../../../core/io/canonical-json.ts';
import { HAS_PYTHON, python } from '../../helpers/python-canonical.ts';

/** The same tree as the `sample` of test/helpers/python-canonical.ts, written in TypeScript (keys in another order). */
const SAMPLE = {
  non_finite: [NaN, Infinity, -Infinity, -0],
  nested: { a: [], b: { a: [1, { x: null, y: 2.5 }], z: 1 } },
  keys: { a: 4, B: 3, _: 5, '\u{1F600}': 1, '\uffff': 2 },
  strings: ['µm', 'tab\there', 'quote"back\\slash', '\u0001', 'λ_max', ''],
  ints: [0, 1, -3, 100, 3950],
  floats: [0.1, 1 / 3, 2 / 3, 1e-7, 1e-6, 1.5e-7, 1e21, 1e20, 1.2345678901234567e20, 1e16, 123.0, -0.5,
    0.1 + 0.2, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, -1e-300, 1234.5678e-10],
  connection_params: { SLN_fit: 'published', K_stable: null, g: -11, E_specificity: true, cc_weights_factor: 1.9,
    lognormal_weights: false, fac_nu_ext_6E: 1.41666667 },
};

/**
 * Doubles from random bit patterns (every binade) alternating with doubles of magnitude 1e-9..1e22, where
 * all layouts of Number::toString occur (plain, leading zeros, trailing zeros, exponent), as little-endian hex.
 */
function randomDoubleBits(count: number, seed: number): { values: number[]; hex: string[] } {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s);
  const buf = Buffer.alloc(8);
  const values: number[] = [];
  const hex: string[] = [];
  while (values.length < count) {
    if (values.length % 2 === 0) {
      buf.writeUInt32LE(next(), 0);
      buf.writeUInt32LE(next(), 4);
    } else {
      buf.writeDoubleLE((next() / 2 ** 32 - 0.5) * 10 ** ((next() % 32) - 9), 0);
    }
    const x = buf.readDoubleLE(0);
    if (!Number.isFinite(x)) continue;
    values.push(x);
    hex.push(buf.toString('hex'));
  }
  return { values, hex };
}

describe('canonicalJson', () => {
  it('writes numbers exactly, in the shortest round-trip ECMAScript form', () => {
    expect(canonicalJson([0.1, 1 / 3, 1e-7, 1e21, 1.9, 1.90001, 3.0, -0, 1e20])).toBe(
      '[0.1,0.3333333333333333,1e-7,1e+21,1.9,1.90001,3,0,100000000000000000000]',
    );
    expect(canonicalNumber(NaN)).toBe('NaN');
    expect(canonicalNumber(-Infinity)).toBe('-Infinity');
    // Adjacent doubles differ in their text: nothing is rounded.
    const x = 1234567.891;
    const next = x + 2 ** -32; // one unit in the last place at this magnitude
    expect(next).not.toBe(x);
    expect(canonicalJson(next)).not.toBe(canonicalJson(x));
    expect(Number(canonicalJson(next))).toBe(next);
  });

  it('sorts keys by code point, drops undefined values and makes typed arrays plain arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    // UTF-16 order would put U+1F600 (surrogates D83D DE00) before U+FFFF; code-point order puts it after.
    expect(canonicalJson({ '\u{1F600}': 1, '\uffff': 2 })).toBe('{"\uffff":2,"\u{1F600}":1}');
    expect(canonicalJson(Float64Array.of(0.5, 1e-7))).toBe('[0.5,1e-7]');
    expect(canonicalJson({ n: 12345678901234567890n })).toBe('{"n":12345678901234567890}');
  });

  it('refuses values it cannot represent, naming where they are', () => {
    expect(() => canonicalJson({ a: { f: () => 1 } })).toThrow(/\$\.a\.f is a function/);
    expect(() => canonicalJson({ a: [1, undefined] })).toThrow(/\$\.a\[1\] is undefined/);
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(/\$\.when is a Date; expected a plain object/);
    expect(() => canonicalJson(new Map())).toThrow(/\$ is a Map/);
  });

  it('canonicalHash is the sha256 of the canonical text, cut to the requested length', () => {
    const text = canonicalJson(SAMPLE);
    expect(canonicalHash(SAMPLE)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(canonicalHash(SAMPLE, 16)).toBe(canonicalHash(SAMPLE).slice(0, 16));
    expect(canonicalHash({ x: 1.9 }, 32)).not.toBe(canonicalHash({ x: 1.90001 }, 32));
    expect(() => canonicalHash(SAMPLE, 4)).toThrow(/hexDigits = 4; expected a whole number from 8 to 64/);
  });
});

describe.skipIf(!HAS_PYTHON)('canonicalJson agrees with Python 3', () => {
  it('gives the identical text for a parameter tree with 0.1, 1/3, 1e-7, 1e21 and friends', () => {
    const fromPython = python('sample');
    expect(canonicalJson(SAMPLE)).toBe(fromPython);
    expect(fromPython).toContain('[0.1,0.3333333333333333,0.6666666666666666,1e-7,0.000001,1.5e-7,1e+21,100000000000000000000,');
  });

  it('formats 3000 doubles from every binade the same way', () => {
    const { values, hex } = randomDoubleBits(3000, 20240601);
    const fromPython = python('bits', JSON.stringify(hex)).split('\n');
    expect(fromPython).toEqual(values.map(canonicalNumber));
    // Arrays of finite numbers (written in one go) give the same text as number by number.
    expect(canonicalJson(values)).toBe(`[${fromPython.join(',')}]`);
    expect(canonicalJson(Float64Array.from(values))).toBe(`[${fromPython.join(',')}]`);
  });
});

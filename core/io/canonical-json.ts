/**
 * The canonical text of a parameter tree, and its content hash: what every label and cache key of the
 * project hashes (model labels, simulation labels, figure rule keys, kernel file names), so that equal
 * trees give equal keys on any machine and in any language, and any difference in any number gives a
 * different key.
 *
 * The canonical text is JSON without whitespace in which
 * - object keys are sorted by Unicode code point (Python's `sort_keys=True` order); keys whose value is
 *   `undefined` are left out, as JSON.stringify does;
 * - every number is written in its shortest round-trip decimal form, formatted as ECMAScript's
 *   Number::toString (JSON.stringify) formats it: `0.1`, `0.3333333333333333`, `1e-7`, `1e+21`, `3`
 *   (3.0 and 3 are the same number), `100000000000000000000`; -0 is written `0`, and the non-finite
 *   numbers as Python's json.dumps writes them: `NaN`, `Infinity`, `-Infinity`. No number is rounded;
 * - strings are escaped as JSON.stringify escapes them (= Python's json.dumps with ensure_ascii=False);
 * - typed arrays are arrays of their numbers, bigints their decimal digits.
 * Anything else (functions, symbols, Map, Set, Date, class instances, `undefined` inside an array) is an
 * error naming where in the tree it is, instead of being hashed in some implicit way.
 *
 * Python reproduces the text with json.dumps(tree, sort_keys=True, separators=(',', ':'),
 * ensure_ascii=False) after formatting floats the ECMAScript way (test/core/io/canonical-json.test.ts
 * holds such a formatter and checks that both agree).
 */
import { sha256 } from './node-host.ts';

/** Canonical JSON text of `value` (see the module comment). */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, '$', parts);
  return parts.join('');
}

/**
 * Lowercase hex sha256 of the canonical text of `value`, cut to `hexDigits` digits (default: all 64).
 * 32 digits (128 bits) make collisions between any two keys a project will ever see negligible.
 */
export function canonicalHash(value: unknown, hexDigits = 64): string {
  if (!Number.isInteger(hexDigits) || hexDigits < 8 || hexDigits > 64) {
    throw new RangeError(`canonicalHash: hexDigits = ${hexDigits}; expected a whole number from 8 to 64`);
  }
  return sha256().update(canonicalJson(value)).digestHex().slice(0, hexDigits);
}

/** Hex digits of the project's labels (models, simulations): 128 bits. */
export const LABEL_HEX_DIGITS = 32;

/** The label form of a content hash: {@link canonicalHash} cut to {@link LABEL_HEX_DIGITS} hex digits. */
export function contentLabel(value: unknown): string {
  return canonicalHash(value, LABEL_HEX_DIGITS);
}

/** A number's canonical text: shortest round-trip decimal, ECMAScript layout, -0 as 0. */
export function canonicalNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return Object.is(x, -0) ? '0' : String(x);
}

/** Compares two strings by Unicode code point (UTF-16 order differs for characters above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

function isFiniteNumber(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}

function isPlainRecord(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

function write(value: unknown, path: string, out: string[]): void {
  switch (typeof value) {
    case 'number':
      out.push(canonicalNumber(value));
      return;
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}; expected a number, string, boolean, null, array or plain object`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (Array.isArray(value)) {
    // JSON.stringify writes finite numbers (and -0 as 0) exactly as canonicalNumber does, several times faster.
    if (value.every(isFiniteNumber)) {
      out.push(JSON.stringify(value));
      return;
    }
    out.push('[');
    value.forEach((item, k) => {
      if (k > 0) out.push(',');
      if (item === undefined) throw new TypeError(`canonicalJson: ${path}[${k}] is undefined; arrays may not hold undefined`);
      write(item, `${path}[${k}]`, out);
    });
    out.push(']');
    return;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = value as unknown as ArrayLike<number | bigint>;
    const plain = Array.from(items);
    if (plain.every(isFiniteNumber)) {
      out.push(JSON.stringify(plain));
      return;
    }
    out.push('[');
    for (let k = 0; k < items.length; k++) {
      if (k > 0) out.push(',');
      const item = items[k];
      out.push(typeof item === 'bigint' ? item.toString() : canonicalNumber(item));
    }
    out.push(']');
    return;
  }
  if (!isPlainRecord(value)) {
    throw new TypeError(`canonicalJson: ${path} is a ${describe(value)}; expected a plain object, an array or a typed array`);
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort(compareCodePoints);
  out.push('{');
  keys.forEach((key, k) => {
    if (k > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write(value[key], `${path}.${key}`, out);
  });
  out.push('}');
}

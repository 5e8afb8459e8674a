import { OrderedRecord } from './ordered-record.ts';

/**
 * Deterministic, diff-friendly JSON text for committed data files: objects are indented one key per line,
 * arrays holding only primitives stay on one line, numbers use JavaScript's shortest round-trip form, and
 * non-finite numbers (NaN, which marks missing measurements) are written as null. The same value always
 * gives the same bytes, so rebuilding a dataset is byte-identical. {@link OrderedRecord}s are written in their
 * own key order.
 */
export function stableJson(value: unknown, indent = 1, options: StableJsonOptions = {}): string {
  return format(value, 0, indent, options.nonFinite === 'python' ? pythonPrimitive : formatPrimitive) + '\n';
}

export interface StableJsonOptions {
  /** 'null' (default, standard JSON) or 'python': NaN, Infinity and -Infinity as Python's json writes them. */
  nonFinite?: 'null' | 'python';
}

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function formatPrimitive(value: unknown): string {
  // String() of a finite number is its JSON text (shortest round-trip form), and faster.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === undefined) throw new Error('stableJson: undefined is not representable in JSON');
  return JSON.stringify(value);
}

function pythonPrimitive(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return formatPrimitive(value);
}

function format(value: unknown, depth: number, indent: number, primitive: (value: unknown) => string): string {
  if (isPrimitive(value)) return primitive(value);
  const pad = ' '.repeat((depth + 1) * indent);
  const closePad = ' '.repeat(depth * indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) return '[' + value.map(primitive).join(', ') + ']';
    return '[\n' + value.map((v) => pad + format(v, depth + 1, indent, primitive)).join(',\n') + '\n' + closePad + ']';
  }
  if (ArrayBuffer.isView(value)) {
    return format(Array.from(value as unknown as ArrayLike<number>), depth, indent, primitive);
  }
  const entries = value instanceof OrderedRecord ? value.entries : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return (
    '{\n' +
    entries.map(([k, v]) => pad + JSON.stringify(k) + ': ' + format(v, depth + 1, indent, primitive)).join(',\n') +
    '\n' +
    closePad +
    '}'
  );
}

/**
 * Generic machinery shared by every parameter set of the project (network, theory, simulation):
 * nested merge of user parameters into defaults, and validation with a zod schema whose failures
 * are turned into messages that name the full parameter path, the offending value and what is allowed.
 */
import type { z } from 'zod';

/** Thrown for invalid parameters; `issues` holds one human-readable line per problem. */
export class ParameterError extends Error {
  readonly issues: string[];
  constructor(rootName: string, issues: string[]) {
    super(`Invalid ${rootName}:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ParameterError';
    this.issues = issues;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of JSON-like data (plain objects, arrays, primitives); typed arrays are copied too. */
export function deepClone<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => deepClone(v)) as T;
  if (ArrayBuffer.isView(value)) return (value as any).slice() as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepClone(v);
    return out as T;
  }
  return value;
}

/**
 * Merges `custom` into a copy of `defaults`, like upstream's nested update: a key whose custom value
 * is an object and whose default is an object is merged recursively; any other value replaces the
 * default wholesale (so e.g. a `null` default may be replaced by an object). Neither input is mutated.
 */
export function nestedMerge<T>(defaults: T, custom: unknown): T {
  const out = deepClone(defaults) as any;
  if (!isPlainObject(custom)) return out;
  for (const [key, value] of Object.entries(custom)) {
    if (value === undefined) continue;
    if (isPlainObject(value) && isPlainObject(out[key])) out[key] = nestedMerge(out[key], value);
    else out[key] = deepClone(value);
  }
  return out;
}

/** Short, single-line rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function pathToString(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: any = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[p as any];
  }
  return cur;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function formatBound(issue: any, direction: '>' | '<'): string {
  const bound = direction === '>' ? issue.minimum : issue.maximum;
  const op = issue.inclusive ? `${direction}=` : direction;
  const what = issue.origin === 'array' || issue.origin === 'string' ? `length ${op} ${bound}` : `${op} ${bound}`;
  return `${withArticle(issue.origin ?? 'value')} ${what}`;
}

/** What a single (possibly nested) zod issue says is allowed, without path or value. */
function expectation(issue: any): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'never') return 'no value here';
      if (issue.expected === 'number' && typeof issue.input === 'number') return 'a finite number';
      return withArticle(issue.expected);
    case 'invalid_value':
      return issue.values.length === 1
        ? describeValue(issue.values[0])
        : `one of ${issue.values.map((v: unknown) => describeValue(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'a non-empty string';
      return formatBound(issue, '>');
    case 'too_big':
      return formatBound(issue, '<');
    case 'invalid_format':
      return `a string in ${issue.format} format`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    case 'invalid_union': {
      const options: string[] = [];
      for (const branch of issue.errors ?? []) {
        // Only the top-level failure of each branch describes that alternative.
        const top = branch.filter((b: any) => (b.path?.length ?? 0) === 0);
        for (const b of top.length ? top : branch) {
          const text = expectation(b);
          if (!options.includes(text)) options.push(text);
        }
      }
      return options.length ? options.join(' or ') : issue.message;
    }
    default:
      return issue.message;
  }
}

/** True when a message was given by the schema author (rather than zod's generic English). */
function isCustomMessage(issue: any): boolean {
  return issue.code === 'custom' || (typeof issue.message === 'string' && issue.message.startsWith('expected '));
}

/**
 * Turns zod issues into lines "path: got VALUE; expected WHAT". `input` is the object that was
 * validated (used to quote the offending value); `rootName` prefixes nothing but is used when the
 * problem is at the root. `allowedKeys(path)` may list the valid keys at a path for unknown-key errors.
 */
export function formatZodIssues(
  issues: ReadonlyArray<z.core.$ZodIssue>,
  input: unknown,
  rootName: string,
  allowedKeys?: (path: ReadonlyArray<PropertyKey>) => string[] | undefined,
): string[] {
  const lines: string[] = [];
  for (const issue of issues as any[]) {
    const path: PropertyKey[] = issue.path ?? [];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys as string[]) {
        const full = pathToString([...path, key]);
        const allowed = allowedKeys?.(path);
        const where = path.length ? ` in ${pathToString(path)}` : '';
        lines.push(
          `unknown parameter '${full}'` +
            (allowed ? `; allowed keys${where}: ${allowed.join(', ')}` : ''),
        );
      }
      continue;
    }
    const name = path.length ? pathToString(path) : rootName;
    const value = 'input' in issue ? issue.input : valueAt(input, path);
    const expected = isCustomMessage(issue) ? issue.message.replace(/^expected /, '') : expectation(issue);
    lines.push(`${name}: got ${describeValue(value)}; expected ${expected}`);
  }
  return lines;
}

/** Keys of the plain object found at `path` inside `tree` (for "allowed keys" hints). */
export function keysAt(tree: unknown, path: ReadonlyArray<PropertyKey>): string[] | undefined {
  const node = valueAt(tree, path);
  return isPlainObject(node) ? Object.keys(node) : undefined;
}

/**
 * Merges `custom` into `defaults` (nested) and validates the result against `schema`.
 * `custom` may be undefined/null (no changes) or a plain object in the nesting of `defaults`.
 * Throws a ParameterError naming every offending parameter path, its value and what is allowed.
 */
export function mergeAndValidate<S extends z.ZodType>(
  schema: S,
  defaults: z.output<S>,
  custom: unknown,
  rootName: string,
): z.output<S> {
  if (custom !== undefined && custom !== null && !isPlainObject(custom)) {
    throw new ParameterError(rootName, [
      `${rootName}: got ${describeValue(custom)}; expected an object of parameters (or nothing for the defaults)`,
    ]);
  }
  const merged = nestedMerge(defaults, custom ?? {});
  const result = schema.safeParse(merged, { reportInput: true });
  if (!result.success) {
    throw new ParameterError(
      rootName,
      formatZodIssues(result.error.issues, merged, rootName, (path) => keysAt(defaults, path)),
    );
  }
  return result.data;
}

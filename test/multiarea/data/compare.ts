/**
 * Deep comparison of JSON-like values with a relative tolerance on numbers; NaN equals NaN. Returns the
 * mismatches (path and both values) so that a failing test says where the data differ.
 */
export function deepCloseMismatches(
  actual: unknown,
  expected: unknown,
  relTol = 1e-12,
  limit = 20,
  subset = false,
): string[] {
  const out: string[] = [];
  const walk = (a: unknown, e: unknown, path: string) => {
    if (out.length >= limit) return;
    if (typeof a === 'number' && typeof e === 'number') {
      if (Number.isNaN(a) && Number.isNaN(e)) return;
      if (a === e || Math.abs(a - e) <= relTol * Math.abs(e)) return;
      out.push(`${path}: ${a} != ${e}`);
      return;
    }
    if (a === null || e === null || typeof a !== 'object' || typeof e !== 'object') {
      if (a !== e) out.push(`${path}: ${show(a)} != ${show(e)}`);
      return;
    }
    if (Array.isArray(a) !== Array.isArray(e)) {
      out.push(`${path}: array vs object`);
      return;
    }
    const ka = Object.keys(a as object);
    const ke = Object.keys(e as object);
    for (const k of ke) if (!ka.includes(k)) out.push(`${path}/${k}: missing`);
    if (!subset) for (const k of ka) if (!ke.includes(k)) out.push(`${path}/${k}: unexpected`);
    for (const k of ke) {
      if (ka.includes(k)) walk((a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k], `${path}/${k}`);
    }
  };
  walk(actual, expected, '');
  return out;
}

/** Like deepCloseMismatches, but objects of `actual` may hold keys that `expected` does not list. */
export function subsetMismatches(actual: unknown, expected: unknown, relTol = 1e-12): string[] {
  return deepCloseMismatches(actual, expected, relTol, 20, true);
}

/** JSON null -> NaN, for comparing fixtures cut from Python output (NaN written as null). */
export function nullsToNaN(value: unknown): unknown {
  if (value === null) return NaN;
  if (Array.isArray(value)) return value.map(nullsToNaN);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, nullsToNaN(v)]));
  }
  return value;
}

function show(v: unknown): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
}

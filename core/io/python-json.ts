/**
 * JSON as Python's `json.dump` writes it: standard JSON plus the bare tokens NaN, Infinity and -Infinity,
 * which `JSON.parse` rejects. Upstream's data files contain NaN for missing measurements.
 */

const SENTINEL_PREFIX = '\u0000py-json:';
const SPECIAL_TOKENS = ['-Infinity', 'Infinity', 'NaN'] as const;
const SPECIAL_VALUES: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Parse Python-flavoured JSON; NaN/Infinity tokens become the corresponding numbers. */
export function parsePythonJson(text: string, source = 'JSON text'): unknown {
  let out = '';
  let inString = false;
  let start = 0;
  let sawSpecial = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch === 'N' || ch === 'I' || ch === '-') {
      const token = SPECIAL_TOKENS.find((t) => text.startsWith(t, i));
      if (token !== undefined) {
        out += text.slice(start, i) + JSON.stringify(SENTINEL_PREFIX + token);
        i += token.length - 1;
        start = i + 1;
        sawSpecial = true;
      }
    }
  }
  out += text.slice(start);
  try {
    if (!sawSpecial) return JSON.parse(out);
    return JSON.parse(out, (_key, value) =>
      typeof value === 'string' && value.startsWith(SENTINEL_PREFIX)
        ? SPECIAL_VALUES[value.slice(SENTINEL_PREFIX.length)]
        : value,
    );
  } catch (err) {
    throw new Error(`${source}: invalid JSON (${(err as Error).message})`);
  }
}

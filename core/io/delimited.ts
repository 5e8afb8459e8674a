/**
 * Reading the delimited text tables of the anatomical dataset with the same tokenization as Python's
 * `csv.reader` (default dialect), so that the parsed cells equal what upstream's loader saw.
 *
 * Python semantics reproduced here: a quote character only opens a quoted field at the start of a field,
 * a doubled quote inside a quoted field is a literal quote, quoted fields may span lines, a blank line is
 * an empty record, and the file is read with universal newlines (CRLF and CR become LF).
 */

/** Normalize line endings as Python's text mode does. */
export function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Split text into records of fields, emulating Python's `csv.reader(f, delimiter=...)`; `source` names the
 * text (its file) in error messages.
 */
export function parseDelimited(text: string, delimiter: string, source = 'parseDelimited'): string[][] {
  if (delimiter.length !== 1) {
    throw new Error(`${source}: delimiter must be one character, got ${JSON.stringify(delimiter)}`);
  }
  const src = universalNewlines(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  // 'start' = at the beginning of a field, 'plain' = inside an unquoted field,
  // 'quoted' = inside a quoted field, 'quote' = just saw a quote inside a quoted field.
  let state: 'start' | 'plain' | 'quoted' | 'quote' = 'start';
  let recordOpen = false;

  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    records.push(record);
    record = [];
    recordOpen = false;
  };

  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    switch (state) {
      case 'start':
        if (ch === '\n') {
          // A blank line is an empty record; a line ending after a delimiter closes an empty last field.
          if (recordOpen) endField();
          endRecord();
        } else if (ch === '"') {
          recordOpen = true;
          state = 'quoted';
        } else if (ch === delimiter) {
          recordOpen = true;
          endField();
        } else {
          recordOpen = true;
          field += ch;
          state = 'plain';
        }
        break;
      case 'plain':
        if (ch === '\n') {
          endField();
          endRecord();
          state = 'start';
        } else if (ch === delimiter) {
          endField();
          state = 'start';
        } else {
          field += ch;
        }
        break;
      case 'quoted':
        if (ch === '"') state = 'quote';
        else field += ch;
        break;
      case 'quote':
        if (ch === '"') {
          field += '"';
          state = 'quoted';
        } else if (ch === delimiter) {
          endField();
          state = 'start';
        } else if (ch === '\n') {
          endField();
          endRecord();
          state = 'start';
        } else {
          // Python's non-strict mode keeps characters after a closing quote.
          field += ch;
          state = 'plain';
        }
        break;
    }
  }
  if (state === 'quoted') {
    throw new Error(`${source}: unterminated quoted field at end of input; expected a closing '"'`);
  }
  if (recordOpen || state !== 'start') {
    endField();
    endRecord();
  }
  return records;
}

const PY_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/**
 * Python's `float(text)`: surrounding whitespace is ignored; accepts decimal and exponent notation and
 * inf/infinity/nan in any case. Returns undefined where Python would raise ValueError.
 */
export function tryPyFloat(text: string): number | undefined {
  const s = text.trim();
  if (!PY_FLOAT.test(s)) return undefined;
  const lower = s.toLowerCase().replace(/^[+]/, '');
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return Number(s);
}

/** Python's `float(text)`, throwing an error that names the file and location where Python would fail. */
export function pyFloat(text: string, where: string): number {
  const value = tryPyFloat(text);
  if (value === undefined) throw new Error(`${where}: expected a number, got ${JSON.stringify(text)}`);
  return value;
}

/** Python's `int(text)` for decimal integers (surrounding whitespace ignored). */
export function pyInt(text: string, where: string): number {
  const s = text.trim();
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`${where}: expected an integer, got ${JSON.stringify(text)}`);
  const value = Number(s);
  if (!Number.isSafeInteger(value)) throw new Error(`${where}: integer ${s} is too large to be exact`);
  return value;
}

/** The values pandas reads as missing by default (its `na_values`), for cells of string columns. */
export const PANDAS_NA_STRINGS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A',
  'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

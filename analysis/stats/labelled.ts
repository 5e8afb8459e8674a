/**
 * Ordered label -> value tables for analysis results.
 *
 * A plain object is no table of areas: JavaScript lists integer-like keys first, so area "46" would
 * precede "V1" in every Object.keys, for..in and JSON.stringify. `Labelled` keeps the order it was
 * built in (the model's area and population order) and serialises to parallel arrays
 * `{ labels, values }` (pandas: `pd.Series(values, index=labels)`).
 */
export class Labelled<T> {
  readonly labels: readonly string[];
  readonly values: readonly T[];
  private readonly index: Map<string, number>;

  constructor(labels: readonly string[], values: readonly T[]) {
    if (labels.length !== values.length) {
      throw new Error(`Labelled: ${labels.length} labels but ${values.length} values; expected one value per label`);
    }
    this.index = new Map(labels.map((l, i) => [l, i]));
    if (this.index.size !== labels.length) {
      const seen = new Set<string>();
      const twice = labels.find((l) => seen.size === seen.add(l).size);
      throw new Error(`Labelled: label '${twice}' occurs twice; expected unique labels`);
    }
    this.labels = [...labels];
    this.values = [...values];
  }

  static fromEntries<T>(entries: Iterable<readonly [string, T]>): Labelled<T> {
    const labels: string[] = [];
    const values: T[] = [];
    for (const [l, v] of entries) {
      labels.push(l);
      values.push(v);
    }
    return new Labelled(labels, values);
  }

  get size(): number {
    return this.labels.length;
  }

  has(label: string): boolean {
    return this.index.has(label);
  }

  /** The value of `label`; an error naming the known labels if there is none. */
  get(label: string): T {
    const i = this.index.get(label);
    if (i === undefined) {
      const known = this.labels.length > 12 ? `${this.labels.slice(0, 12).join(', ')}, ...` : this.labels.join(', ');
      throw new Error(`'${label}' not found; expected one of ${known}`);
    }
    return this.values[i];
  }

  entries(): [string, T][] {
    return this.labels.map((l, i) => [l, this.values[i]]);
  }

  map<U>(f: (value: T, label: string, i: number) => U): Labelled<U> {
    return new Labelled(this.labels, this.values.map((v, i) => f(v, this.labels[i], i)));
  }

  toJSON(): { labels: string[]; values: T[] } {
    return { labels: [...this.labels], values: [...this.values] };
  }
}

/** A square matrix over labelled items (e.g. areas), row i / column j = labels[i] / labels[j]. */
export interface LabelledSquareMatrix {
  labels: string[];
  /** values[i][j]. */
  values: number[][];
}

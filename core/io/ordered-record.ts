/**
 * An object whose keys keep a given order when written. JavaScript objects list integer-like keys first
 * (area "46" would come before "V1"), so documents that must follow a model's area order hold their
 * area-keyed objects as OrderedRecords; {@link stableJson} and the YAML export write them in `entries` order.
 */
export class OrderedRecord<T = unknown> {
  constructor(readonly entries: ReadonlyArray<readonly [string, T]>) {}

  /** The record of `keys` in that order, each with `valueOf(key)`. */
  static of<T>(keys: readonly string[], valueOf: (key: string) => T): OrderedRecord<T> {
    return new OrderedRecord(keys.map((key) => [key, valueOf(key)] as const));
  }

  keys(): string[] {
    return this.entries.map(([key]) => key);
  }

  get(key: string): T | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }

  /** The plain object (for JSON.stringify and comparisons; integer-like keys then come first). */
  toJSON(): Record<string, T> {
    return Object.fromEntries(this.entries);
  }
}

/**
 * What a dataset output builder sees: the published data folder (../shared/data/multiarea), read through
 * a context that remembers every file read, so that the provenance lists the sha256 of every input.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRawData, type RawData } from '../../multiarea/index.ts';

export class BuildContext {
  /** Input path (relative to the data folder, '/'-separated) -> sha256 (hex). */
  readonly inputs = new Map<string, string>();
  private rawData: RawData | undefined;

  constructor(readonly sourceDir: string) {}

  /** The bytes of an input file, given relative to the published data folder. */
  read(relativePath: string): Buffer {
    const path = join(this.sourceDir, relativePath);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new Error(`compile-data: input ${path} cannot be read (${(err as Error).message})`);
    }
    this.inputs.set(relativePath, createHash('sha256').update(bytes).digest('hex'));
    return bytes;
  }

  readText(relativePath: string): string {
    return this.read(relativePath).toString('utf8');
  }

  /** RawData compiled from raw_data/ (once per build). */
  raw(): RawData {
    return (this.rawData ??= compileRawData((file) => this.readText(`raw_data/${file}`)));
  }
}

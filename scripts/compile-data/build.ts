/** Building the dataset into memory, writing it, and comparing it with the files on disk. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_FILES } from '../../multiarea/index.ts';
import { writeFileAtomic } from '../../core/index.ts';
import { BuildContext } from './context.ts';
import { DATASET_OUTPUTS, type DatasetOutput } from './outputs.ts';
import { buildProvenance } from './provenance.ts';

/** Dataset file (relative path) -> bytes. */
export type BuiltDataset = Map<string, Uint8Array>;

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/**
 * Resolve the published data folder: either the reference folder (holding data/multiarea) or the data
 * folder itself (holding raw_data/).
 */
export function resolveSourceDir(dir: string): string {
  if (existsSync(join(dir, 'data', 'multiarea', 'raw_data'))) return join(dir, 'data', 'multiarea');
  if (existsSync(join(dir, 'raw_data'))) return dir;
  throw new Error(
    `compile-data: --shared ${dir} holds neither data/multiarea/raw_data nor raw_data; expected the reference folder (../shared)`,
  );
}

/** Build every output, then the provenance. */
export function buildDataset(sourceDir: string, outputs: DatasetOutput[] = DATASET_OUTPUTS): BuiltDataset {
  const ctx = new BuildContext(sourceDir);
  const built = outputs.map((output) => ({ output, bytes: output.build(ctx) }));
  const files: BuiltDataset = new Map(built.map(({ output, bytes }) => [output.file, toBytes(bytes)]));
  files.set(DATASET_FILES.provenance, toBytes(buildProvenance(ctx.inputs, built)));
  return files;
}

export function writeDataset(outDir: string, files: BuiltDataset): void {
  for (const [file, bytes] of files) writeFileAtomic(join(outDir, file), bytes);
}

/** Differences between the built dataset and the files in outDir (empty when identical). */
export function diffDataset(outDir: string, files: BuiltDataset): string[] {
  const problems: string[] = [];
  for (const [file, bytes] of files) {
    const path = join(outDir, file);
    if (!existsSync(path)) {
      problems.push(`${path}: missing`);
      continue;
    }
    const onDisk = readFileSync(path);
    if (Buffer.compare(onDisk, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) !== 0) {
      problems.push(`${path}: differs from a rebuild (${onDisk.length} bytes on disk, ${bytes.length} rebuilt)`);
    }
  }
  return problems;
}

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assertNotFolder, ensureDir, fsErrorReason } from './output-path.ts';
import { tempPathFor } from './temp-paths.ts';

/**
 * Write a file so that readers never see a partial file: write `<file>.tmp-<pid>` next to it, then rename
 * (atomic on POSIX within one file system). Creates the parent folder if needed. Errors name `path` (not
 * the temporary file) and say why it cannot be written.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const file = resolve(path);
  assertNotFolder(file);
  ensureDir(dirname(file));
  const tmp = tempPathFor(file);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${file} (in folder ${dirname(file)}): ${fsErrorReason(err)}`);
  }
}

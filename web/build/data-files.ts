/**
 * The bundled data the page ships: data/multiarea (the compiled dataset; every file, since the model
 * label hashes them all) and data/kernels (the precomputed area kernels), with a manifest that the
 * browser host reads (web/platform/browser-host.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DataManifest } from '../platform/browser-host.ts';
import { PROJECT_DIR } from './module-graph.ts';

export const WEB_DATA_FOLDERS = ['data/multiarea', 'data/kernels'] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** Project-relative paths and contents of the shipped files, in sorted order, and their manifest. */
export function webDataFiles(): { files: { path: string; data: Buffer }[]; manifest: DataManifest } {
  const files = WEB_DATA_FOLDERS.flatMap((folder) => filesUnder(join(PROJECT_DIR, folder)))
    .map((abs) => ({ path: relative(PROJECT_DIR, abs).split('\\').join('/'), data: readFileSync(abs) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}\0`).update(f.data);
  return { files, manifest: { format: 'multiarea-web-data/1', digest: hash.digest('hex'), files: files.map((f) => ({ path: f.path, bytes: f.data.length })) } };
}

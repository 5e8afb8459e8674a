/**
 * What the library needs from its host and that differs between Node and a browser: reading files,
 * path arithmetic, sha256 and the project root. This is the Node host; the browser build of the web
 * explorer replaces this module by web/platform/browser-host.ts (same exports), so that no module the
 * page loads imports a node: built-in.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from './data-source.ts';

/** Project root (the folder holding package.json), independent of the working directory. */
export const HOST_PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const hostDataSource: DataSource = {
  exists: (path) => existsSync(path),
  isFile: (path) => existsSync(path) && statSync(path).isFile(),
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
  readBytes: (path) => readFileSync(path),
  readText: (path) => readFileSync(path, 'utf8'),
  list: (dir) => readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() })),
};

/** Path arithmetic of the host (Node's path module). */
export const hostPath = { basename, dirname, isAbsolute, join, resolve };

/** The current working directory (the base of relative paths in parameters). */
export function hostCwd(): string {
  return process.cwd();
}

/** Incremental sha256; `digestHex` ends it. */
export interface Sha256 {
  update(data: string | Uint8Array): Sha256;
  digestHex(): string;
}

export function sha256(): Sha256 {
  const hash = createHash('sha256');
  const self: Sha256 = {
    update: (data) => {
      if (typeof data === 'string') hash.update(data, 'utf8');
      else hash.update(data);
      return self;
    },
    digestHex: () => hash.digest('hex'),
  };
  return self;
}

/** The h5wasm module of the host: Node's build, which reads and writes files. */
export async function loadH5wasm(): Promise<any> {
  return (await import('h5wasm/node')).default;
}

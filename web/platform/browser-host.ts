/**
 * The browser's host for the library (in place of core/io/node-host.ts, same exports; see
 * browser-substitutes.ts): the project's bundled data files, fetched once from the page's own folder and
 * then read synchronously from memory; POSIX paths rooted at '/'; a synchronous sha256.
 *
 * Files are keyed by their project path ('/data/multiarea/raw.json'), so every loader of the library
 * reads them with the same code and paths as in Node.
 */
import type { DataSource, DataSourceEntry } from '../../core/io/data-source.ts';
import * as posix from './posix-path.ts';
import { Sha256State } from './sha256.ts';

export const HOST_PROJECT_ROOT = '/';

/** The bundled data folders the page ships (data/multiarea and data/kernels), listed in data/manifest.json. */
export const BUNDLED_DATA_MANIFEST = 'data/manifest.json';

export interface DataManifest {
  format: 'multiarea-web-data/1';
  /** sha256 over the listed files: the cache key of their URLs. */
  digest: string;
  /** Project paths without the leading '/', e.g. 'data/multiarea/raw.json', with their sizes. */
  files: { path: string; bytes: number }[];
}

const files = new Map<string, Uint8Array>();
const decoder = new TextDecoder();

function notLoaded(path: string): never {
  const hint = files.size === 0 ? ' (the bundled data has not been loaded: await loadBundledData() first)' : '';
  throw new Error(`ENOENT: no such file: ${path}${hint}`);
}

function isDir(path: string): boolean {
  const prefix = path.endsWith('/') ? path : `${path}/`;
  for (const key of files.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

export const hostDataSource: DataSource = {
  exists: (path) => files.has(posix.resolve(path)) || isDir(posix.resolve(path)),
  isFile: (path) => files.has(posix.resolve(path)),
  isDirectory: (path) => isDir(posix.resolve(path)),
  readBytes: (path) => files.get(posix.resolve(path)) ?? notLoaded(path),
  readText: (path) => decoder.decode(files.get(posix.resolve(path)) ?? notLoaded(path)),
  list: (dir) => {
    const prefix = `${posix.resolve(dir)}/`.replace('//', '/');
    if (!isDir(dir)) notLoaded(dir);
    const entries = new Map<string, DataSourceEntry>();
    for (const key of files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const cut = rest.indexOf('/');
      const name = cut < 0 ? rest : rest.slice(0, cut);
      entries.set(name, { name, isFile: cut < 0, isDirectory: cut >= 0 });
    }
    return [...entries.values()];
  },
};

export const hostPath = { basename: posix.basename, dirname: posix.dirname, isAbsolute: posix.isAbsolute, join: posix.join, resolve: posix.resolve };

/** The h5wasm module of the browser: its files live in memory (h5Module().FS). Loaded only when a SONATA file is made. */
export async function loadH5wasm(): Promise<any> {
  return (await import('h5wasm')).default;
}

export function hostCwd(): string {
  return '/';
}

export interface Sha256 {
  update(data: string | Uint8Array): Sha256;
  digestHex(): string;
}

export function sha256(): Sha256 {
  return new Sha256State();
}

let manifestLoad: Promise<{ manifest: DataManifest; base: URL }> | null = null;
const folderLoads = new Map<string, Promise<void>>();

export interface LoadOptions {
  fetch?: typeof fetch;
  /** Project root under which the files appear (default HOST_PROJECT_ROOT, '/'); tests mount them elsewhere. */
  root?: string;
  /** The folders to load (default: every file of the manifest); the model needs data/multiarea, the signals data/kernels. */
  folders?: readonly string[];
}


/**
 * Fetches bundled data files once (later calls share the first load of each folder). `baseUrl` is the
 * folder the page is served from; file URLs carry the manifest digest, so the browser cache keeps them
 * until the data changes.
 */
export async function loadBundledData(baseUrl: string | URL, options: LoadOptions = {}): Promise<DataManifest> {
  const fetchFile = options.fetch ?? fetch;
  const root = options.root ?? HOST_PROJECT_ROOT;
  manifestLoad ??= (async () => {
    const base = new URL('.', baseUrl);
    const response = await fetchFile(new URL(BUNDLED_DATA_MANIFEST, base), { cache: 'no-cache' } as RequestInit);
    if (!response.ok) throw new Error(`${BUNDLED_DATA_MANIFEST}: HTTP ${response.status}; the page's data folder is missing (build with npm run web:build)`);
    const manifest = (await response.json()) as DataManifest;
    if (manifest.format !== 'multiarea-web-data/1') throw new Error(`${BUNDLED_DATA_MANIFEST}: format ${JSON.stringify(manifest.format)}; expected multiarea-web-data/1`);
    return { manifest, base };
  })();
  manifestLoad.catch(() => (manifestLoad = null));
  const { manifest, base } = await manifestLoad;
  const folderOf = (path: string) => path.split('/').slice(0, 2).join('/');
  const folders = options.folders ?? [...new Set(manifest.files.map((f) => folderOf(f.path)))];
  await Promise.all(
    folders.map((folder) => {
      let load = folderLoads.get(folder);
      if (!load) {
        const listed = manifest.files.filter((f) => folderOf(f.path) === folder);
        if (listed.length === 0) throw new Error(`${BUNDLED_DATA_MANIFEST}: no files in ${folder}`);
        load = Promise.all(
          listed.map(async ({ path, bytes }) => {
            const r = await fetchFile(new URL(`${path}?v=${manifest.digest.slice(0, 16)}`, base), { cache: 'force-cache' } as RequestInit);
            if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
            const data = new Uint8Array(await r.arrayBuffer());
            if (data.length !== bytes) throw new Error(`${path}: ${data.length} bytes; the manifest says ${bytes}`);
            files.set(posix.join(root, path), data);
          }),
        ).then(() => undefined);
        load.catch(() => folderLoads.delete(folder));
        folderLoads.set(folder, load);
      }
      return load;
    }),
  );
  return manifest;
}

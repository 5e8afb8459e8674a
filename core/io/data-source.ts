/**
 * Read-only access to data files by path: the one way library code that also runs in a browser reads
 * bundled data (the compiled dataset, the kernels) and data files named in parameters. In Node the
 * default source reads the file system (node-host.ts); the browser build puts the page's own source in
 * its place (web/platform/browser-host.ts: the bundled files, fetched once). `setDataSource` injects
 * another source, e.g. an in-memory copy of the files.
 */
import { hostDataSource } from './node-host.ts';

export interface DataSourceEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

export interface DataSource {
  /** Whether something (a file or a folder) exists at `path`. */
  exists(path: string): boolean;
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Bytes of a file; an error naming the path when it cannot be read. */
  readBytes(path: string): Uint8Array;
  /** UTF-8 text of a file. */
  readText(path: string): string;
  /** Entries of a folder, in no particular order. */
  list(dir: string): DataSourceEntry[];
}

let injected: DataSource | null = null;

/** The data source in use: the injected one, else the host's (files in Node, the fetched bundle in a browser). */
export function dataSource(): DataSource {
  return injected ?? hostDataSource;
}

/** Injects a data source (null: back to the host's). Loaders that cache per source reload from the new one. */
export function setDataSource(source: DataSource | null): void {
  injected = source;
}

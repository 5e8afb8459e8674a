/**
 * The library modules that the browser build of the explorer replaces (project paths): the host (files,
 * paths, sha256) by the browser's, and the file-system-only modules by stand-ins that say so when called.
 * vite.config.ts applies the table; test/web/module-graph.test.ts checks that with it the page loads no
 * node: built-in. Everything else the page runs is the library's own code.
 */
export const BROWSER_SUBSTITUTES: Readonly<Record<string, string>> = {
  'core/io/node-host.ts': 'web/platform/browser-host.ts',
  'core/config.ts': 'web/platform/node-only.ts',
  'core/io/atomic-write.ts': 'web/platform/node-only.ts',
  'core/io/output-path.ts': 'web/platform/node-only.ts',
  'core/io/temp-paths.ts': 'web/platform/node-only.ts',
  'multiarea/model-store.ts': 'web/platform/node-only.ts',
};

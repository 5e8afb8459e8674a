/**
 * Vite configuration of the model explorer (web/): `npm run web` serves it, `npm run web:build` writes
 * a static folder (web/dist). The library runs in the page unchanged, except the modules listed in
 * web/platform/browser-substitutes.ts; a node: built-in reached by the page fails the build. The
 * server and the preview send the cross-origin isolation headers that SharedArrayBuffer needs
 * (docs/web.md says how to set them on a static host).
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { browserSubstitute, isNodeBuiltin, PROJECT_DIR } from './web/build/module-graph.ts';
import { webDataFiles } from './web/build/data-files.ts';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

function browserModules(): Plugin {
  return {
    name: 'multiarea-browser-modules',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (isNodeBuiltin(source)) {
        this.error(`${importer ?? '?'} imports ${source}: no node: built-in may reach the browser build (see web/platform/browser-substitutes.ts)`);
      }
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const substitute = browserSubstitute(resolved.id.split('?')[0]);
      return substitute ?? resolved;
    },
  };
}

function bundledData(): Plugin {
  return {
    name: 'multiarea-bundled-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\//, '');
        if (!path.startsWith('data/')) return next();
        const { files, manifest } = webDataFiles();
        const body = path === 'data/manifest.json' ? Buffer.from(JSON.stringify(manifest)) : files.find((f) => f.path === path)?.data;
        if (!body) return next();
        res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.end(body);
      });
    },
    generateBundle() {
      const { files, manifest } = webDataFiles();
      for (const f of files) this.emitFile({ type: 'asset', fileName: f.path, source: f.data });
      this.emitFile({ type: 'asset', fileName: 'data/manifest.json', source: JSON.stringify(manifest) });
      // Static hosts that read a _headers file (Netlify, Cloudflare Pages) then isolate the page too.
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${Object.entries(ISOLATION_HEADERS).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n` });
    },
  };
}

export default defineConfig({
  root: resolve(PROJECT_DIR, 'web'),
  base: './',
  plugins: [browserModules(), bundledData()],
  worker: { format: 'es', plugins: () => [browserModules()] },
  server: { headers: ISOLATION_HEADERS, fs: { allow: [PROJECT_DIR] } },
  preview: { headers: ISOLATION_HEADERS },
  // h5wasm (about 5 MB) is a chunk of its own, loaded only for a SONATA download.
  build: { outDir: resolve(PROJECT_DIR, 'web/dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 6000 },
});

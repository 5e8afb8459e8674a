/**
 * The module graph of a browser entry of the explorer as the browser build resolves it (with the
 * substitutions of web/platform/browser-substitutes.ts): which project modules it loads, and every
 * node: built-in (or bare Node module name) that any of them imports. Type-only imports are erased and
 * do not count. Used by the import guard test; vite.config.ts applies the same substitutions.
 */
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BROWSER_SUBSTITUTES } from '../platform/browser-substitutes.ts';

export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of the module that replaces `absolutePath` in the browser build, or undefined. */
export function browserSubstitute(absolutePath: string): string | undefined {
  const target = BROWSER_SUBSTITUTES[relative(PROJECT_DIR, absolutePath).split('\\').join('/')];
  return target === undefined ? undefined : join(PROJECT_DIR, target);
}

export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

export interface BrowserGraph {
  /** Project modules loaded, relative to the project root. */
  projectModules: string[];
  /** `importer imports node:x` for every built-in import found. */
  nodeImports: string[];
}

/** `substitute: false` shows the graph without the browser's substitutions (what the guard would catch). */
export async function browserModuleGraph(entries: string[], options: { substitute?: boolean } = {}): Promise<BrowserGraph> {
  const substitute = options.substitute ?? true;
  const nodeImports: string[] = [];
  const plugin: esbuild.Plugin = {
    name: 'browser-substitutes',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (isNodeBuiltin(args.path)) {
          nodeImports.push(`${relative(PROJECT_DIR, args.importer)} imports ${args.path}`);
          return { path: args.path, external: true };
        }
        if (args.pluginData === 'resolved' || args.kind === 'entry-point') return undefined;
        const result = await build.resolve(args.path, { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: 'resolved' });
        // Optional requires inside packages (e.g. esbuild's pnpapi) may not resolve; they are not ours to check.
        if (result.errors.length > 0) return args.importer.includes('node_modules') ? { path: args.path, external: true } : { errors: result.errors };
        const replacement = substitute ? browserSubstitute(result.path) : undefined;
        return replacement ? { path: replacement } : { path: result.path, external: result.external, sideEffects: result.sideEffects };
      });
    },
  };
  const out = await esbuild.build({
    entryPoints: entries.map((e) => resolve(PROJECT_DIR, e)),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    outdir: join(PROJECT_DIR, '.module-graph-unused'),
    logLevel: 'silent',
    plugins: [plugin],
    loader: { '.wasm': 'file' },
  });
  const projectModules = Object.keys(out.metafile!.inputs)
    .filter((f) => !f.includes('node_modules'))
    .map((f) => relative(PROJECT_DIR, resolve(PROJECT_DIR, f)));
  return { projectModules: projectModules.sort(), nodeImports: [...new Set(nodeImports)].sort() };
}

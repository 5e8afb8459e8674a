// The `mam` command runs from a JavaScript bundle of cli/main.ts and everything it imports from this project
// (npm packages stay external), built with esbuild (tsx's transpiler) into node_modules/.cache/mam-cli/.
// Plain JavaScript starts several times faster than TypeScript through the tsx loader. The bundle is keyed
// by a SHA-256 of the contents of every source file it was built from (and of this file and esbuild's
// version): each start re-hashes those files and rebuilds when any differs, so the bundle is never stale.
// Running this file directly (npm's `prepare`, after `npm ci`) builds it ahead of the first command.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = 'cli/main.ts';
export const CLI_BUNDLE_CACHE = join(ROOT, 'node_modules', '.cache', 'mam-cli');
const MANIFEST = join(CLI_BUNDLE_CACHE, 'manifest.json');
const SELF = fileURLToPath(import.meta.url);

/** SHA-256 of the build inputs (paths relative to the project root), this file and the esbuild version. */
function inputsHash(inputs, esbuildVersion) {
  const hash = createHash('sha256');
  hash.update(`${esbuildVersion}\0`);
  hash.update(readFileSync(SELF));
  for (const input of inputs) {
    hash.update(`\0${input}\0`);
    hash.update(readFileSync(join(ROOT, input)));
  }
  return hash.digest('hex');
}

/** The bundle of the manifest if it matches the current sources, else null. */
function currentBundle() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const main = join(CLI_BUNDLE_CACHE, manifest.dir, 'main.mjs');
    if (existsSync(main) && inputsHash(manifest.inputs, manifest.esbuild) === manifest.hash) return main;
  } catch {
    // No manifest yet, or a source file is gone: rebuild.
  }
  return null;
}

/** esbuild plugin: `import.meta.url` of each project file stays the URL of its source, as under tsx. */
const sourceUrls = {
  name: 'mam-source-urls',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/** Builds the bundle into a content-addressed folder and points the manifest at it; returns its main file. */
async function build() {
  const esbuild = await import('esbuild');
  const staging = join(CLI_BUNDLE_CACHE, `staging-${process.pid}`);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: staging,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [sourceUrls],
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  const hash = inputsHash(inputs, esbuild.version);
  const dir = `bundle-${hash.slice(0, 16)}`;
  const final = join(CLI_BUNDLE_CACHE, dir);
  if (!existsSync(join(final, 'main.mjs'))) {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
    try {
      renameSync(staging, final);
    } catch (err) {
      // Another process has put the same bundle in place meanwhile.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(final, 'main.mjs'))) throw err;
    }
  }
  const tmp = `${MANIFEST}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ dir, hash, esbuild: esbuild.version, inputs }, null, 1));
  renameSync(tmp, MANIFEST);
  pruneOldBundles(dir);
  return join(final, 'main.mjs');
}

/** Keeps the newest few bundles (a command still running may load chunks of its own later) and removes the rest. */
function pruneOldBundles(current, keep = 4) {
  const old = readdirSync(CLI_BUNDLE_CACHE)
    .filter((name) => name.startsWith('bundle-') && name !== current)
    .map((name) => ({ name, mtime: statSync(join(CLI_BUNDLE_CACHE, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of old.slice(keep - 1)) rmSync(join(CLI_BUNDLE_CACHE, name), { recursive: true, force: true });
}

/**
 * URL of the current bundle of cli/main.ts, built if needed; null when it cannot be built or stored here
 * (then the caller runs the TypeScript sources through tsx).
 */
export async function cliBundleUrl() {
  try {
    const main = currentBundle() ?? (await build());
    return pathToFileURL(main);
  } catch (err) {
    if (process.env.MAM_DEBUG && process.env.MAM_DEBUG !== '0') console.error(`mam: cannot use a compiled bundle (${err?.message ?? err}); running through tsx`);
    return null;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const url = await cliBundleUrl();
  console.log(url ? `mam: CLI bundle ready (${fileURLToPath(url)})` : 'mam: no CLI bundle (the command will run through tsx)');
}

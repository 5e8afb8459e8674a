/**
 * The script that simulation worker threads run. Workers load plain JavaScript much faster and
 * leaner than TypeScript through a loader, so the worker code is bundled once per process with
 * esbuild (the transpiler tsx itself uses) into a content-addressed file in the temp folder. If
 * that is impossible (or MAM_SIM_WORKER_TSX=1), workers register tsx themselves (worker-entry.mjs).
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let cached: URL | null = null;

export async function workerScriptUrl(): Promise<URL> {
  if (cached) return cached;
  if (process.env.MAM_SIM_WORKER_TSX === '1') return (cached = new URL('./worker-entry.mjs', import.meta.url));
  try {
    const esbuild = await import('esbuild');
    const result = esbuild.buildSync({
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].text;
    const file = join(tmpdir(), `mam-sim-worker-${createHash('sha1').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      const tmp = `${file}.tmp-${process.pid}`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    }
    cached = pathToFileURL(file);
  } catch {
    cached = new URL('./worker-entry.mjs', import.meta.url);
  }
  return cached;
}

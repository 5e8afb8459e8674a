/**
 * `npm run web:build`: the explorer as a static folder, web/dist. Vite writes it under a temporary name
 * (web/dist.tmp-<pid>), which takes the place of web/dist only when complete: an interrupted build leaves
 * the previous folder (or none), never a partial one. Temporary folders of interrupted builds are removed.
 */
import { basename, dirname, join } from 'node:path';
import { build } from 'vite';
import { removeStaleTemps, replaceFolder, tempPathFor } from '../../core/index.ts';
import { PROJECT_DIR } from './module-graph.ts';

export const DIST_DIR = join(PROJECT_DIR, 'web', 'dist');

export async function buildExplorer(outDir = DIST_DIR): Promise<string> {
  removeStaleTemps(dirname(outDir), basename(outDir));
  const temp = tempPathFor(outDir);
  await build({ configFile: join(PROJECT_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir: temp, emptyOutDir: true } });
  replaceFolder(temp, outDir);
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await buildExplorer();
  console.log(`explorer built in ${out}: serve this folder with the headers of docs/web.md (npm run web:preview does)`);
}

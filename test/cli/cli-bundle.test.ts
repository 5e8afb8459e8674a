/**
 * The compiled bundle that `mam` runs (cli/cli-bundle.js) is rebuilt whenever a source it was built from
 * changes, and keeps each module's import.meta.url pointing at its source. Checked on a copy of the entry
 * scripts in a small project of its own, so the real bundle cache is not touched.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

function miniProject(): string {
  const root = tempDir('mam-bundle-');
  mkdirSync(join(root, 'cli'));
  mkdirSync(join(root, 'node_modules'));
  for (const file of ['mam.js', 'cli-bundle.js']) copyFileSync(join(PROJECT_ROOT, 'cli', file), join(root, 'cli', file));
  for (const pkg of ['esbuild', 'tsx']) symlinkSync(join(PROJECT_ROOT, 'node_modules', pkg), join(root, 'node_modules', pkg));
  writeFileSync(join(root, 'package.json'), '{"type": "module"}\n');
  writeFileSync(
    join(root, 'cli', 'main.ts'),
    "import { MESSAGE } from './message.ts';\nexport async function main(argv: string[]): Promise<number> {\n  console.log(`${MESSAGE} ${import.meta.url}`);\n  return argv.length > 2 ? Number(argv[2]) : 0;\n}\n",
  );
  writeFileSync(join(root, 'cli', 'message.ts'), "export const MESSAGE: string = 'one';\n");
  return root;
}

const run = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'cli', 'mam.js'), ...args], { encoding: 'utf8', env: { ...process.env, MAM_CLI_TSX: '' } });

describe('the CLI bundle', () => {
  it('is built on first use, reused, rebuilt when a source changes, and passes the exit code through', () => {
    const root = miniProject();
    const mainUrl = pathToFileURL(join(root, 'cli', 'main.ts')).href;
    const first = run(root);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(`one ${mainUrl}\n`);
    const manifestFile = join(root, 'node_modules', '.cache', 'mam-cli', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    expect(manifest.inputs).toEqual(['cli/main.ts', 'cli/message.ts']);
    expect(existsSync(join(root, 'node_modules', '.cache', 'mam-cli', manifest.dir, 'main.mjs'))).toBe(true);

    expect(run(root).stdout).toBe(`one ${mainUrl}\n`);
    expect(JSON.parse(readFileSync(manifestFile, 'utf8')).dir).toBe(manifest.dir);

    // Same size, different content: a timestamp or size check would miss it.
    writeFileSync(join(root, 'cli', 'message.ts'), "export const MESSAGE: string = 'two';\n");
    expect(run(root).stdout).toBe(`two ${mainUrl}\n`);
    const rebuilt = JSON.parse(readFileSync(manifestFile, 'utf8'));
    expect(rebuilt.dir).not.toBe(manifest.dir);

    const status = run(root, '3');
    expect(status.status).toBe(3);

    // Old bundles are pruned: at most 4 are kept.
    for (let k = 0; k < 5; k++) {
      writeFileSync(join(root, 'cli', 'message.ts'), `export const MESSAGE: string = 'v${k}';\n`);
      expect(run(root).stdout).toBe(`v${k} ${mainUrl}\n`);
    }
    expect(readdirSync(join(root, 'node_modules', '.cache', 'mam-cli')).filter((n) => n.startsWith('bundle-'))).toHaveLength(4);
  });

  it('falls back to the TypeScript sources through tsx when the bundle cannot be stored', () => {
    const root = miniProject();
    // A file where the cache folder should be: the bundle cannot be written.
    writeFileSync(join(root, 'node_modules', '.cache'), 'in the way');
    const r = run(root);
    expect(r.stdout).toBe(`one ${pathToFileURL(join(root, 'cli', 'main.ts')).href}\n`);
    expect(r.status).toBe(0);
  });
});

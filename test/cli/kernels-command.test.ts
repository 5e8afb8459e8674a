/**
 * `mam kernels --params FILE`: data-file paths inside FILE resolve against FILE's folder (as for
 * `mam export`, `mam simulate`, ...), not against the working directory.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../multiarea/index.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'mam-kernels-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mam kernels --params', () => {
  it('resolves a relative fullscale_rates against the params file, not the working directory', () => {
    mkdirSync(join(dir, 'sub'));
    copyFileSync(datasetPath('fullscale_rates.json'), join(dir, 'sub', 'rates.json'));
    writeFileSync(join(dir, 'sub', 'net.yaml'), 'N_scaling: 0.5\nK_scaling: 0.5\nfullscale_rates: rates.json\n');
    const r = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'cli', 'mam.js'), 'kernels', '--params', join('sub', 'net.yaml'), '--dir', 'kernels'],
      { encoding: 'utf8', cwd: dir },
    );
    expect(r.stderr).not.toMatch(/file not found/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^computed: .*area-unit-kernels-[0-9a-f]+\.npy/);
    expect(existsSync(join(dir, 'sub', 'kernels'))).toBe(false);
    expect(existsSync(join(dir, 'kernels'))).toBe(true);
  });
});

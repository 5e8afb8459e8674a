import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import templateConfig, { SLURM_EXAMPLE } from '../../config.template.ts';
import { fillTemplate, loadUserConfig, PROJECT_ROOT } from '../../core/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadUserConfig', () => {
  it('template defaults: ./simulations under the project, no cluster', () => {
    expect(templateConfig).toEqual({ data_path: './simulations', jobscript_template: null, submit_cmd: null });
  });

  it('without config.ts the template defaults apply (data_path made absolute)', async () => {
    if (existsSync(join(PROJECT_ROOT, 'config.ts')) || process.env.MULTIAREA_CONFIG) return; // a user's own config
    const c = await loadUserConfig();
    expect(c.source).toBeNull();
    expect(c.data_path).toBe(join(PROJECT_ROOT, 'simulations'));
  });

  it('reads a config file, fills missing keys from the template, resolves data_path against its folder', async () => {
    const file = join(tmp, 'config.ts');
    writeFileSync(
      file,
      "export default { data_path: 'runs', submit_cmd: 'sbatch', jobscript_template: '#!/bin/bash\\n{command}' };\n",
    );
    const c = await loadUserConfig({ configFile: file });
    expect(c).toEqual({
      data_path: join(tmp, 'runs'),
      submit_cmd: 'sbatch',
      jobscript_template: '#!/bin/bash\n{command}',
      source: file,
    });
    const partial = join(tmp, 'partial.ts');
    writeFileSync(partial, "export default { data_path: '/abs/sims' };\n");
    expect(await loadUserConfig({ configFile: partial })).toMatchObject({ data_path: '/abs/sims', submit_cmd: null });
  });

  it('errors name the key and the file', async () => {
    const bad = join(tmp, 'bad.ts');
    writeFileSync(bad, "export default { data_pth: 'x', submit_cmd: 3 };\n");
    await expect(loadUserConfig({ configFile: bad })).rejects.toThrow(/unknown parameter 'data_pth'/);
    await expect(loadUserConfig({ configFile: bad })).rejects.toThrow(/submit_cmd: got 3; expected/);
    await expect(loadUserConfig({ configFile: bad })).rejects.toThrow(bad);
    await expect(loadUserConfig({ configFile: join(tmp, 'none.ts') })).rejects.toThrow(/none\.ts does not exist/);
  });
});

describe('fillTemplate', () => {
  it('fills the Slurm example and refuses unknown placeholders', () => {
    const script = fillTemplate(SLURM_EXAMPLE, {
      sim_dir: '/data/abc',
      label: 'abc',
      local_num_threads: 8,
      num_processes: 4,
      base_path: '/home/u/multiarea',
      command: 'npx mam simulate --label abc',
    });
    expect(script).toContain('#SBATCH -o /data/abc/abc.%j.o');
    expect(script).toContain('#SBATCH --ntasks=4');
    expect(script).not.toMatch(/\{[a-z_]+\}/);
    expect(() => fillTemplate('run {lable}', { label: 'x' })).toThrow(/placeholder \{lable\} has no value; available: \{label\}/);
  });
});

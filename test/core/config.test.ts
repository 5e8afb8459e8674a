import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('loadUserConfig outside the project', () => {
  // Under vitest every file is ESM; the CLI runs on Node, where a .ts file outside a "type": "module"
  // package is CommonJS. Loaded in a Node process as the CLI loads it:
  function loadInNode(file: string) {
    // cli/mam.js registers tsx's ESM hooks only.
    const code = `import { register } from 'tsx/esm/api';
register();
const { loadUserConfig } = await import(${JSON.stringify(join(PROJECT_ROOT, 'core', 'config.ts'))});
console.log(JSON.stringify(await loadUserConfig({ configFile: ${JSON.stringify(file)} })));`;
    return spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
  }

  it('reads a copy of config.template.ts in a folder without package.json, and one importing the template', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mam-config-cjs-'));
    try {
      const copy = join(dir, 'config.ts');
      const text = readFileSync(join(PROJECT_ROOT, 'config.template.ts'), 'utf8');
      writeFileSync(copy, text.replace("submit_cmd: null,", "submit_cmd: 'sbatch',").replace('jobscript_template: null,', 'jobscript_template: SLURM_EXAMPLE,'));
      const r = loadInNode(copy);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ data_path: join(dir, 'simulations'), jobscript_template: SLURM_EXAMPLE, submit_cmd: 'sbatch', source: copy });
      const importing = join(dir, 'cluster.ts');
      writeFileSync(importing, `import { SLURM_EXAMPLE } from ${JSON.stringify(join(PROJECT_ROOT, 'config.template.ts'))};\nconst c: { data_path: string } = { data_path: '/d' };\nexport default { ...c, jobscript_template: SLURM_EXAMPLE };\n`);
      expect(JSON.parse(loadInNode(importing).stdout)).toMatchObject({ data_path: '/d', jobscript_template: SLURM_EXAMPLE });
      const broken = join(dir, 'broken.ts');
      writeFileSync(broken, 'export default { data_path: ;\n');
      const b = loadInNode(broken);
      expect(b.status).not.toBe(0);
      expect(b.stderr).toContain(`config file ${broken}: cannot be loaded`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fillTemplate', () => {
  it('{{ and }} are literal braces (as in Python str.format); a lone brace is an error naming its place', () => {
    expect(fillTemplate('echo ${{SLURM_JOB_ID}} {{x}} {{{a}}} }}{{', { a: 1 })).toBe('echo ${SLURM_JOB_ID} {x} {1} }{');
    expect(() => fillTemplate('#!/bin/bash\necho ${SLURM_JOB_ID}', { a: 1 })).toThrow(
      /jobscript_template: placeholder \{SLURM_JOB_ID\} has no value; available: \{a\} \(\{\{ and \}\} for literal braces\)/,
    );
    expect(() => fillTemplate('#!/bin/bash\nf() { run; }', {})).toThrow(`jobscript_template: lone '{' at line 2, column 5 ("f() { run; }"); write {{ and }} for literal braces, {name} for a placeholder`);
    expect(() => fillTemplate('a }', {}, '--command')).toThrow(/^--command: lone '\}' at line 1, column 3/);
    expect(() => fillTemplate('{toString}', {})).toThrow(/placeholder \{toString\} has no value/);
  });


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

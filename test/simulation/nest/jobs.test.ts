import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../core/index.ts';
import { defaultNestCommand, exportNestRun, jobScriptValues, shellQuote, submitJob, writeJobScript } from '../../../simulation/index.ts';
import { runNestExport } from '../../../cli/commands/nest-export-command.ts';
import { smallModel } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mam-nest-jobs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TEMPLATE = `#!/bin/bash
#SBATCH --ntasks={num_processes}
#SBATCH --cpus-per-task={local_num_threads}
#SBATCH -o {sim_dir}/{label}.%j.o
# network {network_label}, {num_vp} virtual processes
cd {base_path}
{command}`;

/** A fake submit command: records its arguments and working folder, prints a job id. */
function fakeSubmit(name: string, exitCode = 0): { path: string; log: string } {
  const path = join(tmp, name);
  const log = join(tmp, `${name}.log`);
  writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> '${log}'; done\npwd >> '${log}'\necho "Submitted batch job 42"\necho "queue says no" >&2\nexit ${exitCode}\n`);
  chmodSync(path, 0o755);
  return { path, log };
}

const model = smallModel();
const run = exportNestRun(model, { areas_simulated: ['V1'], t_sim: 10, num_processes: 4, local_num_threads: 2 }, join(tmp, 'run'));

describe('writeJobScript', () => {
  it('fills every placeholder of the template for the run folder', async () => {
    const path = await writeJobScript(run.dir, { template: TEMPLATE });
    expect(path).toBe(join(run.dir, `job_script_${run.label}.sh`));
    expect(statSync(path).mode & 0o111).not.toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(`#!/bin/bash
#SBATCH --ntasks=4
#SBATCH --cpus-per-task=2
#SBATCH -o ${run.dir}/${run.label}.%j.o
# network ${model.label}, 8 virtual processes
cd ${PROJECT_ROOT}
mpirun -n 4 python3 ${run.dir}/run_nest.py
`);
  });

  it('takes a custom command and base path', async () => {
    const path = await writeJobScript(run.dir, { template: '{base_path}: {command}', command: 'srun python3 run_nest.py', basePath: '/opt/mam' });
    expect(readFileSync(path, 'utf8')).toBe('/opt/mam: srun python3 run_nest.py\n');
  });

  it('default command: plain python3 for one process, quoted paths', () => {
    expect(defaultNestCommand('/a/b', 1)).toBe('python3 /a/b/run_nest.py');
    expect(defaultNestCommand("/a/my run's", 2)).toBe(`mpirun -n 2 python3 '/a/my run'\\''s/run_nest.py'`);
    expect(shellQuote('x; rm -rf ~')).toBe(`'x; rm -rf ~'`);
    expect(jobScriptValues(run.dir)).toMatchObject({ num_processes: 4, local_num_threads: 2, num_vp: 8, label: run.label, network_label: model.label });
  });

  it('reads only a sim.json of the format version it knows', () => {
    const other = exportNestRun(model, { areas_simulated: ['V1'], t_sim: 10 }, join(tmp, 'old-sim'));
    const file = join(other.dir, 'sim.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 0 }));
    expect(() => jobScriptValues(other.dir)).toThrow(`run folder: ${file} has format "multiarea-nest-sim" version 0; expected 'multiarea-nest-sim' version 1`);
  });

  it('errors clearly: no template configured, unknown placeholder, not a run folder', async () => {
    await expect(writeJobScript(run.dir, { template: null })).rejects.toThrow(/jobscript_template: not configured \(null in the given options\); expected a job-script template in config\.ts/);
    await expect(writeJobScript(run.dir, { template: 'run {sim_dri}' })).rejects.toThrow(/placeholder \{sim_dri\} has no value/);
    await expect(writeJobScript(tmp, { template: TEMPLATE })).rejects.toThrow(/sim\.json not found; expected a folder written by exportNestRun/);
  });

  it('reads the template from the user configuration file', async () => {
    const config = join(tmp, 'config.mjs');
    writeFileSync(config, `export default { data_path: '.', jobscript_template: 'job {label} {num_processes}', submit_cmd: null };\n`);
    const path = await writeJobScript(run.dir, { configFile: config });
    expect(readFileSync(path, 'utf8')).toBe(`job ${run.label} 4\n`);
    const none = join(tmp, 'none.mjs');
    writeFileSync(none, `export default { data_path: '.' };\n`);
    await expect(writeJobScript(run.dir, { configFile: none })).rejects.toThrow(/jobscript_template: not configured \(null in .*none\.mjs\)/);
    await expect(submitJob(path, { configFile: none })).rejects.toThrow(/submit_cmd: not configured \(null in .*none\.mjs\); expected the command of the cluster's queue/);
  });
});

describe('submitJob', () => {
  it('runs the submit command (with its arguments) on the job script, in the run folder, without a shell', async () => {
    // A run folder whose name would run a command if it went through a shell.
    const odd = exportNestRun(model, { areas_simulated: ['V1'], t_sim: 10 }, join(tmp, 'odd; touch INJECTED $(touch INJECTED2)'));
    const script = await writeJobScript(odd.dir, { template: TEMPLATE });
    const fake = fakeSubmit('sbatch-ok');
    const r = await submitJob(script, { submitCmd: `${fake.path} --partition=batch  --qos normal` });
    expect(r.argv).toEqual([fake.path, '--partition=batch', '--qos', 'normal', script]);
    expect(r.stdout).toBe('Submitted batch job 42\n');
    expect(readFileSync(fake.log, 'utf8').split('\n').filter(Boolean)).toEqual(['--partition=batch', '--qos', 'normal', script, odd.dir]);
    expect(existsSync(join(tmp, 'INJECTED'))).toBe(false);
    expect(existsSync(join(tmp, 'INJECTED2'))).toBe(false);
    // Program and arguments may also be given as a list.
    const r2 = await submitJob(script, { submitCmd: [fake.path, 'a b'] });
    expect(r2.argv).toEqual([fake.path, 'a b', script]);
  });

  it('errors clearly: failing command (with its stderr), missing command, missing script', async () => {
    const script = await writeJobScript(run.dir, { template: TEMPLATE });
    const bad = fakeSubmit('sbatch-fail', 3);
    await expect(submitJob(script, { submitCmd: bad.path })).rejects.toThrow(/submit_cmd: '.*sbatch-fail .*\.sh' exited with code 3: queue says no/);
    await expect(submitJob(script, { submitCmd: join(tmp, 'no-such-sbatch') })).rejects.toThrow(/submit_cmd: cannot run '.*no-such-sbatch' \(not found\); expected an executable on PATH/);
    await expect(submitJob(script, { submitCmd: '  ' })).rejects.toThrow(/submit_cmd: not configured \("  " in the given options\)/);
    await expect(submitJob(join(tmp, 'nope.sh'), { submitCmd: bad.path })).rejects.toThrow(/job script: .*nope\.sh not found/);
  });
});

describe('mam nest-export', () => {
  it('exports from params and sim files, writes the job script and submits it (runNestExport)', async () => {
    const fake = fakeSubmit('sbatch-cli');
    const config = join(tmp, 'cluster.mjs');
    writeFileSync(config, `export default { data_path: '.', jobscript_template: '{command}', submit_cmd: ${JSON.stringify(fake.path)} };\n`);
    const params = join(tmp, 'net.yaml');
    writeFileSync(params, 'N_scaling: 0.001\nK_scaling: 0.001\nfullscale_rates: ' + JSON.stringify(join(PROJECT_ROOT, 'data', 'multiarea', 'fullscale_rates.json')) + '\n');
    const sim = join(tmp, 'sim.yaml');
    writeFileSync(sim, 'areas_simulated: [V1]\nt_sim: 10\nnum_processes: 3\n');
    const { result, jobScript, submission } = await runNestExport({ params, sim, out: join(tmp, 'cli-run'), threads: 2, submit: true, config, ratesWindow: [1, 9] });
    expect(result.network.network_label).toBe(model.label);
    expect(result.sim).toMatchObject({ num_processes: 3, local_num_threads: 2, rates_window_ms: [1, 9] });
    expect(readFileSync(jobScript!, 'utf8')).toBe(`mpirun -n 3 python3 ${result.dir}/run_nest.py\n`);
    expect(submission!.argv).toEqual([fake.path, jobScript]);
  });

  it('--help documents the options; errors exit non-zero naming the problem', () => {
    const mam = (...args: string[]) =>
      spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), 'nest-export', ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
    const help = mam('--help');
    expect(help.status).toBe(0);
    for (const opt of ['--params', '--sim', '--out', '--submit', '--num-processes', '--threads', 'run_nest.py']) expect(help.stdout).toContain(opt);
    const bad = mam('--out', join(tmp, 'cli-bad'), '--scale', '0.001', '--areas', 'V1,XX');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/mam nest-export: .*areas_simulated: unknown area "XX"/s);
    expect(existsSync(join(tmp, 'cli-bad'))).toBe(false);
  });
});

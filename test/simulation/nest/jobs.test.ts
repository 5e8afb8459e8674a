import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../core/index.ts';
import { defaultNestCommand, exportNestRun, jobScriptValues, readNestSimSpec, shellQuote, submitJob, writeJobScript } from '../../../simulation/index.ts';
import { runNestExport } from '../../../cli/commands/nest-export-command.ts';
import { fakeNestEnv, HAS_PYTHON, readJson, runMam, smallModel } from './helpers.ts';

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
  it('fills every placeholder of the template; paths are relative to the run folder, where the job starts', async () => {
    const path = await writeJobScript(run.dir, { template: TEMPLATE });
    expect(path).toBe(join(run.dir, `job_script_${run.label}.sh`));
    expect(statSync(path).mode & 0o111).not.toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(`#!/bin/bash
#SBATCH --ntasks=4
#SBATCH --cpus-per-task=2
#SBATCH -o ./${run.label}.%j.o
# network ${model.label}, 8 virtual processes
cd .
mpirun -n 4 python3 run_nest.py
`);
  });

  it('takes a custom command, whose placeholders are filled too, and a base path', async () => {
    const path = await writeJobScript(run.dir, { template: '{base_path}: {command}', command: 'srun -n {num_processes} -c {local_num_threads} python3 run_nest.py # {label}', basePath: '/opt/mam' });
    expect(readFileSync(path, 'utf8')).toBe(`/opt/mam: srun -n 4 -c 2 python3 run_nest.py # ${run.label}\n`);
    await expect(writeJobScript(run.dir, { template: '{command}', command: 'srun -n {nprocs} x' })).rejects.toThrow(/--command: placeholder \{nprocs\} has no value; available: \{base_path\}, \{sim_dir\}/);
    // {command} has no value inside itself.
    await expect(writeJobScript(run.dir, { template: '{command}', command: 'a {command}' })).rejects.toThrow(/--command: placeholder \{command\} has no value/);
  });

  it('literal braces: {{ and }} (shell variables such as ${{SLURM_JOB_ID}}); a single one is an error', async () => {
    const path = await writeJobScript(run.dir, { template: 'echo "job ${{SLURM_JOB_ID}} of {label}"\nf() {{ {command}; }}' });
    expect(readFileSync(path, 'utf8')).toBe(`echo "job \${SLURM_JOB_ID} of ${run.label}"\nf() { mpirun -n 4 python3 run_nest.py; }\n`);
    await expect(writeJobScript(run.dir, { template: 'echo ${SLURM_JOB_ID}' })).rejects.toThrow(/placeholder \{SLURM_JOB_ID\} has no value; .*\(\{\{ and \}\} for literal braces\)/);
  });

  it('default command: python3 run_nest.py in the run folder, under mpirun for several processes', () => {
    expect(defaultNestCommand(1)).toBe('python3 run_nest.py');
    expect(defaultNestCommand(2)).toBe('mpirun -n 2 python3 run_nest.py');
    expect(shellQuote('x; rm -rf ~')).toBe(`'x; rm -rf ~'`);
    expect(shellQuote("/a/my run's")).toBe(`'/a/my run'\\''s'`);
    expect(jobScriptValues(readNestSimSpec(run.dir))).toEqual({
      base_path: '.',
      sim_dir: '.',
      label: run.label,
      network_label: model.label,
      num_processes: 4,
      local_num_threads: 2,
      num_vp: 8,
      command: 'mpirun -n 4 python3 run_nest.py',
    });
  });

  it('reads only a sim.json of the format version it knows', () => {
    const other = exportNestRun(model, { areas_simulated: ['V1'], t_sim: 10 }, join(tmp, 'old-sim'));
    const file = join(other.dir, 'sim.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 0 }));
    expect(() => readNestSimSpec(other.dir)).toThrow(`run folder: ${file} has format "multiarea-nest-sim" version 0; expected 'multiarea-nest-sim' version 1`);
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
    await expect(submitJob(script, { submitCmd: join(tmp, 'no-such-sbatch') })).rejects.toThrow(/submit_cmd: cannot run '.*no-such-sbatch' \(not an executable file; from the given options\)/);
    await expect(submitJob(script, { submitCmd: 'no-such-sbatch-xyz --x' })).rejects.toThrow(/submit_cmd: cannot run 'no-such-sbatch-xyz' \(not found on PATH; from the given options\)/);
    await expect(submitJob(script, { submitCmd: '  ' })).rejects.toThrow(/submit_cmd: not configured \("  " in the given options\)/);
    await expect(submitJob(join(tmp, 'nope.sh'), { submitCmd: bad.path })).rejects.toThrow(/job script: .*nope\.sh not found/);
  });
});

describe('a run folder is self-contained', () => {
  it.skipIf(!HAS_PYTHON)('copied elsewhere (the original deleted), its job script runs it from there', () => {
    const res = exportNestRun(model, { areas_simulated: ['V1'], t_sim: 10 }, join(tmp, 'laptop', 'run'), { jobScript: { template: '#!/bin/bash\n#SBATCH -o {sim_dir}/{label}.out\ncd {base_path}\n{command}' } });
    expect(res.files).toContain(`job_script_${res.label}.sh`);
    const script = readFileSync(res.jobScript!, 'utf8');
    expect(script).not.toContain(tmp);
    const cluster = join(tmp, 'cluster', 'copy');
    mkdirSync(dirname(cluster), { recursive: true });
    cpSync(res.dir, cluster, { recursive: true });
    rmSync(join(tmp, 'laptop'), { recursive: true });
    const fake = fakeNestEnv(join(tmp, 'cluster'));
    // As a queue starts it: in the run folder, from its own copy of the script.
    const spool = join(tmp, 'cluster', 'spool.sh');
    cpSync(join(cluster, `job_script_${res.label}.sh`), spool);
    const r = spawnSync('bash', [spool], { cwd: cluster, encoding: 'utf8', env: { ...process.env, ...fake.env } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readJson(fake.log).find((c: any) => c.fn === 'SetKernelStatus').params.data_path).toBe(join(cluster, 'recordings'));
    expect(Object.keys(readJson(join(cluster, 'rates.json')))).toEqual(res.network.populations.map((p) => p.label));
  });
});

describe('mam nest-export', () => {
  const params = join(tmp, 'net.yaml');
  writeFileSync(params, 'N_scaling: 0.001\nK_scaling: 0.001\nfullscale_rates: ' + JSON.stringify(join(PROJECT_ROOT, 'data', 'multiarea', 'fullscale_rates.json')) + '\n');

  it('exports from params and sim files, writes the job script and submits it (runNestExport)', async () => {
    const fake = fakeSubmit('sbatch-cli');
    const config = join(tmp, 'cluster.mjs');
    writeFileSync(config, `export default { data_path: '.', jobscript_template: '{command}', submit_cmd: ${JSON.stringify(fake.path)} };\n`);
    const sim = join(tmp, 'sim.yaml');
    writeFileSync(sim, 'areas_simulated: [V1]\nt_sim: 10\nnum_processes: 3\n');
    const { result, jobScript, submission } = await runNestExport({ params, sim, out: join(tmp, 'cli-run'), threads: 2, submit: true, config, ratesWindow: [1, 9] });
    expect(result.network.network_label).toBe(model.label);
    expect(result.sim).toMatchObject({ num_processes: 3, local_num_threads: 2, rates_window_ms: [1, 9] });
    expect(readFileSync(jobScript!, 'utf8')).toBe('mpirun -n 3 python3 run_nest.py\n');
    expect(submission!.argv).toEqual([fake.path, jobScript]);
    // A failing submission leaves the complete folder and says so.
    const failing = fakeSubmit('sbatch-cli-fail', 2);
    writeFileSync(config, `export default { data_path: '.', jobscript_template: '{command}', submit_cmd: ${JSON.stringify(failing.path)} };\n`);
    await expect(runNestExport({ params, sim, out: join(tmp, 'cli-run-2'), submit: true, config })).rejects.toThrow(
      /run folder .*cli-run-2 written \(complete\); submitting .*job_script_.*\.sh failed: submit_cmd: .* exited with code 2: queue says no/,
    );
    expect(readdirSync(join(tmp, 'cli-run-2')).filter((f) => /^job_script_[0-9a-f]{32}\.sh$/.test(f)).length).toBe(1);
  });

  it('checks the configuration and --command before writing anything', async () => {
    const none = join(tmp, 'no-cluster.mjs');
    writeFileSync(none, `export default { data_path: '.' };\n`);
    const out = join(tmp, 'not-written');
    await expect(runNestExport({ params, out, job: true, config: none })).rejects.toThrow(/jobscript_template: not configured/);
    const jobOnly = join(tmp, 'job-only.mjs');
    writeFileSync(jobOnly, `export default { data_path: '.', jobscript_template: '{command}' };\n`);
    await expect(runNestExport({ params, out, submit: true, config: jobOnly })).rejects.toThrow(/submit_cmd: not configured/);
    await expect(runNestExport({ params, out, job: true, config: jobOnly, command: 'srun -n {procs} python3 run_nest.py' })).rejects.toThrow(/--command: placeholder \{procs\} has no value/);
    await expect(runNestExport({ params, out, command: 'srun python3 run_nest.py' })).rejects.toThrow(/--command: only used with --job or --submit/);
    const badTemplate = join(tmp, 'bad-template.mjs');
    writeFileSync(badTemplate, `export default { data_path: '.', jobscript_template: 'echo \${SLURM_JOB_ID}\\n{command}', submit_cmd: 'no-such-sbatch-xyz' };\n`);
    await expect(runNestExport({ params, out, job: true, config: badTemplate })).rejects.toThrow(/placeholder \{SLURM_JOB_ID\} has no value/);
    await expect(runNestExport({ params, out, submit: true, config: badTemplate })).rejects.toThrow(/submit_cmd: cannot run 'no-such-sbatch-xyz' \(not found on PATH/);
    expect(readdirSync(tmp).filter((f) => f.startsWith('not-written'))).toEqual([]);
  });

  it('reads a copy of config.template.ts anywhere (outside a "type": "module" package), as the CLI runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mam-user-config-'));
    try {
      const config = join(dir, 'config.ts');
      writeFileSync(config, readFileSync(join(PROJECT_ROOT, 'config.template.ts'), 'utf8').replace('jobscript_template: null,', 'jobscript_template: SLURM_EXAMPLE,'));
      const r = runMam(['nest-export', '--scale', '0.001', '--areas', 'V1', '--t-sim', '10', '--num-processes', '2', '--out', join(dir, 'run'), '--job', '--config', config], dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const label = readJson(join(dir, 'run', 'sim.json')).label;
      const script = readFileSync(join(dir, 'run', `job_script_${label}.sh`), 'utf8');
      expect(script).toContain('#SBATCH --ntasks=2\n');
      expect(script).toContain('\nmpirun -n 2 python3 run_nest.py\n');
      expect(r.stdout).toContain(`Job script: ${join(dir, 'run', `job_script_${label}.sh`)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help documents the options; errors exit non-zero naming the problem; the hint has mpirun for P > 1', () => {
    const help = runMam(['nest-export', '--help'], tmp);
    expect(help.status).toBe(0);
    for (const opt of ['--params', '--sim', '--out', '--submit', '--num-processes', '--threads', 'run_nest.py', '{num_processes}']) expect(help.stdout).toContain(opt);
    const bad = runMam(['nest-export', '--out', join(tmp, 'cli-bad'), '--scale', '0.001', '--areas', 'V1,XX'], tmp);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/mam nest-export: .*areas_simulated: unknown area "XX"/s);
    expect(existsSync(join(tmp, 'cli-bad'))).toBe(false);
    const templateless = join(tmp, 'templateless.mjs');
    writeFileSync(templateless, `export default { data_path: '.' };\n`);
    const noConfig = runMam(['nest-export', '--out', join(tmp, 'cli-no-config'), '--scale', '0.001', '--areas', 'V1', '--job', '--config', templateless], tmp);
    expect(noConfig.status).toBe(1);
    expect(noConfig.stderr).toMatch(/mam nest-export: jobscript_template: not configured/);
    expect(existsSync(join(tmp, 'cli-no-config'))).toBe(false);
    const ok = runMam(['nest-export', '--out', join(tmp, 'cli ok'), '--scale', '0.001', '--areas', 'V1', '--t-sim', '10', '--num-processes', '3'], tmp);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Run with NEST 3: cd '${join(tmp, 'cli ok')}' && mpirun -n 3 python3 run_nest.py`);
  });
});

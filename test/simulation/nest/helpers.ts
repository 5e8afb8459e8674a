import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MultiAreaModel, networkSource, type NetworkSource } from '../../../multiarea/index.ts';
import { PROJECT_ROOT } from '../../helpers/shared.ts';

/** The bundled full-scale rates, which down-scaled models need. */
export const BUNDLED_RATES = join(PROJECT_ROOT, 'data', 'multiarea', 'fullscale_rates.json');

let cached: MultiAreaModel | null = null;

/** The default model at N_scaling = K_scaling = 0.001 (built once per test file; ~0.4 s). */
export function smallModel(): MultiAreaModel {
  cached ??= new MultiAreaModel({ N_scaling: 0.001, K_scaling: 0.001, fullscale_rates: BUNDLED_RATES });
  return cached;
}

/** The small model with some connection_params / input_params replaced (the label stays the model's). */
export function variant(connection: Record<string, unknown> = {}, input: Record<string, unknown> = {}): NetworkSource {
  const m = smallModel();
  return networkSource(m.label, {
    ...m.params,
    connection_params: { ...m.params.connection_params, ...connection },
    input_params: { ...m.params.input_params, ...input },
  }, m.arrays());
}

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
export const SKIP_PYTHON_MESSAGE = 'python3 not found: skipping the tests that run run_nest.py';

/**
 * Environment that makes `import nest` load the fake module (python/fake_nest.py), which logs the
 * NEST calls to `log` at exit. Files go to `workDir`.
 */
export function fakeNestEnv(workDir: string): { env: Record<string, string>; log: string } {
  const fakeRoot = join(workDir, `fake-nest-${process.pid}`);
  if (!existsSync(join(fakeRoot, 'nest', '__init__.py'))) {
    mkdirSync(join(fakeRoot, 'nest'), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, 'python', 'fake_nest.py'), join(fakeRoot, 'nest', '__init__.py'));
  }
  const log = join(workDir, `calls-${process.pid}.json`);
  return { env: { PYTHONPATH: fakeRoot, FAKE_NEST_LOG: log, PYTHONDONTWRITEBYTECODE: '1' }, log };
}

/**
 * Runs run_nest.py of an exported folder (from its parent folder) against the fake `nest` module.
 * Returns the process result and the NEST calls it made.
 */
export function runWithFakeNest(runDir: string, env: Record<string, string> = {}, args: string[] = []) {
  const fake = fakeNestEnv(join(runDir, '..'));
  rmSync(fake.log, { force: true });
  const r = spawnSync('python3', [join(runDir, 'run_nest.py'), ...args], {
    cwd: join(runDir, '..'),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...fake.env, ...env },
  });
  const calls: any[] = r.status === 0 && existsSync(fake.log) ? readJson(fake.log) : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

/** Runs `mam <args>` (node cli/mam.js) in `cwd`. */
export function runMam(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
}

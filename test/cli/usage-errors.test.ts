/**
 * Usage errors of every command: one line naming the option, the value and what is expected, exit code 2,
 * no stack trace; runtime failures: one line, exit code 1; the stack only with MAM_DEBUG=1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

/** Runs `mam args...` in this process; returns the exit code and what went to stderr. */
async function mamInProcess(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const err: string[] = [];
  const out: string[] = [];
  const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation((s: any) => (err.push(String(s)), true));
  const consoleError = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ') + '\n'));
  const consoleLog = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ') + '\n'));
  try {
    const code = await main(['node', 'mam', ...args]);
    return { code, stderr: err.join(''), stdout: out.join('') };
  } finally {
    errWrite.mockRestore();
    consoleError.mockRestore();
    consoleLog.mockRestore();
    process.exitCode = 0;
  }
}

function mamProcess(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), ...args], {
    encoding: 'utf8',
    cwd: tempDir('mam-usage-'),
    env: { ...process.env, MAM_DEBUG: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BAD_VALUES: [string[], string][] = [
  [['simulate', '--t-sim', '-100'], "mam simulate: --t-sim: got '-100'; expected a number > 0 (ms)"],
  [['simulate', '--t-sim', 'abc'], "mam simulate: --t-sim: got 'abc'; expected a number > 0 (ms)"],
  [['simulate', '--t-sim', ''], "mam simulate: --t-sim: got ''; expected a number > 0 (ms)"],
  [['simulate', '--threads', '0'], "mam simulate: --threads: got '0'; expected a whole number >= 1"],
  [['simulate', '--threads', '1.5'], "mam simulate: --threads: got '1.5'; expected a whole number >= 1"],
  [['simulate', '--scale', '-1'], "mam simulate: --scale: got '-1'; expected a down-scaling factor > 0 and <= 1"],
  [['simulate', '--scale', '2'], "mam simulate: --scale: got '2'; expected a down-scaling factor > 0 and <= 1"],
  [['simulate', '--seed', '-3'], "mam simulate: --seed: got '-3'; expected a whole number >= 0"],
  [['simulate', '--areas', ''], "mam simulate: --areas: got ''; expected comma-separated area names, e.g. V1,V2"],
  [['simulate', '--areas', 'V1,,V2'], "mam simulate: --areas: got 'V1,,V2'; expected comma-separated area names"],
  [['nest-export', '--out', 'x', '--scale', '0'], "mam nest-export: --scale: got '0'; expected a down-scaling factor > 0 and <= 1"],
  [['nest-export', '--out', 'x', '--threads', '0x10'], "mam nest-export: --threads: got '0x10'; expected a whole number >= 1"],
  [['nest-export', '--out', 'x', '--num-processes', '0'], "mam nest-export: --num-processes: got '0'; expected a whole number >= 1"],
  [['nest-export', '--out', 'x', '--rates-window', '5'], "mam nest-export: --rates-window: got '5'; expected start,stop in ms with 0 <= start < stop"],
  [['nest-export', '--out', 'x', '--rates-window', '500,100'], "mam nest-export: --rates-window: got '500,100'; expected start,stop in ms"],
  [['theory', '--iter', '0'], "mam theory: --iter: got '0'; expected a whole number >= 1"],
  [['rates', '--run', 'r', '--t-min', '-50', '--t-max', '10'], "mam rates: --t-min: got '-50'; expected a number >= 0 (ms)"],
  [['analyze', '--run', 'r', '--t-max', 'soon'], "mam analyze: --t-max: got 'soon'; expected a number >= 0 (ms)"],
  [['lfp', '--sim', 'x', '--threads', '0'], "mam lfp: --threads: got '0'; expected a whole number >= 1"],
  [['figures', '--only', 'nope'], "mam figures: --only: got 'nope'; expected comma-separated figure names from: anatomy,"],
  [['export', '--format', 'xml', '--out', 'x.xml'], "mam export: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are json, yaml, csv."],
  [['export', '--format', 'json'], "mam export: required option '-o, --out <file>' not specified"],
  [['simulate', '--no-such-option'], "mam simulate: unknown option '--no-such-option'"],
  [['no-such-command'], "mam: unknown command 'no-such-command'"],
];

describe('usage errors: one line, exit code 2', () => {
  it.each(BAD_VALUES)('mam %j', async (args, expected) => {
    const r = await mamInProcess(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(expected)).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('as a process: exit code 2, one line on stderr, no stack trace, nothing written', () => {
    const r = mamProcess(['simulate', '--t-sim', '-100', '--out', 'runs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("mam simulate: --t-sim: got '-100'; expected a number > 0 (ms)\n");
    expect(r.stdout).toBe('');
  });
});

describe('runtime failures: one line, exit code 1, the stack only with MAM_DEBUG=1', () => {
  it('an output path that is a folder', () => {
    const dir = tempDir('mam-usage-');
    const out = join(dir, 'model.json');
    mkdirSync(out);
    const r = mamProcess(['export', '--format', 'json', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`mam export: cannot write ${out}: it is a folder; expected the path of a file\n`);
    const debug = mamProcess(['export', '--format', 'json', '--out', out], { MAM_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n')[0]).toBe(`mam export: cannot write ${out}: it is a folder; expected the path of a file`);
    expect(debug.stderr).toMatch(/\n {4}at .*atomic-write/);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('an output folder below a file names the file in the way', async () => {
    const dir = tempDir('mam-usage-');
    writeFileSync(join(dir, 'results'), 'a file');
    const r = await mamInProcess('export', '--format', 'csv', '--out', join(dir, 'results', 'model.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`mam export: cannot create folder ${join(dir, 'results')}: ${join(dir, 'results')} is a file, not a folder\n`);
  });

  it('missing output folders are created', async () => {
    const dir = tempDir('mam-usage-');
    const r = await mamInProcess('export', '--format', 'yaml', '--out', join(dir, 'a', 'b', 'model.yaml'));
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'a', 'b', 'model.yaml'))).toBe(true);
  });
});

describe('empty parameter files are errors, in YAML and JSON alike', () => {
  it.each([
    ['empty.json', ''],
    ['empty.yaml', ''],
    ['blank.json', ' \n\n'],
    ['comments.yaml', '# nothing here\n'],
    ['null.yaml', '~\n'],
  ])('%s', async (name, text) => {
    const dir = tempDir('mam-usage-');
    const file = join(dir, name);
    writeFileSync(file, text);
    const r = await mamInProcess('export', '--format', 'json', '--params', file, '--out', join(dir, 'out.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `mam export: --params ${file}: the file is empty (no document); expected an object of custom parameters (write {} to change nothing)\n`,
    );
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });

  it('{} means the defaults in both formats', async () => {
    const dir = tempDir('mam-usage-');
    for (const name of ['p.json', 'p.yaml']) {
      writeFileSync(join(dir, name), '{}\n');
      const r = await mamInProcess('export', '--format', 'json', '--params', join(dir, name), '--out', join(dir, `${name}.out.json`));
      expect(r.code).toBe(0);
    }
  });
});

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDifferences, Pipeline, orderRules, ruleKeys, type Rule } from '../../figures/index.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

// Temporary folders of this file, removed when its tests are done.
const tempDir = useTempDirs();

function makeRules(scale: number, calls: string[]): Rule<any>[] {
  return [
    {
      name: 'rates',
      config: { scale },
      run: async ({ config, outDir }) => {
        calls.push('rates');
        await writeFile(join(outDir, 'rates.json'), JSON.stringify([1 * config.scale, 2 * config.scale]));
      },
    },
    {
      name: 'kernels',
      config: { tau: 50 },
      run: async ({ outDir }) => {
        calls.push('kernels');
        await writeFile(join(outDir, 'k.json'), '[0.5]');
      },
    },
    {
      name: 'figure',
      config: { title: 'Fig. 1' },
      needs: ['rates', 'kernels'],
      run: async ({ inputs, outDir }) => {
        calls.push('figure');
        const rates = JSON.parse(readFileSync(join(inputs.rates, 'rates.json'), 'utf8')) as number[];
        const kernel = JSON.parse(readFileSync(join(inputs.kernels, 'k.json'), 'utf8')) as number[];
        await writeFile(join(outDir, 'sum.txt'), String(rates.reduce((a, b) => a + b, 0) * kernel[0]));
      },
    },
  ];
}

describe('figure pipeline', () => {
  it('runs everything once, then reruns nothing', async () => {
    const cacheDir = tempDir('mam-fig-');
    const calls: string[] = [];
    const first = await new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent' }).run();
    expect(first.ran.sort()).toEqual(['figure', 'kernels', 'rates']);
    expect(readFileSync(join(first.outputs.figure, 'sum.txt'), 'utf8')).toBe('1.5');

    const second = await new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent' }).run();
    expect(second.ran).toEqual([]);
    expect(second.upToDate.sort()).toEqual(['figure', 'kernels', 'rates']);
    expect(calls).toHaveLength(3);
  });

  it('reruns only the changed rule and what depends on it', async () => {
    const cacheDir = tempDir('mam-fig-');
    const calls: string[] = [];
    await new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent' }).run();
    calls.length = 0;
    const changed = await new Pipeline(makeRules(2, calls), { cacheDir, renderer: 'silent' }).run();
    expect(calls.sort()).toEqual(['figure', 'rates']);
    expect(readFileSync(join(changed.outputs.figure, 'sum.txt'), 'utf8')).toBe('3');
  });

  it('leaves no output that looks complete when a rule fails', async () => {
    const cacheDir = tempDir('mam-fig-');
    const failing: Rule = {
      name: 'broken',
      config: {},
      run: async ({ outDir }) => {
        await writeFile(join(outDir, 'half.txt'), 'partial');
        throw new Error('model diverged');
      },
    };
    const pipeline = new Pipeline([failing], { cacheDir, renderer: 'silent' });
    await expect(pipeline.run()).rejects.toThrow('model diverged');
    expect(pipeline.isUpToDate('broken')).toBe(false);
    expect(existsSync(join(cacheDir, 'broken')) ? readdirSync(join(cacheDir, 'broken')) : []).toEqual([]);
  });

  it('names the rule in dependency errors', () => {
    const noop = () => undefined;
    expect(() => orderRules([{ name: 'a', config: {}, needs: ['b'], run: noop }])).toThrow(/rule "a" needs "b"/);
    expect(() =>
      orderRules([
        { name: 'a', config: {}, needs: ['b'], run: noop },
        { name: 'b', config: {}, needs: ['a'], run: noop },
      ]),
    ).toThrow(/cycle a -> b -> a/);
  });
});

describe('pipeline salt', () => {
  it('reruns every rule when the shared salt (e.g. the dataset digest) changes', async () => {
    const cacheDir = tempDir('mam-fig-');
    const calls: string[] = [];
    await new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent', salt: { dataset: 'a' } }).run();
    calls.length = 0;
    await new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent', salt: { dataset: 'a' } }).run();
    expect(calls).toEqual([]);
    await new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent', salt: { dataset: 'b' } }).run();
    expect(calls.sort()).toEqual(['figure', 'kernels', 'rates']);
  });
});

describe('ruleKeys', () => {
  const rule = (config: unknown): Rule<any> => ({ name: 'r', config, run: () => {} });
  it('are exact in numbers and ignore key order', () => {
    const key = (config: unknown) => ruleKeys([rule(config)]).get('r');
    expect(key({ chi: 1.9 })).not.toBe(key({ chi: 1.90001 }));
    expect(key({ chi: 1.9, areas: ['V1'] })).toBe(key({ areas: ['V1'], chi: 1.9 }));
    expect(key({ chi: 1.9 })).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('temporary folders of killed runs', () => {
  it('are removed when a pipeline starts; those of live processes are kept', async () => {
    const { spawn, spawnSync } = await import('node:child_process');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const cacheDir = tempDir('mam-fig-');
    const pipeline = new Pipeline(makeRules(1, []), { cacheDir, renderer: 'silent' });
    // A process that has ended (its pid is free) and one that is still running.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const dead = `${pipeline.outputDir('rates')}.tmp-${deadPid}`;
      const alive = `${pipeline.outputDir('kernels')}.tmp-${live.pid}`;
      for (const dir of [dead, alive]) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'partial.json'), '[1,');
      }
      const result = await pipeline.run(['rates']);
      expect(result.ran).toEqual(['rates']);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(join(alive, 'partial.json'))).toBe(true);
      expect(readdirSync(join(cacheDir, 'rates'))).toEqual([pipeline.key('rates')]);
    } finally {
      live.kill();
    }
  });
});

describe('pipeline plans, checks and interruptions', () => {
  it('plan says which rules run and why, without running anything', async () => {
    const cacheDir = tempDir('mam-fig-');
    const calls: string[] = [];
    const fresh = new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent' }).plan();
    expect(fresh.map((p) => [p.name, p.action, p.reason])).toEqual([
      ['rates', 'run', 'no output yet'],
      ['kernels', 'run', 'no output yet'],
      ['figure', 'run', 'no output yet'],
    ]);
    expect(calls).toEqual([]);
    await new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent' }).run();
    const changed = new Pipeline(makeRules(2, calls), { cacheDir, renderer: 'silent' }).plan(['figure']);
    expect(changed.map((p) => [p.name, p.action, p.reason])).toEqual([
      ['rates', 'run', 'config changed: scale: 1 -> 2'],
      ['kernels', 'up to date', expect.stringContaining(join(cacheDir, 'kernels'))],
      ['figure', 'run', 'needs rates, which runs'],
    ]);
    const salted = new Pipeline(makeRules(1, calls), { cacheDir, renderer: 'silent', salt: 'v2' }).plan(['kernels']);
    expect(salted[0].reason).toBe('dataset or release changed');
  });

  it('configDifferences names every changed entry by path', () => {
    expect(configDifferences({ a: 1, b: { c: [1, 2] }, d: 'x' }, { a: 1, b: { c: [1, 3] }, e: true })).toEqual([
      'b.c[1]: 2 -> 3',
      'd: "x" -> unset',
      'e: unset -> true',
    ]);
    expect(configDifferences({ a: [1] }, { a: [1, 2] })).toEqual(['a: [1] -> [1,2]']);
  });

  it('reruns a rule whose cached output its checkOutput rejects', async () => {
    const cacheDir = tempDir('mam-fig-');
    let runs = 0;
    let valid = true;
    const rule: Rule = { name: 'sim', config: {}, checkOutput: () => (valid ? null : 'run folder gone'), run: () => void runs++ };
    await new Pipeline([rule], { cacheDir, renderer: 'silent' }).run();
    await new Pipeline([rule], { cacheDir, renderer: 'silent' }).run();
    expect(runs).toBe(1);
    valid = false;
    const pipeline = new Pipeline([rule], { cacheDir, renderer: 'silent' });
    expect(pipeline.plan()[0].reason).toBe('cached output unusable: run folder gone');
    valid = true; // the rerun makes a valid output again
    expect((await pipeline.run()).ran).toEqual([]);
    valid = false;
    const rerun = new Pipeline([{ ...rule, checkOutput: () => (runs < 2 ? 'run folder gone' : null) }], { cacheDir, renderer: 'silent' });
    expect((await rerun.run()).ran).toEqual(['sim']);
    expect(runs).toBe(2);
  });

  it('runs an exclusive rule alone, never beside another rule', async () => {
    const cacheDir = tempDir('mam-fig-');
    const spans: { name: string; exclusive: boolean; from: number; to: number }[] = [];
    let clock = 0;
    const rule = (name: string, exclusive: boolean): Rule => ({
      name,
      config: {},
      exclusive,
      run: async () => {
        const from = clock++;
        await new Promise((r) => setTimeout(r, 15));
        spans.push({ name, exclusive, from, to: clock++ });
      },
    });
    const rules = [rule('theory', false), rule('sim-a', true), rule('stats', false), rule('sim-b', true), rule('other', false)];
    await new Pipeline(rules, { cacheDir, renderer: 'silent', concurrency: 5 }).run();
    const overlapping = (a: (typeof spans)[number], b: (typeof spans)[number]) => a.from < b.to && b.from < a.to;
    const clashes = spans.filter((a) => a.exclusive).flatMap((a) => spans.filter((b) => b !== a && overlapping(a, b)).map((b) => `${a.name}/${b.name}`));
    expect(clashes).toEqual([]);
    // The ordinary rules did share the machine.
    const shared = spans.filter((a) => !a.exclusive);
    expect(shared.some((a) => shared.some((b) => b !== a && overlapping(a, b)))).toBe(true);
  });

  it('Ctrl-C aborts the running rule, keeps no partial output and says so', async () => {
    const cacheDir = tempDir('mam-fig-');
    let started!: () => void;
    const ruleStarted = new Promise<void>((resolve) => (started = resolve));
    const slow: Rule = {
      name: 'simulation',
      config: {},
      run: async ({ outDir, signal }) => {
        await writeFile(join(outDir, 'spikes.bin'), 'partial');
        started();
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, 10_000);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('simulation interrupted'));
          });
        });
      },
    };
    const pipeline = new Pipeline([slow], { cacheDir, renderer: 'silent' });
    const running = pipeline.run();
    // Ctrl-C once the rule is under way (a fixed delay races the pipeline's start on a loaded machine).
    await ruleStarted;
    process.emit('SIGINT');
    await expect(running).rejects.toThrow(/interrupted \(Ctrl-C\); rules finished before: none/);
    expect(pipeline.isUpToDate('simulation')).toBe(false);
    expect(readdirSync(join(cacheDir, 'simulation'))).toEqual([]);
  });

  it('removes temporary folders left by a killed process', async () => {
    const cacheDir = tempDir('mam-fig-');
    const rule: Rule = { name: 'r', config: {}, run: () => undefined };
    const pipeline = new Pipeline([rule], { cacheDir, renderer: 'silent' });
    // A pid that no process has (above the kernel's pid_max).
    const stale = `${pipeline.outputDir('r')}.tmp-99999999`;
    mkdirSync(stale, { recursive: true });
    await pipeline.run();
    expect(existsSync(stale)).toBe(false);
    expect(pipeline.isUpToDate('r')).toBe(true);
  });
});

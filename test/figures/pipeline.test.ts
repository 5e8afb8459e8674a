import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pipeline, orderRules, ruleKeys, type Rule } from '../../figures/index.ts';
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

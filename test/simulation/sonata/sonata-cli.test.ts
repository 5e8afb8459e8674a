import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConvert } from '../../../cli/commands/convert-command.ts';
import { runSimulate } from '../../../cli/commands/simulate-command.ts';
import { runSonataExport } from '../../../cli/commands/sonata-export-command.ts';
import { readSonataSpikes, readSpikes, validateSonataCircuit } from '../../../simulation/index.ts';
import { PROJECT_ROOT } from '../../helpers/shared.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { PYTHON_H5PY, SKIP_H5PY_MESSAGE } from './python-h5py.ts';

const tempDir = useTempDirs();

/** The Python example of docs/sonata.md (the code block that imports h5py). */
function docsExample(): string {
  const text = readFileSync(join(PROJECT_ROOT, 'docs', 'sonata.md'), 'utf8');
  const block = [...text.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('import h5py'));
  if (!block) throw new Error('docs/sonata.md: no python example with h5py');
  return block;
}

describe('mam simulate --spikes-format sonata, mam convert, mam sonata-export', () => {
  it('simulate writes spikes.h5 from the run folder; a later run without the option removes it', async () => {
    const out = tempDir('sim-');
    const opts = { scale: 0.001, areas: ['V1'], tSim: 50, out, progress: false };
    const { dir } = await runSimulate({ ...opts, spikesFormat: 'sonata' });
    const native = readSpikes(dir);
    const sonata = (await readSonataSpikes(join(dir, 'spikes.h5'))).multiarea;
    expect(Array.from(sonata.nodeIds)).toEqual(Array.from(native.senders));
    expect(sonata.nodeIds.length).toBeGreaterThan(0);
    await runSimulate(opts);
    expect(existsSync(join(dir, 'spikes.h5'))).toBe(false);
  });

  it('convert: run folder -> SONATA -> NEST .dat and -> run folder; errors name the missing option', async () => {
    const out = tempDir('conv-');
    const { dir } = await runSimulate({ scale: 0.001, areas: ['V1'], tSim: 50, out, progress: false });
    expect(await runConvert(dir, { to: 'sonata', out: join(out, 's.h5') })).toMatch(/^Wrote \d+ spikes of the run folder to /);
    expect(await runConvert(join(out, 's.h5'), { to: 'nest', out: join(out, 'dat') })).toMatch(/NEST ids = node ids \+ 1/);
    expect(readdirSync(join(out, 'dat'))).toEqual(['spikes-1-0.dat']);
    await expect(runConvert(join(out, 's.h5'), { to: 'run', out: join(out, 'r') })).rejects.toThrow(/--to run needs --layout/);
    await runConvert(join(out, 's.h5'), { to: 'run', out: join(out, 'r'), layout: join(dir, 'populations.json') });
    expect(Array.from(readSpikes(join(out, 'r')).senders)).toEqual(Array.from(readSpikes(dir).senders));
    await expect(runConvert(dir, { to: 'nest', out: join(out, 'x') })).rejects.toThrow(/--to nest: the input must be a SONATA spike file/);
    await expect(runConvert(join(out, 'missing'), { to: 'sonata', out: join(out, 'y.h5') })).rejects.toThrow(/missing: not found; expected a run folder/);
  });

  it('sonata-export writes a valid circuit from --scale and --areas, and refuses a bad --max-size', async () => {
    const out = join(tempDir('export-'), 'c');
    const r = await runSonataExport({ scale: 0.001, areas: ['V1', 'V2'], tSim: 100, out });
    expect(r.nodes).toBe(348);
    expect(await validateSonataCircuit(join(out, 'circuit_config.json'))).toEqual([]);
    const cli = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), 'sonata-export', '--scale', '0.001', '--out', join(out, 'x'), '--max-size', '-1'], { encoding: 'utf8' });
    expect(cli.status).not.toBe(0);
    expect(cli.stderr).toMatch(/--max-size: got '-1'; expected a size in GiB > 0/);
  });

  it.skipIf(PYTHON_H5PY === null)('the Python example of docs/sonata.md reads our SONATA output with h5py', async () => {
    const out = tempDir('docs-');
    const { dir } = await runSimulate({ scale: 0.001, areas: ['V1'], tSim: 50, out, progress: false, spikesFormat: 'sonata' });
    const script = join(out, 'example.py');
    writeFileSync(script, docsExample());
    const r = spawnSync(PYTHON_H5PY!, [script, join(dir, 'spikes.h5')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const n = readSpikes(dir).senders.length;
    expect(r.stdout).toMatch(new RegExp(`^multiarea by_time ${n} spikes from \\d+ neurons between`));
  });
  if (PYTHON_H5PY === null) it.skip(SKIP_H5PY_MESSAGE, () => {});
});

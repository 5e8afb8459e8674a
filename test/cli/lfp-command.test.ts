/**
 * `mam lfp`: every input is checked before anything is written, the output folder appears only when complete
 * (temporary folders of killed runs are removed), worker threads give the same numbers as one thread, the
 * default thread count is the machine's available parallelism, and progress is reported per area.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lfpFromRun } from '../../analysis/index.ts';
import { readNpy } from '../../core/index.ts';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { encodeHeader, SPIKE_MAGIC } from '../../simulation/recording/record-format.ts';
import { runLfp } from '../../cli/commands/lfp-command.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { writeCompletedRunLog } from '../simulation/recording/run-folder-fixture.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';

const tempDir = useTempDirs();
const KERNELS = join(PROJECT_ROOT, 'data', 'kernels');

/** A run folder of areas V1 and V2 of the default model (50 ms), a few spikes per population. */
function syntheticRun(): { root: string; label: string; runDir: string } {
  const model = new MultiAreaModel({});
  const net = model.arrays();
  const root = tempDir('mam-lfp-cli-');
  const label = 'run';
  const runDir = join(root, label);
  mkdirSync(runDir);
  let first = 0;
  const pops = net.structureVec
    .map((l, i) => ({ label: l, size: Math.round(net.N[i]) }))
    .filter((p) => p.label.startsWith('V1-') || p.label.startsWith('V2-'))
    .map((p) => {
      const out = { label: p.label, first, size: p.size, recordSpikes: true, nVm: 0 };
      first += p.size;
      return out;
    });
  const dt = 0.1;
  writeFileSync(join(runDir, 'params.json'), JSON.stringify({ network_params: model.params }));
  writeFileSync(join(runDir, 'populations.json'), JSON.stringify({ dt, t_sim: 50, populations: pops }));
  const records = pops.flatMap((p, k) => [[20 + 10 * k, p.first], [300 + 7 * k, p.first + 1]]);
  const buf = Buffer.alloc(32 + 8 * records.length);
  Buffer.from(encodeHeader(SPIKE_MAGIC, 0, dt, 8)).copy(buf, 0);
  records.forEach(([stamp, id], i) => {
    buf.writeUInt32LE(stamp, 32 + 8 * i);
    buf.writeUInt32LE(id, 36 + 8 * i);
  });
  writeFileSync(join(runDir, 'spikes-0.bin'), buf);
  writeCompletedRunLog(runDir);
  return { root, label, runDir };
}

const RUN_FILES = ['params.json', 'populations.json', 'run_log.json', 'spikes-0.bin'];

describe('mam lfp', () => {
  it('bad EEG inputs: an error naming the input, and nothing written', async () => {
    const { root, label, runDir } = syntheticRun();
    const csv = join(root, 'eeg.csv');
    writeFileSync(csv, 'name,x,y,z,layer,region,type\nCz,0,0,90000,scalp,head,FourSphere\n');
    const onlyV1 = join(root, 'pos.json');
    writeFileSync(onlyV1, JSON.stringify({ V1: [0, 10000, 77000] }));
    const opts = { sim: label, dataPath: root, kernelsDir: KERNELS, electrodes: csv, dipolePositions: onlyV1, threads: 1 };
    await expect(runLfp(opts)).rejects.toThrow('EEG: no dipole position for area V2; expected one [x, y, z] (um) for each area of the run (V1, V2)');
    const outside = join(root, 'outside.json');
    writeFileSync(outside, JSON.stringify({ V1: [0, 10000, 77000], V2: [0, 0, 85000] }));
    await expect(runLfp({ ...opts, dipolePositions: outside })).rejects.toThrow(/^EEG of area V2 at \[0, 0, 85000\] um: .*inside the brain sphere/);
    const pointSource = join(root, 'point.csv');
    writeFileSync(pointSource, 'name,x,y,z,layer,region,type\nCz,0,0,90000,scalp,head,PointSource\n');
    await expect(runLfp({ ...opts, electrodes: pointSource, dipolePositions: outside })).rejects.toThrow(`${pointSource}: no electrodes of type FourSphere for the EEG`);
    expect(readdirSync(runDir).sort()).toEqual(RUN_FILES);
    expect(readdirSync(root).sort()).toEqual(['eeg.csv', 'outside.json', 'point.csv', 'pos.json', 'run']);
  });

  it('writes the folder under a temporary name: stale ones of dead processes go, a non-LFP folder is never replaced', async () => {
    const { root, label, runDir } = syntheticRun();
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(runDir, `lfp.tmp-${deadPid}`));
    writeFileSync(join(runDir, `lfp.tmp-${deadPid}`, 'lfp_V1.npy'), 'partial');
    const first = await runLfp({ sim: label, dataPath: root, kernelsDir: KERNELS, threads: 1 });
    expect(first.areas).toEqual(['V1', 'V2']);
    expect(readdirSync(runDir).sort()).toEqual([...RUN_FILES, 'lfp'].sort());
    expect(readdirSync(join(runDir, 'lfp')).sort()).toEqual(['dipole.npy', 'lfp.json', 'lfp_V1.npy', 'lfp_V2.npy']);
    // An earlier LFP output is replaced.
    await runLfp({ sim: label, dataPath: root, kernelsDir: KERNELS, threads: 1 });
    expect(readdirSync(runDir).sort()).toEqual([...RUN_FILES, 'lfp'].sort());
    // A folder with other files is not.
    const mine = join(root, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep');
    await expect(runLfp({ sim: label, dataPath: root, kernelsDir: KERNELS, out: mine, threads: 1 })).rejects.toThrow(
      `output folder ${mine} exists and is not an LFP output`,
    );
    expect(readdirSync(mine)).toEqual(['notes.txt']);
  });

  it('two worker threads give the same numbers as one; progress per area; default threads = available parallelism', async () => {
    const { root, label, runDir } = syntheticRun();
    const progress: [number, number][] = [];
    const one = await lfpFromRun(runDir, { kernelsDir: KERNELS, outDir: join(root, 'one'), threads: 1, onProgress: (d, t) => progress.push([d, t]) });
    expect(progress).toEqual([[0, 2], [1, 2], [2, 2]]);
    const two = await lfpFromRun(runDir, { kernelsDir: KERNELS, outDir: join(root, 'two'), threads: 2 });
    expect(two.threads).toBe(2);
    for (const file of ['lfp_V1.npy', 'lfp_V2.npy', 'dipole.npy']) {
      const a = readNpy(join(root, 'one', file));
      const b = readNpy(join(root, 'two', file));
      expect(b.shape).toEqual(a.shape);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
    }
    expect(Math.max(...Array.from(readNpy(join(root, 'one', 'dipole.npy')).data, Math.abs))).toBeGreaterThan(0);
    const byDefault = await lfpFromRun(runDir, { kernelsDir: KERNELS, outDir: join(root, 'default') });
    expect(byDefault.threads).toBe(availableParallelism());
    expect(one.files.every(existsSync)).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'default', 'lfp.json'), 'utf8')).areas).toEqual(['V1', 'V2']);
  });
});

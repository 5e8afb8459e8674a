/**
 * Checkpoints: a run killed with kill -9 (a real child process) or stopped, then resumed from its
 * latest checkpoint (with the same or another number of threads), gives the same spikes and V_m as an
 * uninterrupted run, bit for bit; the folder of a killed run is never mistaken for a finished one; a
 * build stopped by Ctrl-C leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSpikes, readVm, Simulation } from '../../../simulation/index.ts';
import { MultiAreaModel } from '../../../multiarea/index.ts';
import { BUNDLED } from '../../../core/index.ts';
import { PROJECT_ROOT } from '../../helpers/shared.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { checkpointNetwork, CHECKPOINT_SIM } from './checkpoint-network.ts';
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_VERSION, latestCheckpoint, removeIncompleteCheckpoints } from '../../../simulation/engine/checkpoint-files.ts';

const tempDir = useTempDirs();

function sameRecordings(a: string, b: string): void {
  const sa = readSpikes(a);
  const sb = readSpikes(b);
  expect(sb.senders.length).toBe(sa.senders.length);
  expect(Buffer.from(sb.senders.buffer).equals(Buffer.from(sa.senders.buffer))).toBe(true);
  expect(Buffer.from(sb.timesMs.buffer).equals(Buffer.from(sa.timesMs.buffer))).toBe(true);
  const va = readVm(a);
  const vb = readVm(b);
  expect(vb.vmMv.length).toBe(va.vmMv.length);
  expect(Buffer.from(vb.vmMv.buffer).equals(Buffer.from(va.vmMv.buffer))).toBe(true);
  expect(Buffer.from(vb.senders.buffer).equals(Buffer.from(va.senders.buffer))).toBe(true);
}

let reference: { dir: string; spikes: number; events: number } | null = null;
async function uninterrupted() {
  if (!reference) {
    const sim = new Simulation(checkpointNetwork(), { ...CHECKPOINT_SIM, threads: 1 }, { dataPath: tempDir('mam-ckpt-ref-') });
    const log = await sim.run();
    expect(log.status).toBe('completed');
    reference = { dir: sim.dataDir, spikes: log.spikes, events: log.synaptic_events };
  }
  return reference;
}

describe('checkpoints', () => {
  it('a run killed with kill -9 resumes from its latest checkpoint and gives the same spikes and V_m, bit for bit', async () => {
    const root = tempDir('mam-ckpt-kill-');
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'test/simulation/engine/checkpoint-child.ts'), root], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    const label = new Simulation(checkpointNetwork(), CHECKPOINT_SIM, { noOutput: true }).label;
    const work = join(root, `${label}.incomplete`);
    const hasCheckpoint = () => existsSync(work) && readdirSync(work).some((n) => /^checkpoint-\d+$/.test(n) && existsSync(join(work, n, 'checkpoint.json')));
    const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal === 'SIGKILL' ? -9 : code)));
    for (let waited = 0; !hasCheckpoint(); waited += 20) {
      if (waited > 60000) throw new Error('the child wrote no checkpoint within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    expect(await exited).toBe(-9);
    // The killed run left only its incomplete folder: nothing looks finished.
    expect(existsSync(join(root, label))).toBe(false);
    expect(existsSync(join(work, 'run_log.json'))).toBe(false);
    // A new run of the same simulation refuses to discard the checkpoint.
    await expect(new Simulation(checkpointNetwork(), CHECKPOINT_SIM, { dataPath: root }).run()).rejects.toThrow(/holds a checkpoint of an unfinished run .* --resume/);
    const resumed = new Simulation(checkpointNetwork(), { ...CHECKPOINT_SIM, threads: 2 }, { dataPath: root });
    const log = await resumed.run({ resume: true });
    expect(log.status).toBe('completed');
    expect(log.resumed_from_ms).toBeGreaterThan(0);
    expect(log.resumed_from_ms).toBeLessThan(CHECKPOINT_SIM.t_sim);
    expect(existsSync(work)).toBe(false);
    expect(readdirSync(resumed.dataDir).filter((n) => n.startsWith('checkpoint-'))).toEqual([]);
    const ref = await uninterrupted();
    expect(log.spikes).toBe(ref.spikes);
    expect(log.synaptic_events).toBe(ref.events);
    sameRecordings(ref.dir, resumed.dataDir);
  });

  it.each([2, 3])('a stopped run keeps a checkpoint; resumed with %i threads it equals the uninterrupted run', async (threads) => {
    const root = tempDir('mam-ckpt-stop-');
    const sim = new Simulation(checkpointNetwork(), { ...CHECKPOINT_SIM, threads: 2, checkpoint: { every_min: 10 } }, { dataPath: root });
    const stopped = await sim.run({ onProgress: (p) => p.phase === 'simulate' && p.simulatedMs > 50 && sim.requestStop() });
    expect(stopped.status).toBe('interrupted');
    expect(readdirSync(sim.dataDir).filter((n) => n.startsWith('checkpoint-')).length).toBe(1);
    const log = await new Simulation(checkpointNetwork(), { ...CHECKPOINT_SIM, threads }, { dataPath: root }).run({ resume: sim.dataDir });
    expect(log).toMatchObject({ status: 'completed', resumed_from_ms: stopped.simulated_ms, threads });
    sameRecordings((await uninterrupted()).dir, sim.dataDir);
  });

  it('resume says what is missing', async () => {
    const root = tempDir('mam-ckpt-none-');
    const sim = new Simulation(checkpointNetwork(), { ...CHECKPOINT_SIM, t_sim: 20 }, { dataPath: root });
    await expect(sim.run({ resume: true })).rejects.toThrow(/resume: no run folder of .* expected .*\.incomplete/);
    await sim.run();
    await expect(sim.run({ resume: true })).rejects.toThrow(/holds no complete checkpoint/);
    const other = new Simulation(checkpointNetwork(), { ...CHECKPOINT_SIM, t_sim: 30 }, { dataPath: root });
    await expect(other.run({ resume: sim.dataDir })).rejects.toThrow(/holds no complete checkpoint/);
  });

  it('Ctrl-C during the build stops the build and leaves no run folder', async () => {
    const root = tempDir('mam-ckpt-build-');
    const model = new MultiAreaModel({ N_scaling: 0.01, K_scaling: 0.01, fullscale_rates: BUNDLED.fullscaleRates });
    const sim = new Simulation(model, { t_sim: 100, threads: 2, connectivity: 'explicit' }, { dataPath: root });
    let asked = 0;
    const log = await sim.run({
      onProgress: (p) => {
        if (p.phase === 'build' && asked === 0) {
          asked = performance.now();
          sim.requestStop();
        }
      },
    });
    expect(asked).toBeGreaterThan(0);
    expect(log.status).toBe('interrupted');
    expect(log.message).toMatch(/interrupted while building; nothing was written/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('the latest checkpoint is the one of the most steps (not the last name in text order); unfinished ones are removed', () => {
    const root = tempDir('mam-ckpt-order-');
    for (const steps of [999, 1000]) {
      mkdirSync(join(root, `checkpoint-${steps}`));
      writeFileSync(join(root, `checkpoint-${steps}`, 'checkpoint.json'), JSON.stringify({ format: CHECKPOINT_FORMAT, version: CHECKPOINT_FORMAT_VERSION, steps_done: steps }));
    }
    mkdirSync(join(root, 'checkpoint-2000'));
    expect(latestCheckpoint(root)?.steps_done).toBe(1000);
    removeIncompleteCheckpoints(root);
    expect(readdirSync(root).sort()).toEqual(['checkpoint-1000', 'checkpoint-999']);
  });
});

/**
 * Our run folders as spike sources: complete runs open; folders changed after the run (spike file
 * deleted, added, lengthened) are refused; files cut short are refused unless allowIncomplete; runs
 * stopped early are valid up to their logged time; a recording that started late starts the window.
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IncompleteRunError, openRunFolderSource, openSpikeSourceSync, populationRates, Simulation, spikeRecordCounts } from '../../../simulation/index.ts';
import { readSpikeFile } from '../../../simulation/recording/record-reader.ts';
import { runMamInProcess as runMam } from '../../helpers/run-mam.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { toyNetwork } from '../toy-network.ts';

const tempDir = useTempDirs();
const root = tempDir('mam-run-source-');
let runDir = '';
let n = 0;

/** A copy of the completed run to change. */
function copyRun(): string {
  const dir = join(root, `copy-${n++}`);
  cpSync(runDir, dir, { recursive: true });
  return dir;
}

function editLog(dir: string, edit: (log: any) => void): void {
  const file = join(dir, 'run_log.json');
  const log = JSON.parse(readFileSync(file, 'utf8'));
  edit(log);
  writeFileSync(file, JSON.stringify(log));
}

beforeAll(async () => {
  const sim = new Simulation(toyNetwork({ addDC: [360, 360, 360, 360] }), { t_sim: 100, threads: 2, rng_seed: 3 }, { dataPath: root });
  await sim.run();
  runDir = sim.dataDir;
}, 60_000);

describe('run folder sources', () => {
  it('a completed run: its log counts the records of every spike file, and it opens as complete over [0, t_sim]', () => {
    const log = JSON.parse(readFileSync(join(runDir, 'run_log.json'), 'utf8'));
    const counts = [0, 1].map((k) => (statSync(join(runDir, `spikes-${k}.bin`)).size - 32) / 8);
    expect(log.spike_records).toEqual({ 'spikes-0.bin': counts[0], 'spikes-1.bin': counts[1] });
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    const source = openSpikeSourceSync(runDir);
    expect(source.window).toEqual({ t_min_ms: 0, t_max_ms: 100 });
    expect(source.info).toMatchObject({ format: 'multiarea-run', end: 'completed', complete: true, networkLabel: 'toy', seed: 3, t_sim_ms: 100, dt_ms: 0.1, notes: [] });
    expect(source.populations.map((p) => p.label)).toEqual(['A-E', 'A-I', 'B-E', 'B-I']);
    expect(source.spikes().senders.length).toBe(counts[0] + counts[1]);
  });

  it('a deleted spike file: refused with what happened, also with allowIncomplete, and mam rates fails', async () => {
    const dir = copyRun();
    const logged = spikeRecordCounts(dir)['spikes-1.bin'];
    rmSync(join(dir, 'spikes-1.bin'));
    const message = `spikes-1.bin is missing, but run_log.json records ${logged} spikes in it; the folder was changed after the run`;
    expect(() => openRunFolderSource(dir)).toThrow(message);
    expect(() => openRunFolderSource(dir, { allowIncomplete: true })).toThrow(message);
    expect(() => populationRates(dir, 0, 100)).toThrow(message);
    const r = await runMam('rates', '--run', dir, '--t-min', '20', '--t-max', '100');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });

  it('a spike file added, or holding more records than logged: refused', () => {
    const extra = copyRun();
    cpSync(join(extra, 'spikes-1.bin'), join(extra, 'spikes-2.bin'));
    expect(() => openRunFolderSource(extra, { allowIncomplete: true })).toThrow('spikes-2.bin was not written by the run (run_log.json does not name it)');
    const longer = copyRun();
    const records = spikeRecordCounts(longer)['spikes-0.bin'];
    appendFileSync(join(longer, 'spikes-0.bin'), Buffer.alloc(8));
    expect(() => openRunFolderSource(longer, { allowIncomplete: true })).toThrow(`spikes-0.bin holds ${records + 1} spike records, but run_log.json records ${records}`);
  });

  it('a spike file cut short: refused, and with allowIncomplete valid up to the step before its last record', () => {
    const dir = copyRun();
    const file = join(dir, 'spikes-0.bin');
    const all = readSpikeFile(file);
    const keep = Math.floor(all.stamps.length / 2);
    truncateSync(file, 32 + 8 * keep + 3); // and a partial record
    const expectedEnd = (all.stamps[keep - 1] - 1) / 10;
    expect(() => openRunFolderSource(dir)).toThrow(IncompleteRunError);
    expect(() => openRunFolderSource(dir)).toThrow(`spikes-0.bin holds ${keep} of the ${all.stamps.length} spike records run_log.json counts: cut short after the run`);
    const source = openRunFolderSource(dir, { allowIncomplete: true });
    expect(source.window).toEqual({ t_min_ms: 0, t_max_ms: expectedEnd });
    expect(source.info.complete).toBe(false);
    expect(source.info.notes[0]).toContain(`using the spikes up to t = ${expectedEnd} ms, where the shortest file ends`);
    expect(Math.max(...source.spikes().timesMs)).toBeLessThanOrEqual(expectedEnd);
  });

  it('a log written before per-file counts: one spike file per thread, and the total when every population is recorded from 0', () => {
    const noCounts = copyRun();
    editLog(noCounts, (log) => delete log.spike_records);
    const source = openRunFolderSource(noCounts);
    expect(source.info.complete).toBe(true);
    expect(source.info.notes[0]).toMatch(/predates per-file spike counts/);
    const deleted = copyRun();
    editLog(deleted, (log) => delete log.spike_records);
    rmSync(join(deleted, 'spikes-1.bin'));
    expect(() => openRunFolderSource(deleted)).toThrow('spikes-1.bin is missing, but run_log.json says 2 threads wrote one spike file each');
    const cut = copyRun();
    editLog(cut, (log) => delete log.spike_records);
    truncateSync(join(cut, 'spikes-1.bin'), 32 + 8);
    expect(() => openRunFolderSource(cut)).toThrow(/the spike files hold \d+ records, but run_log.json counts \d+ spikes: files were cut short after the run/);
  });

  it('an unknown status, or a missing folder with an unfinished sibling, is named', () => {
    const odd = copyRun();
    editLog(odd, (log) => (log.status = 'paused'));
    expect(() => openRunFolderSource(odd)).toThrow(/status "paused"; expected one of completed, runaway, interrupted, memory/);
    const gone = join(root, 'gone');
    mkdirSync(`${gone}.incomplete`);
    expect(() => openSpikeSourceSync(gone)).toThrow(`run folder ${gone} not found, but ${gone}.incomplete exists: that run did not finish`);
  });

  it('an interrupted run (Ctrl-C) is valid up to its logged time, and says so', async () => {
    const sim = new Simulation(toyNetwork({ addDC: [360, 360, 360, 360] }), { t_sim: 100_000, rng_seed: 5 }, { dataPath: tempDir('mam-run-stop-') });
    const log = await sim.run({ onProgress: (p) => p.simulatedMs >= 40 && sim.requestStop() });
    expect(log.status).toBe('interrupted');
    expect(log.simulated_ms).toBeLessThan(100_000);
    const source = openRunFolderSource(sim.dataDir);
    expect(source.window).toEqual({ t_min_ms: 0, t_max_ms: log.simulated_ms });
    expect(source.info).toMatchObject({ end: 'interrupted', complete: false });
    expect(source.info.notes[0]).toContain(`the run stopped early (interrupted: ${log.message}); its spikes are valid up to ${log.simulated_ms} ms of t_sim = 100000 ms`);
    expect(() => populationRates(source, 0, 100_000)).toThrow(`valid only up to ${log.simulated_ms} ms (the run stopped there: it was interrupted; t_sim was 100000 ms)`);
  }, 60_000);

  it('a recording that starts late: the valid window starts one step after its start', async () => {
    const sim = new Simulation(toyNetwork({ addDC: [360, 360, 360, 360] }), { t_sim: 100, recording_dict: { spike_dict: { label: 'spikes', start: 20 } } }, { dataPath: tempDir('mam-run-start-') });
    await sim.run();
    const source = openRunFolderSource(sim.dataDir);
    expect(source.window).toEqual({ t_min_ms: 20.1, t_max_ms: 100 });
    expect(Math.min(...source.spikes().timesMs)).toBeGreaterThanOrEqual(20.1);
    expect(() => populationRates(source, 20, 100)).toThrow('t_min = 20 ms, but');
    expect(() => populationRates(source, 20, 100)).toThrow('so windows start at 20.1 ms or later');
    expect(populationRates(source, 20.1, 100)['A-E']).toBeGreaterThan(0);
  }, 60_000);
});

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  H5Writer,
  NestIdMap,
  populationRates,
  readNestDatFiles,
  readSonataReport,
  readSonataSpikes,
  readSpikes,
  readVm,
  recordingToSonata,
  reportTrace,
  runFolderSpikes,
  Simulation,
  sortSpikes,
  spikesToNestDat,
  spikesToRunFolder,
  writeSonataReport,
  writeSonataSpikes,
  type ReportPopulation,
} from '../../../simulation/index.ts';
import { nestRunSpikes } from '../../../simulation/sonata/convert.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { toyNetwork } from '../toy-network.ts';

const tempDir = useTempDirs();

const spikes = {
  nodeIds: Float64Array.from([5, 2, 5, 0, 2, 9]),
  timestampsMs: Float64Array.from([1.5, 0.3, 0.3, 7.1, 1.5, 0.1]),
};

describe('SONATA spike files', () => {
  it('round-trips every sorting and says it in the sorting attribute', async () => {
    const dir = tempDir('spikes-');
    for (const sorting of ['by_time', 'by_id', 'none'] as const) {
      const file = join(dir, `${sorting}.h5`);
      await writeSonataSpikes(file, { cortex: spikes, other: { nodeIds: new Float64Array(0), timestampsMs: new Float64Array(0) } }, sorting);
      const back = await readSonataSpikes(file);
      expect(Object.keys(back)).toEqual(['cortex', 'other']);
      expect(back.cortex.sorting).toBe(sorting);
      const want = sortSpikes(spikes, sorting);
      expect(Array.from(back.cortex.nodeIds)).toEqual(Array.from(want.nodeIds));
      expect(Array.from(back.cortex.timestampsMs)).toEqual(Array.from(want.timestampsMs));
      expect(back.other.nodeIds.length).toBe(0);
    }
    expect(Array.from(sortSpikes(spikes, 'by_time').nodeIds)).toEqual([9, 2, 5, 2, 5, 0]);
    expect(Array.from(sortSpikes(spikes, 'by_id').timestampsMs)).toEqual([7.1, 0.3, 1.5, 0.3, 1.5, 0.1]);
  });

  it('reads files in seconds, sorting given as an enum value, and names missing parts', async () => {
    const dir = tempDir('spikes-');
    const file = join(dir, 's.h5');
    const h5 = await H5Writer.create(file);
    h5.numeric('/spikes/p/timestamps', [0.001, 0.002], 'float64');
    h5.attr('/spikes/p/timestamps', 'units', 's');
    h5.numeric('/spikes/p/node_ids', [3, 4], 'uint64');
    h5.attr('/spikes/p', 'sorting', 2, 'int8');
    h5.close();
    const back = await readSonataSpikes(file);
    expect(Array.from(back.p.timestampsMs)).toEqual([1, 2]);
    expect(back.p.sorting).toBe('by_time');
    const bad = join(dir, 'bad.h5');
    const b = await H5Writer.create(bad);
    b.numeric('/spikes/p/timestamps', [1], 'float64');
    b.close();
    await expect(readSonataSpikes(bad)).rejects.toThrow(/population p: dataset node_ids missing/);
    await expect(readSonataSpikes(join(dir, 'none.h5'))).rejects.toThrow(/SONATA spike file .*none.h5: file not found/);
    writeFileSync(join(dir, 'text.h5'), 'not hdf5');
    await expect(readSonataSpikes(join(dir, 'text.h5'))).rejects.toThrow(/text.h5/);
  });
});

describe('SONATA reports', () => {
  it('round-trips a V_m report and gives each node its trace', async () => {
    const file = join(tempDir('report-'), 'vm.h5');
    const report: ReportPopulation = {
      nodeIds: Float64Array.from([3, 7]),
      indexPointers: Float64Array.from([0, 1, 2]),
      elementIds: new Float64Array(2),
      data: Float32Array.from([-65, -70, -64.5, -69, -64, -68]),
      time: [0.5, 2, 0.5],
      units: 'mV',
    };
    await writeSonataReport(file, { p: report });
    const back = (await readSonataReport(file)).p;
    expect(back.time).toEqual([0.5, 2, 0.5]);
    expect(back.units).toBe('mV');
    expect(Array.from(reportTrace(back, 7)!)).toEqual([-70, -69, -68]);
    expect(reportTrace(back, 4)).toBeUndefined();
    await expect(writeSonataReport(file, { p: { ...report, time: [0, 5, 0.5] } })).rejects.toThrow(/6 data values; expected 10 frames x 2 values/);
  });
});

describe('NEST ASCII recordings', () => {
  const DAT = '# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n12\t1.500\n10\t0.300\n';

  it('reads run_nest.py recordings (refusing cut ones) and maps NEST ids to our node ids through populations.json', () => {
    const dir = tempDir('nest-dat-');
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    const rec = readNestDatFiles([file('spikes-1-0.dat', DAT), file('spikes-1-1.dat', 'sender\ttime_ms\n7\t0.200\n')], 'spikes');
    expect(Array.from(rec.senders)).toEqual([12, 10, 7]);
    expect(Array.from(rec.timesMs)).toEqual([1.5, 0.3, 0.2]);
    expect(() => readNestDatFiles([file('steps.dat', 'sender\ttime_step\ttime_offset\n')], 'spikes')).toThrow(/steps.dat: columns sender, time_step, time_offset; expected sender, time_ms/);
    expect(() => readNestDatFiles([file('short.dat', 'sender\ttime_ms\n1\n')], 'spikes')).toThrow(/short.dat line 2: '1'; expected "<sender> <time in ms>"/);
    const cut = file('cut.dat', `${DAT}11\t2.`);
    expect(() => readNestDatFiles([cut], 'spikes')).toThrow(`${cut}: end(s) inside a line, so the run did not finish or the file was cut short`);
    const vm = readNestDatFiles([file('vm-2-0.dat', 'sender\ttime_ms\tV_m\n3\t0.1\t-65.5\n'), file('vm-2-1.dat', 'sender\ttime_ms\tV_m\n4\t0.1\t-60\n')], 'samples');
    expect(Array.from(vm.values.V_m)).toEqual([-65.5, -60]);
    expect(() => readNestDatFiles([join(dir, 'vm-2-0.dat'), file('vm-3-0.dat', 'sender\ttime_ms\tg_ex\n4\t0.1\t1\n')], 'samples')).toThrow(/vm-3-0.dat: columns g_ex differ from V_m of .*vm-2-0.dat/);
    // Devices come first in NEST; the empty population gets no ids.
    const ids = new NestIdMap([{ label: 'A-E', first_id: 3, size: 4 }, { label: 'A-I', first_id: null, size: 0 }, { label: 'B-E', first_id: 7, size: 2 }], 'layout');
    expect([3, 6, 7, 8].map((g) => ids.nodeId(g))).toEqual([0, 3, 4, 5]);
    expect([0, 3, 4, 5].map((n) => ids.gid(n))).toEqual([3, 6, 7, 8]);
    expect(() => ids.nodeId(9)).toThrow(/NEST id 9 belongs to no population/);
  });

  it('SONATA -> NEST .dat -> SONATA keeps every spike, with and without a NEST layout', async () => {
    const dir = tempDir('nest-');
    const layout = join(dir, 'populations.json');
    writeFileSync(layout, JSON.stringify([{ label: 'A-E', first_id: 3, size: 6 }, { label: 'A-I', first_id: 9, size: 4 }]));
    const file = spikesToNestDat(spikes, dir, { layout });
    const rec = readNestDatFiles([file], 'spikes');
    const ids = NestIdMap.read(layout);
    expect(Array.from(rec.senders, (g) => ids.nodeId(g))).toEqual(Array.from(spikes.nodeIds));
    expect(Array.from(rec.timesMs)).toEqual(Array.from(spikes.timestampsMs));
    const plain = readNestDatFiles([spikesToNestDat(spikes, join(dir, 'plain'), { label: 'sp' })], 'spikes');
    expect(Array.from(plain.senders)).toEqual(Array.from(spikes.nodeIds, (n) => n + 1));
  });

  it('converts a NEST run folder (files per virtual process) to SONATA with our node ids', async () => {
    const run = tempDir('nest-run-');
    mkdirSync(join(run, 'recordings'));
    writeFileSync(join(run, 'sim.json'), JSON.stringify({ dt_ms: 0.1, recording: { spike_label: 'spikes', vm_label: 'vm' } }));
    writeFileSync(join(run, 'recordings', 'populations.json'), JSON.stringify([{ label: 'A-E', first_id: 2, size: 10 }, { label: 'A-I', first_id: 12, size: 5 }]));
    writeFileSync(join(run, 'recordings', 'spikes-1-0.dat'), DAT);
    writeFileSync(join(run, 'recordings', 'spikes-1-1.dat'), '# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n16\t0.100\n');
    writeFileSync(join(run, 'recordings', 'vm-17-0.dat'), '# x\nsender\ttime_ms\tV_m\n2\t0.100\t-65.5\n3\t0.100\t-60\n2\t0.200\t-65.25\n3\t0.200\t-59\n');
    const s = nestRunSpikes(run);
    expect(Array.from(s.nodeIds)).toEqual([10, 8, 14]);
    const out = join(run, 'spikes.h5');
    const r = await recordingToSonata(run, out, { population: 'multiarea', vmOut: join(run, 'vm.h5') });
    expect(r).toEqual({ spikes: 3, vm: true });
    const back = (await readSonataSpikes(out)).multiarea;
    expect([Array.from(back.nodeIds), Array.from(back.timestampsMs)]).toEqual([[14, 8, 10], [0.1, 0.3, 1.5]]);
    const vm = (await readSonataReport(join(run, 'vm.h5'))).multiarea;
    expect(vm.time).toEqual([0.1, 0.3, 0.1]);
    expect(Array.from(reportTrace(vm, 1)!)).toEqual([-60, -59]);
  });
});

describe('run folders', () => {
  it('run folder -> SONATA -> run folder keeps spikes, V_m and rates', async () => {
    const dir = tempDir('run-');
    const sim = new Simulation(toyNetwork({ addDC: [360, 360, 360, 360] }), { t_sim: 100, rng_seed: 3, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.1, vm_dict: { start: 0, stop: 50, interval: 0.5 } } }, { dataPath: dir });
    await sim.run();
    const out = join(dir, 'spikes.h5');
    const r = await recordingToSonata(sim.dataDir, out, { population: 'multiarea', vmOut: join(dir, 'vm.h5') });
    const native = readSpikes(sim.dataDir);
    expect(r.spikes).toBe(native.senders.length);
    expect(r.spikes).toBeGreaterThan(100);
    const back = (await readSonataSpikes(out)).multiarea;
    expect(Array.from(back.nodeIds)).toEqual(Array.from(native.senders));
    back.timestampsMs.forEach((t, i) => expect(t).toBeCloseTo(native.timesMs[i], 12));
    expect(Array.from(back.timestampsMs)).toEqual(Array.from(runFolderSpikes(sim.dataDir).timestampsMs));

    const vm = readVm(sim.dataDir);
    const report = (await readSonataReport(join(dir, 'vm.h5'))).multiarea;
    expect(report.time).toEqual([0.5, 50.5, 0.5]); // samples 0.5 .. 50 ms; stop is exclusive
    const trace = reportTrace(report, 80)!;
    const ours = Array.from(vm.vmMv).filter((_, i) => vm.senders[i] === 80);
    expect(Array.from(trace)).toEqual(ours.map((v) => Math.fround(v)));

    const again = join(dir, 'again');
    spikesToRunFolder(back, again, join(sim.dataDir, 'populations.json'));
    expect(populationRates(again, 0, 100)).toEqual(populationRates(sim.dataDir, 0, 100));
    expect(() => spikesToRunFolder(back, again, join(sim.dataDir, 'populations.json'))).toThrow(/exists and is not empty/);
    const layout = JSON.parse(readFileSync(join(sim.dataDir, 'populations.json'), 'utf8'));
    writeFileSync(join(dir, 'small.json'), JSON.stringify({ ...layout, populations: layout.populations.slice(0, 1) }));
    expect(() => spikesToRunFolder(back, join(dir, 'x'), join(dir, 'small.json'))).toThrow(/node id \d+ is outside the layout's 80 neurons/);
  });
});

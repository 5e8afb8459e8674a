/** NEST's ASCII recordings: the one reader of spike files (.dat, .gdf) and sampled files (V_m). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatNestRecords, readNestAscii, readNestAsciiSpikes } from '../../../simulation/recording/nest-ascii.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const HEAD = '# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\n';

function file(text: string, name = 'rec-1-0.dat'): string {
  const path = join(tempDir('mam-nest-ascii-'), name);
  writeFileSync(path, text);
  return path;
}

describe('readNestAscii', () => {
  it('reads NEST 3 spike files and NEST 2 .gdf files alike; a cut last line is left out and flagged', () => {
    const dat = readNestAsciiSpikes(file(`${HEAD}sender\ttime_ms\n12\t1.500\n10\t0.300\n`));
    expect(Array.from(dat.senders)).toEqual([12, 10]);
    expect(Array.from(dat.timesMs)).toEqual([1.5, 0.3]);
    expect(dat).toMatchObject({ maxTimeMs: 1.5, partialLastLine: false, values: {} });
    const gdf = readNestAsciiSpikes(file('12\t1.5\t\n10\t0.3\t\n', 'spikes-1-0.gdf'));
    expect(Array.from(gdf.senders)).toEqual([12, 10]);
    expect(Array.from(gdf.timesMs)).toEqual([1.5, 0.3]);
    const cut = readNestAsciiSpikes(file(`${HEAD}sender\ttime_ms\n12\t1.500\n10\t0.3`));
    expect(Array.from(cut.senders)).toEqual([12]);
    expect(cut.partialLastLine).toBe(true);
    expect(readNestAsciiSpikes(file(''))).toMatchObject({ maxTimeMs: -Infinity, partialLastLine: false });
  });

  it('reads the sampled columns of a voltmeter file by header name', () => {
    const vm = readNestAscii(file(`${HEAD}sender\ttime_ms\tV_m\tg_ex\n2\t0.100\t-65.5\t1e-3\n3\t0.100\t-60\t0\n`), 'samples');
    expect(Array.from(vm.senders)).toEqual([2, 3]);
    expect(Object.keys(vm.values)).toEqual(['V_m', 'g_ex']);
    expect(Array.from(vm.values.V_m)).toEqual([-65.5, -60]);
    expect(Array.from(vm.values.g_ex)).toEqual([1e-3, 0]);
    const merged = concatNestRecords([vm, readNestAscii(file('sender\ttime_ms\tV_m\tg_ex\n4\t0.2\t-70\t2\n'), 'samples')]);
    expect(Array.from(merged.values.V_m)).toEqual([-65.5, -60, -70]);
    expect(Array.from(merged.senders)).toEqual([2, 3, 4]);
  });

  it('errors name the file, the line and what was expected', () => {
    const a = file(`${HEAD}sender\ttime_ms\tV_m\n2\t0.1\t-65\n`);
    expect(() => readNestAsciiSpikes(a)).toThrow(`${a}: columns sender, time_ms, V_m; expected sender, time_ms (a spike_recorder's file)`);
    const b = file(`${HEAD}sender\ttime_ms\n2\t0.1\n`);
    expect(() => readNestAscii(b, 'samples')).toThrow(`${b}: columns sender, time_ms only; expected sampled columns too`);
    const c = file('2\t0.1\t-65\n', 'vm-1-0.gdf');
    expect(() => readNestAscii(c, 'samples')).toThrow(`${c} line 1: a record before the header`);
    const d = file(`${HEAD}sender\ttime_ms\tV_m\n2\t0.1\n`);
    expect(() => readNestAscii(d, 'samples')).toThrow(`${d} line 4: '2\t0.1'; expected "<sender> <time in ms> <V_m>"`);
    const e = file(`${HEAD}sender\ttime_ms\n0\t0.1\n`);
    expect(() => readNestAsciiSpikes(e)).toThrow(`${e} line 4: '0\t0.1'; expected "<sender> <time in ms>" (a NEST node id >= 1 and a number)`);
    const f = file(`${HEAD}sender\ttime_ms\n5\tx\n`);
    expect(() => readNestAsciiSpikes(f)).toThrow(`${f} line 4: '5\tx'`);
    const g = file(`${HEAD}sender\ttime_ms\n5\t1\t2\n`);
    expect(() => readNestAsciiSpikes(g)).toThrow(`${g} line 4: '5\t1\t2'`);
    const h = file(`${HEAD}sender\ttime_step\ttime_offset\n`);
    expect(() => readNestAsciiSpikes(h)).toThrow(`${h}: columns sender, time_step, time_offset; expected sender, time_ms, ... (a recorder with record_to 'ascii' and time_in_steps false)`);
    expect(() => concatNestRecords([readNestAscii(file('sender\ttime_ms\tV_m\n1\t1\t1\n'), 'samples'), readNestAsciiSpikes(b)])).toThrow(/columns \(none\) differ from V_m/);
  });
});

/**
 * The latest bench:sim figures: cases measured at different times are kept side by side (a later
 * bench of one case replaces only that case), and the summary states the ratio to NEST it read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSimulationSummary, readLatest, saveLatest } from '../../bench/simulation-summary.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

const run = (threads: number, simulate_time_s: number) => ({
  log: { simulate_time_s, build_time_s: 0.3, simulated_ms: 1000, peak_rss_bytes: 2e8, connectivity: 'explicit', threads },
  modelS: 0.05,
});

describe('latest bench:sim figures', () => {
  it('keeps each case with its own date and prints ours beside NEST', () => {
    const file = join(tempDir('bench-sim-'), 'bench-sim.json');
    expect(readLatest(file)).toBeNull();
    expect(formatSimulationSummary(null)).toMatch(/no measurements yet: run npm run bench:sim/);
    saveLatest({ downscaled: { runs: [run(1, 2), run(2, 1.2)], nest: [{ threads: 1, simulate_s: 50 }, { threads: 2, simulate_s: 30 }] } }, file);
    saveLatest({ tenth: { auto: { modelS: 0.1, log: { ...run(2, 40).log, build_time_s: 5 } }, procedural: run(2, 50) } }, file);
    const latest = readLatest(file)!;
    expect(Object.keys(latest).sort()).toEqual(['downscaled', 'tenth']);
    expect(latest.downscaled!.measured).toMatch(/^\d{4}-\d\d-\d\dT/);
    const text = formatSimulationSummary(latest);
    expect(text).toMatch(/1 %, 1 s, 2 thread\(s\): simulate 1\.20 s vs NEST 3\.10 side by side 30\.0 s: 0\.040x/);
    expect(text).toMatch(/1 %, 1 s, 1 thread\(s\): simulate 2\.00 s .* 0\.040x/);
    expect(text).toMatch(/10 %, 1 s, 2 threads: 45\.1 s incl\. build, explicit/);
    expect(text).not.toMatch(/full scale \(4\.13 M/);
    expect(JSON.parse(readFileSync(file, 'utf8')).tenth.procedural.log.simulate_time_s).toBe(50);
  });

  it('names the file and what to do when it is not what bench:sim writes', () => {
    const file = join(tempDir('bench-sim-'), 'bench-sim.json');
    writeFileSync(file, '{ not json');
    expect(() => readLatest(file)).toThrow(/bench-sim\.json: not the JSON that npm run bench:sim writes .* delete it and run npm run bench:sim again/);
  });
});

import { describe, expect, it } from 'vitest';
import { mergeSpikeData, sortSpikesByTime, splitByPopulation, validateSpikeData } from '../../analysis/index.ts';
import { fromTrains } from './helpers.ts';

describe('SpikeData helpers', () => {
  it('splits a network recording by population with local neuron indices', () => {
    // Two populations with NEST-like GIDs 1..3 and 4..5; times deliberately unsorted.
    const times = [5, 1, 3, 2, 4];
    const gids = [4, 1, 5, 3, 1];
    const [a, b] = splitByPopulation(times, gids, [
      { firstId: 1, size: 3 },
      { firstId: 4, size: 2 },
    ]);
    expect(Array.from(a.times_ms)).toEqual([1, 2, 4]);
    expect(Array.from(a.senders)).toEqual([0, 2, 0]);
    expect(Array.from(b.times_ms)).toEqual([3, 5]);
    expect(Array.from(b.senders)).toEqual([1, 0]);
  });

  it('rejects ids outside every population and overlapping ranges', () => {
    expect(() => splitByPopulation([1], [9], [{ firstId: 1, size: 3 }])).toThrow(/globalIds\[0\] = 9/);
    expect(() =>
      splitByPopulation([], [], [
        { firstId: 1, size: 3 },
        { firstId: 3, size: 2 },
      ]),
    ).toThrow(/overlap/);
  });

  it('validates sorting, lengths and sender range with informative messages', () => {
    const ok = fromTrains([[1, 2], [1.5]]);
    expect(() => validateSpikeData(ok, 2)).not.toThrow();
    expect(() => validateSpikeData(ok, 1, 'V1-23E')).toThrow(/V1-23E: senders\[1\] = 1; expected a neuron index in \[0, 1\)/);
    const unsorted = { times_ms: Float64Array.of(2, 1), senders: Int32Array.of(0, 0) };
    expect(() => validateSpikeData(unsorted, 1)).toThrow(/times_ms\[1\] = 1 follows 2/);
    expect(() => validateSpikeData({ times_ms: Float64Array.of(1), senders: new Int32Array(0) }, 1)).toThrow(
      /equal lengths/,
    );
    const sorted = sortSpikesByTime(unsorted);
    expect(Array.from(sorted.times_ms)).toEqual([1, 2]);
  });

  it('merges populations in time order, numbering neurons population after population', () => {
    const merged = mergeSpikeData([
      { spikes: fromTrains([[1, 4], [2]]), N: 2 },
      { spikes: fromTrains([[3], [], [0.5]]), N: 3 },
    ]);
    expect(merged.N).toBe(5);
    expect(Array.from(merged.spikes.times_ms)).toEqual([0.5, 1, 2, 3, 4]);
    expect(Array.from(merged.spikes.senders)).toEqual([4, 0, 1, 2, 0]);
  });
});

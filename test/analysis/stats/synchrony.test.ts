import { describe, expect, it } from 'vitest';
import { fanoFactor, synchrony } from '../../../analysis/index.ts';
import { fromTrains, poissonTrains } from '../helpers.ts';

describe('synchrony (CV of the population rate) and Fano factor of the population spike count', () => {
  it('are exact for a constructed count histogram (bins given explicitly)', () => {
    // 1-ms bins over [0, 4): counts 2, 0, 4, 2 -> mean 2, variance (0 + 4 + 4 + 0) / 4 = 2.
    const spikes = fromTrains([[0.1, 2.5, 3.5], [0.7, 2.2, 3.9], [2.3], [2.4]]);
    const window = { t_min_ms: 0, t_max_ms: 4 };
    expect(synchrony(spikes, window, { binOffset_ms: 0 })).toBeCloseTo(Math.sqrt(2) / 2, 15);
    expect(fanoFactor(spikes, window, { binOffset_ms: 0 })).toBeCloseTo(1, 15);
    expect(fanoFactor(fromTrains([[]]), window)).toBeNaN();
    expect(synchrony(fromTrains([[]]), window)).toBe(Infinity);
  });

  it("default bins are upstream's: shifted by half a bin, [t_min + b/2, t_max + b/2]", () => {
    // The spike at 0.2 lies before the first shifted bin; counts over [0.5,1.5), [1.5,2.5), [2.5,3.5),
    // [3.5,4.5]: 0, 1, 1, 1.
    const spikes = fromTrains([[0.2, 1.7, 3.2, 4.4]]);
    const window = { t_min_ms: 0, t_max_ms: 4 };
    const mean = 3 / 4;
    const std = Math.sqrt((3 * (1 - mean) ** 2 + mean ** 2) / 4);
    expect(synchrony(spikes, window)).toBeCloseTo(std / mean, 15);
    expect(fanoFactor(spikes, window)).toBeCloseTo((std * std) / mean, 15);
  });

  it('Fano factor is ~1 for independent Poisson neurons (sd of the estimate ~ sqrt(2 / bins))', () => {
    const T = 20_000;
    const spikes = fromTrains(poissonTrains(100, 10, T, 21));
    expect(Math.abs(fanoFactor(spikes, { t_min_ms: 0, t_max_ms: T }) - 1)).toBeLessThan(5 * Math.sqrt(2 / T));
  });

  it('Fano factor grows with the number of neurons firing together; synchrony^2 x mean count = Fano factor', () => {
    // 50 neurons firing exactly together: every count is 50 x that of one neuron, Fano factor x 50.
    const T = 20_000;
    const window = { t_min_ms: 0, t_max_ms: T };
    const train = poissonTrains(1, 10, T, 8)[0];
    const spikes = fromTrains(Array.from({ length: 50 }, () => train));
    const single = fanoFactor(fromTrains([train]), window);
    expect(fanoFactor(spikes, window)).toBeCloseTo(50 * single, 10);
    const meanCount = (50 * train.filter((t) => t >= 0.5).length) / T;
    expect(synchrony(spikes, window) ** 2 * meanCount).toBeCloseTo(fanoFactor(spikes, window), 3);
    // Identical trains: the CV of the rate does not depend on how many neurons share it.
    expect(synchrony(spikes, window) / synchrony(fromTrains([train]), window)).toBeCloseTo(1, 12);
  });
});

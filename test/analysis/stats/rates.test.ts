import { describe, expect, it } from 'vitest';
import { histogram, meanRate, perNeuronRates, rateDistribution } from '../../../analysis/index.ts';
import { fromTrains, poissonTrains } from '../helpers.ts';

const window = { t_min_ms: 100, t_max_ms: 600 }; // 0.5 s

describe('rates', () => {
  it('counts spikes strictly inside (t_min, t_max) and divides by N and the window in s', () => {
    // Spikes exactly at t_min and t_max are excluded, as upstream's pop_rate does.
    const spikes = fromTrains([[100, 150, 200, 600], [599.9], [], [50, 700]]);
    expect(meanRate(spikes, 4, window)).toBe(3 / (4 * 0.5));
    expect(Array.from(perNeuronRates(spikes, 4, window))).toEqual([4, 2, 0, 0]);
    expect(meanRate(spikes, 0, window)).toBe(0);
    expect(() => meanRate(spikes, 4, { t_min_ms: 5, t_max_ms: 5 })).toThrow(/t_max_ms > t_min_ms/);
  });

  it('Poisson population rate lies within 5 standard deviations of the true rate', () => {
    const N = 200;
    const rate_Hz = 8;
    const spikes = fromTrains(poissonTrains(N, rate_Hz, 2000, 11));
    const w = { t_min_ms: 500, t_max_ms: 2000 };
    const expectedCount = N * rate_Hz * 1.5;
    const tolerance = (5 * Math.sqrt(expectedCount)) / (N * 1.5);
    expect(Math.abs(meanRate(spikes, N, w) - rate_Hz)).toBeLessThan(tolerance);
  });

  it('rate distribution: 100 bins over [min, max] (last bin closed), fractions of neurons', () => {
    // Rates 0, 2, 2, 4 spikes/s over 0.5 s: 0, 1, 1, 2 spikes.
    const spikes = fromTrains([[], [300], [400], [200, 500]]);
    const d = rateDistribution(spikes, 4, window);
    expect(d.binLeft_spikes_per_s).toHaveLength(100);
    expect(d.binLeft_spikes_per_s[50]).toBeCloseTo(2, 14);
    expect(d.probability[0]).toBe(0.25);
    expect(d.probability[50]).toBe(0.5);
    expect(d.probability[99]).toBe(0.25);
    expect(d.probability.reduce((a, b) => a + b, 0)).toBe(1);
    expect(d.mean).toBe(2);
    expect(d.std).toBeCloseTo(Math.sqrt(2), 14);
  });

  it('rate distribution without spikes is upstream placeholder (0..20 spikes/s, zeros)', () => {
    const d = rateDistribution(fromTrains([[], []]), 2, window);
    expect(d.binLeft_spikes_per_s[1]).toBeCloseTo(0.2, 15);
    expect(d.probability.every((p) => p === 0)).toBe(true);
    expect([d.mean, d.std]).toEqual([0, 0]);
  });

  it('histogram of identical values spans [x - 0.5, x + 0.5] as numpy does', () => {
    const h = histogram([3, 3, 3], 10);
    expect(h.edges[0]).toBe(2.5);
    expect(h.edges[10]).toBe(3.5);
    expect(Array.from(h.counts)).toEqual([0, 0, 0, 0, 0, 3, 0, 0, 0, 0]);
    expect(() => histogram([1], 0)).toThrow(/bins = 0/);
  });
});

describe('neuron counts', () => {
  it('must be whole numbers', () => {
    expect(() => meanRate(fromTrains([[1]]), 2.5, window)).toThrow(/N = 2.5; expected a non-negative whole number/);
    expect(() => perNeuronRates(fromTrains([[1]]), -1, window)).toThrow(/N = -1/);
  });
});

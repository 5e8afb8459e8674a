import { describe, expect, it } from 'vitest';
import { populationSpikeCounts, rateTimeSeries, smoothingKernel } from '../../../analysis/index.ts';
import { fromTrains } from '../helpers.ts';

const window = { t_min_ms: 0, t_max_ms: 10 };

describe('rate time series', () => {
  it('bins [t_min + k b, t_min + (k+1) b) with the last bin closed, rate = count / (N b)', () => {
    const spikes = fromTrains([[0, 0.5, 3.2, 10], [1, 9.99], [10.5]]);
    const counts = populationSpikeCounts(spikes, window, { binSize_ms: 2 });
    expect(Array.from(counts.t_ms)).toEqual([0, 2, 4, 6, 8]);
    expect(Array.from(counts.counts)).toEqual([3, 1, 0, 0, 2]);
    const r = rateTimeSeries(spikes, 3, window, { binSize_ms: 2 });
    expect(Array.from(r.rate_spikes_per_s)).toEqual([3, 1, 0, 0, 2].map((c) => (c / (3 * 2)) * 1000));
  });

  it("reproduces upstream's half-bin-shifted bins with binOffset_ms = b / 2", () => {
    const spikes = fromTrains([[0.4, 0.6, 1.4, 1.5, 10.4, 10.6]]);
    const counts = populationSpikeCounts(spikes, window, { binSize_ms: 1, binOffset_ms: 0.5 });
    expect(counts.counts).toHaveLength(10);
    expect(counts.t_ms[0]).toBe(0.5);
    expect(Array.from(counts.counts.subarray(0, 2))).toEqual([2, 1]);
    expect(counts.counts[9]).toBe(1); // [9.5, 10.5] closed: 10.4 in, 10.6 out
  });

  it('handles decimal bin sizes without losing a bin', () => {
    const counts = populationSpikeCounts(fromTrains([[0.05, 0.15, 0.25]]), { t_min_ms: 0, t_max_ms: 0.3 }, { binSize_ms: 0.1 });
    expect(Array.from(counts.counts)).toEqual([1, 1, 1]);
  });

  it('smoothing kernels have unit sum, the right centre and shape', () => {
    const g = smoothingKernel('gauss', 2, 1);
    expect(g.firstLag).toBe(-12);
    expect(g.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(g.weights[12 + 2] / g.weights[12]).toBeCloseTo(Math.exp(-0.5), 14); // one sigma away
    const a = smoothingKernel('alpha', 3, 1);
    expect(a.firstLag).toBe(0);
    expect(a.weights[0]).toBe(0);
    const peak = a.weights.indexOf(Math.max(...a.weights));
    expect(peak).toBe(3); // t exp(-t / tau) peaks at tau
    const rect = smoothingKernel('rect', 3, 1);
    expect([rect.firstLag, ...rect.weights]).toEqual([-1, 1 / 3, 1 / 3, 1 / 3]);
    expect(() => smoothingKernel('gauss', undefined, 1)).toThrow(/width_ms = undefined/);
  });

  it('smoothing preserves the mean rate away from the edges and spreads a spike by the kernel', () => {
    const spikes = fromTrains([[50.5]]);
    const w = { t_min_ms: 0, t_max_ms: 100 };
    const r = rateTimeSeries(spikes, 1, w, { kernel: 'rect', width_ms: 5 });
    expect(Array.from(r.rate_spikes_per_s.subarray(48, 53))).toEqual([200, 200, 200, 200, 200]);
    expect(r.rate_spikes_per_s[47] + r.rate_spikes_per_s[53]).toBe(0);
    const gauss = rateTimeSeries(spikes, 1, w, { kernel: 'gauss', width_ms: 3 });
    const total = gauss.rate_spikes_per_s.reduce((s, x) => s + x, 0);
    expect(total).toBeCloseTo(1000, 9); // one spike of one neuron = 1000 spikes/s during one 1-ms bin
    expect(gauss.rate_spikes_per_s[48]).toBeCloseTo(gauss.rate_spikes_per_s[52], 12);
  });

  it('rejects bad bins and populations', () => {
    const spikes = fromTrains([[1]]);
    expect(() => rateTimeSeries(spikes, 0, window)).toThrow(/N = 0/);
    expect(() => rateTimeSeries(spikes, 1, window, { binSize_ms: -1 })).toThrow(/binSize_ms = -1/);
    expect(() => rateTimeSeries(spikes, 1, window, { binSize_ms: 20 })).toThrow(/holds no whole bin/);
  });
});

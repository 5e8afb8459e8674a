import { describe, expect, it } from 'vitest';
import { cvIsi, cvOfIntervals, lvr, lvrOfTrain } from '../../../analysis/index.ts';
import { fromTrains, poissonTrains } from '../helpers.ts';

describe('CV of ISIs', () => {
  it('is 0 for regular trains and std/mean (population form) for a known ISI set', () => {
    const regular = Array.from({ length: 50 }, (_, k) => 10 + 7 * k);
    expect(cvOfIntervals(regular)).toBeCloseTo(0, 12);
    // ISIs 10, 20, 30: mean 20, variance (100 + 0 + 100) / 3.
    expect(cvOfIntervals([0, 10, 30, 60])).toBeCloseTo(Math.sqrt(200 / 3) / 20, 14);
    expect(cvOfIntervals([5])).toBeNaN();
  });

  it('uses (t_min, t_max) and averages over neurons with >= 2 spikes (one interval counts as CV 0)', () => {
    const window = { t_min_ms: 0, t_max_ms: 100 };
    const spikes = fromTrains([
      [0, 10, 30, 60], // the spike at t_min is excluded: ISIs 20, 30
      [40, 50], // one interval: CV 0, counted
      [70], // one spike: not counted
      [],
    ]);
    const r = cvIsi(spikes, 4, window);
    const cv0 = 5 / 25; // ISIs 20, 30: std 5, mean 25
    expect(r.perNeuron[0]).toBeCloseTo(cv0, 14);
    expect(r.perNeuron[1]).toBe(0);
    expect(r.perNeuron[2]).toBeNaN();
    expect(r.nDefined).toBe(2);
    expect(r.mean).toBeCloseTo(cv0 / 2, 14);
    expect(cvIsi(fromTrains([[1], []]), 2, window).mean).toBe(0);
  });

  it('Poisson trains have CV -> 1 (standard error 1/sqrt(intervals))', () => {
    const N = 40;
    const spikes = fromTrains(poissonTrains(N, 20, 50_000, 3));
    const r = cvIsi(spikes, N, { t_min_ms: 0, t_max_ms: 50_000 });
    const intervals = N * 20 * 50; // expected total number of ISIs
    expect(Math.abs(r.mean - 1)).toBeLessThan(5 / Math.sqrt(intervals));
  });
});

describe('LvR (Shinomoto et al. 2009)', () => {
  it('is 0 for regular trains, with or without refractoriness', () => {
    const regular = Array.from({ length: 30 }, (_, k) => 3 * k);
    expect(lvrOfTrain(regular, 0)).toBe(0);
    expect(lvrOfTrain(regular, 2)).toBe(0);
  });

  it('matches the hand-computed value of ISIs 10, 20, 30 ms', () => {
    // Pairs (10, 20): 1 - 4*200/30^2 = 1/9; (20, 30): 1 - 4*600/50^2 = 1/25; factor 3 / (n - 1) = 3/2.
    expect(lvrOfTrain([0, 10, 30, 60], 0)).toBeCloseTo(1.5 * (1 / 9 + 1 / 25), 14);
    const R = 2;
    expect(lvrOfTrain([0, 10, 30, 60], R)).toBeCloseTo(1.5 * ((1 / 9) * (1 + (4 * R) / 30) + (1 / 25) * (1 + (4 * R) / 50)), 14);
    expect(lvrOfTrain([0, 10], 2)).toBeNaN();
  });

  it('uses [t_min, t_max) and counts neurons with < 3 spikes as 0 in the mean over N (upstream)', () => {
    const window = { t_min_ms: 0, t_max_ms: 60 };
    // Neuron 0: the spike at t_min counts, the one at t_max does not: ISIs 10, 20.
    const spikes = fromTrains([[0, 10, 30, 60], [5, 15], [], [1, 2, 3, 4]]);
    const r = lvr(spikes, 4, window, 0);
    expect(r.perNeuron[0]).toBeCloseTo(3 * (1 / 9), 14);
    expect(r.perNeuron[1]).toBeNaN();
    expect(r.perNeuron[3]).toBe(0);
    expect(r.nDefined).toBe(2);
    expect(r.mean).toBeCloseTo(1 / 3 / 4, 14);
    expect(r.meanOverDefined).toBeCloseTo(1 / 3 / 2, 14);
    expect(() => lvr(spikes, 4, window, -1)).toThrow(/R_ms = -1/);
  });

  it('Poisson trains have LvR -> 1 + 4 R rate (exact expectation), within bounds from the counts', () => {
    // For Poisson ISIs the sum S of two neighbours is Gamma(2) and u = I/S is uniform and independent of
    // S, so a term is (1 - 2u)^2 (1 + 4R/S) with E[(1 - 2u)^2] = 1/3, E[1/S] = rate: E[LvR] = 1 + 4 R rate.
    const N = 40;
    const rate_per_ms = 0.02;
    const T = 50_000;
    const spikes = fromTrains(poissonTrains(N, rate_per_ms * 1000, T, 5));
    const window = { t_min_ms: 0, t_max_ms: T };

    // R = 0: a term has variance 1/5 - 1/9 = 4/45; neighbouring terms share an interval (1-dependent),
    // which at most triples the variance of their sum; LvR is 3x the mean term.
    const terms = N * (rate_per_ms * T - 2);
    const r0 = lvr(spikes, N, window, 0);
    expect(r0.nDefined).toBe(N);
    expect(Math.abs(r0.mean - 1)).toBeLessThan(5 * Math.sqrt((9 * 3 * (4 / 45)) / terms));

    // R = 2 ms: the 1/S factor has a heavy tail (E[1/S^2] diverges), so this bound uses the observed
    // spread of the independent single-neuron values instead.
    const R = 2;
    const r2 = lvr(spikes, N, window, R);
    const values = Array.from(r2.perNeuron);
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - r2.mean) ** 2, 0) / (N - 1));
    expect(Math.abs(r2.mean - (1 + 4 * R * rate_per_ms))).toBeLessThan((5 * sd) / Math.sqrt(N));
    expect(r2.mean).toBeGreaterThan(r0.mean);
  });
});

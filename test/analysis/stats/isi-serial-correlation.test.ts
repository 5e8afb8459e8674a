import { describe, expect, it } from 'vitest';
import { isiSerialCorrelation, serialCorrelationOfIntervals } from '../../../analysis/index.ts';
import { fromTrains, poissonTrains, seededUniform } from '../helpers.ts';

/** Spike times from intervals, starting at t0. */
function train(t0: number, intervals: number[]): number[] {
  const out = [t0];
  for (const i of intervals) out.push(out[out.length - 1] + i);
  return out;
}

describe('ISI serial correlation coefficients', () => {
  it('alternating long and short intervals: rho_1 = -1, rho_2 = +1 exactly', () => {
    const intervals = Array.from({ length: 40 }, (_, k) => (k % 2 === 0 ? 5 : 15));
    const rho = serialCorrelationOfIntervals(intervals, 3);
    expect(rho[0]).toBeCloseTo(-1, 14);
    expect(rho[1]).toBeCloseTo(1, 14);
    expect(rho[2]).toBeCloseTo(-1, 14);
    // Hand value for 3 intervals 10, 20, 30: mean 20, variance 200/3; lag 1: ((-10)(0) + (0)(10)) / 2 = 0.
    expect(serialCorrelationOfIntervals([10, 20, 30], 2)[0]).toBe(0);
    // lag 2: (-10)(10) / 1 / (200/3) = -1.5.
    expect(serialCorrelationOfIntervals([10, 20, 30], 2)[1]).toBeCloseTo(-1.5, 14);
    expect(serialCorrelationOfIntervals([7, 7, 7], 1)[0]).toBeNaN(); // regular: undefined
  });

  it('intervals from an AR(1) process have rho_k -> phi^k; renewal (Poisson) trains ~0', () => {
    const u = seededUniform(11);
    const phi = 0.6;
    const intervals: number[] = [];
    let dev = 0;
    for (let k = 0; k < 200_000; k++) {
      dev = phi * dev + (u() - 0.5);
      intervals.push(20 + 10 * dev);
    }
    const rho = serialCorrelationOfIntervals(intervals, 3);
    // Standard error ~ 1 / sqrt(n) = 0.0022.
    expect(rho[0]).toBeCloseTo(phi, 1);
    expect(Math.abs(rho[0] - phi)).toBeLessThan(0.015);
    expect(Math.abs(rho[1] - phi ** 2)).toBeLessThan(0.015);
    const N = 50;
    const T = 40_000;
    const scc = isiSerialCorrelation(fromTrains(poissonTrains(N, 20, T, 4)), N, { t_min_ms: 0, t_max_ms: T }, 2);
    expect(scc.nDefined).toEqual([N, N]);
    // Each neuron ~800 intervals: the mean over 50 neurons has sd ~ 1 / sqrt(40000).
    for (const r of scc.mean) expect(Math.abs(r)).toBeLessThan(5 / Math.sqrt(N * 800));
  });

  it('uses the spikes in (t_min, t_max), averages over neurons where a lag is defined', () => {
    const a = train(100, Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? 5 : 15)));
    const b = [200, 210, 230]; // 2 intervals: lag 1 defined, lag 2 not
    const scc = isiSerialCorrelation(fromTrains([a, b, [300]]), 3, { t_min_ms: 0, t_max_ms: 1000 }, 2);
    expect(scc.nDefined).toEqual([2, 1]);
    expect(scc.mean[0]).toBeCloseTo((-1 + -1) / 2, 14); // b: ((-5)(5)) / 1 / 25 = -1
    expect(scc.mean[1]).toBeCloseTo(1, 14);
    expect(() => isiSerialCorrelation(fromTrains([a]), 1, { t_min_ms: 0, t_max_ms: 1000 }, 0)).toThrow(/maxLag = 0/);
  });
});

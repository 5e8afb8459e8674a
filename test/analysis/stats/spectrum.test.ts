import { describe, expect, it } from 'vitest';
import { populationRateSpectrum, rateTimeSeries, welch } from '../../../analysis/index.ts';
import { fromTrains, inhomogeneousPoissonTrains, seededUniform } from '../helpers.ts';

/** One-segment periodogram by the DFT definition, for comparison. */
function directDensity(x: number[], fs: number, w: number[]): number[] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const y = x.map((v, i) => (v - mean) * w[i]);
  const s2 = w.reduce((a, b) => a + b * b, 0);
  return Array.from({ length: Math.floor(n / 2) + 1 }, (_, k) => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += y[i] * Math.cos((2 * Math.PI * k * i) / n);
      im -= y[i] * Math.sin((2 * Math.PI * k * i) / n);
    }
    const edge = k === 0 || (n % 2 === 0 && k === n / 2);
    return ((edge ? 1 : 2) * (re * re + im * im)) / (fs * s2);
  });
}

const hann = (n: number): number[] => Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));

describe('Welch power spectral density', () => {
  const u = seededUniform(17);
  const noise = Array.from({ length: 4096 }, () => u() - 0.5);

  it('one segment equals the DFT definition (power-of-two FFT and odd-length DFT paths)', () => {
    for (const n of [256, 250, 243]) {
      const x = noise.slice(0, n);
      const p = welch(x, 1000, { nperseg: n });
      expect(p.nSegments).toBe(1);
      const expected = directDensity(x, 1000, hann(n));
      expected.forEach((v, k) => expect(p.power[k]).toBeCloseTo(v, 12));
      expect(p.frequency_Hz[1]).toBeCloseTo(1000 / n, 12);
    }
  });

  it('averages the segments scipy takes (start every nperseg - noverlap samples, complete only)', () => {
    const x = noise.slice(0, 1000);
    const p = welch(x, 500, { nperseg: 256, noverlap: 100, window: 'boxcar' });
    expect(p.nSegments).toBe(Math.floor((1000 - 100) / 156));
    const ones = new Array<number>(256).fill(1);
    const mean = new Array<number>(129).fill(0);
    for (let s = 0; s < p.nSegments; s++) {
      directDensity(x.slice(s * 156, s * 156 + 256), 500, ones).forEach((v, k) => (mean[k] += v / p.nSegments));
    }
    mean.forEach((v, k) => expect(p.power[k]).toBeCloseTo(v, 12));
  });

  it('satisfies Parseval: sum P df = window-weighted mean square (the variance for a boxcar)', () => {
    const n = 1024;
    const x = noise.slice(0, n);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const box = welch(x, 1000, { nperseg: n, window: 'boxcar' });
    const df = 1000 / n;
    expect(box.power.reduce((a, b) => a + b, 0) * df).toBeCloseTo(variance, 14);
    const w = hann(n);
    const weighted = x.reduce((a, v, i) => a + (w[i] * (v - mean)) ** 2, 0) / w.reduce((a, b) => a + b * b, 0);
    const h = welch(x, 1000, { nperseg: n });
    expect(h.power.reduce((a, b) => a + b, 0) * df).toBeCloseTo(weighted, 14);
  });

  it('puts a sinusoid at its frequency with the amplitude^2 / 2 power', () => {
    const fs = 1000;
    const n = 4096;
    const f0 = 125; // an exact frequency bin of 1024-sample segments
    const A = 3;
    const x = Array.from({ length: n }, (_, i) => A * Math.sin((2 * Math.PI * f0 * i) / fs));
    const p = welch(x, fs, { nperseg: 1024, noverlap: 1000 });
    const k = p.power.indexOf(Math.max(...p.power));
    expect(p.frequency_Hz[k]).toBe(f0);
    // A periodic Hann window spreads a bin-centred line over exactly 3 bins; with density scaling their
    // sum times df is the signal power A^2 / 2.
    const df = fs / 1024;
    expect((p.power[k - 1] + p.power[k] + p.power[k + 1]) * df).toBeCloseTo((A * A) / 2, 10);
    expect(p.power[k + 2]).toBeLessThan(1e-20);
    expect(() => welch(x, fs, { nperseg: 64, noverlap: 64 })).toThrow(/noverlap = 64/);
  });
});

describe('population rate spectrum', () => {
  it('peaks at the modulation frequency of sinusoidally modulated Poisson rates, in (spikes/s)^2/Hz', () => {
    const N = 200;
    const T = 10_500;
    const f0_Hz = 20;
    const rate = (t: number): number => 10 * (1 + 0.5 * Math.sin(2 * Math.PI * f0_Hz * (t / 1000)));
    const spikes = fromTrains(inhomogeneousPoissonTrains(N, rate, 15, T, 2));
    const window = { t_min_ms: 500, t_max_ms: T };
    const p = populationRateSpectrum(spikes, N, window);
    expect(p.frequency_Hz[0]).toBeCloseTo(1000 / 1024, 12); // f = 0 dropped
    const k = p.power.indexOf(Math.max(...p.power));
    expect(Math.abs(p.frequency_Hz[k] - f0_Hz)).toBeLessThan(1000 / 1024);
    // Off the peak lies the shot-noise floor: the binned population rate of independent Poisson neurons
    // has variance rate / (N dt) (spikes/s)^2, spread evenly over 0..500 Hz: one-sided 2 rate / N per Hz.
    const high = p.power.filter((_, i) => p.frequency_Hz[i] > 200 && p.frequency_Hz[i] < 450);
    const floor = high.reduce((a, b) => a + b, 0) / high.length;
    expect(floor).toBeGreaterThan(0.9 * ((2 * 10) / N));
    expect(floor).toBeLessThan(1.1 * ((2 * 10) / N));
    // Parseval: the modulation carries power (5 spikes/s)^2 / 2 = 12.5 (spikes/s)^2.
    const df = 1000 / 1024;
    const line = (p.power[k - 1] + p.power[k] + p.power[k + 1]) * df - 3 * floor * df;
    expect(line).toBeGreaterThan(0.8 * 12.5);
    expect(line).toBeLessThan(1.2 * 12.5);
    const series = rateTimeSeries(spikes, N, window);
    expect(series.rate_spikes_per_s).toHaveLength(10_000);
  });
});

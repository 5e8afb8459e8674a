/**
 * The engine's random streams and samplers against exact distributions: normal (ziggurat) by
 * Kolmogorov–Smirnov, uniform integers, binomial and Poisson (both regimes of each, and the table
 * sampler) by chi-square against their exact probability mass functions.
 */
import { describe, expect, it } from 'vitest';
import { logChoose, logGamma, normalCdf } from '../../../core/index.ts';
import { binomial, logFactorial, poisson, PoissonTable } from '../../../simulation/engine/discrete-samplers.ts';
import { NORMAL_MAX, rejectThreshold, StreamRng } from '../../../simulation/engine/rng.ts';
import { chi2Critical, chiSquare, ksCritical, ksDistance } from './test-statistics.ts';

describe('keyed streams', () => {
  it('the same key gives the same stream; keys differing in any word give different streams', () => {
    const a = new StreamRng().seed(1, 2, 3, 4);
    const first = [a.nextU32(), a.nextU32(), a.nextU32()];
    a.seed(1, 2, 3, 4);
    expect([a.nextU32(), a.nextU32(), a.nextU32()]).toEqual(first);
    const seen = new Set<number>();
    for (const key of [[1, 2, 3, 4], [0, 2, 3, 4], [1, 3, 3, 4], [1, 2, 2, 4], [1, 2, 3, 5], [2, 1, 3, 4]]) {
      seen.add(new StreamRng().seed(key[0], key[1], key[2], key[3]).nextU32());
    }
    expect(seen.size).toBe(6);
  });

  it('first draws of streams of consecutive keys are uncorrelated uniforms', () => {
    const rng = new StreamRng();
    const n = 50000;
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = rng.seed(7, 1, 42, i).uniform();
    expect(ksDistance(u, (x) => x)).toBeLessThan(ksCritical(n));
    let c = 0;
    for (let i = 1; i < n; i++) c += (u[i] - 0.5) * (u[i - 1] - 0.5);
    // Correlation of neighbours: sd 1/sqrt(n) for independent uniforms.
    expect(Math.abs((12 * c) / (n - 1))).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe('continuous samplers', () => {
  it('normal(): Kolmogorov–Smirnov against the normal distribution, moments, bounded tail', () => {
    const rng = new StreamRng();
    for (const seed of [1, 2, 3]) {
      rng.seed(11, seed, 0, 0);
      const n = 400000;
      const xs = new Float64Array(n);
      let s2 = 0;
      let s4 = 0;
      let maxAbs = 0;
      for (let i = 0; i < n; i++) {
        const x = rng.normal();
        xs[i] = x;
        s2 += x * x;
        s4 += x ** 4;
        maxAbs = Math.max(maxAbs, Math.abs(x));
      }
      expect(ksDistance(xs, normalCdf)).toBeLessThan(ksCritical(n));
      expect(Math.abs(s2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
      expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
      expect(maxAbs).toBeLessThan(NORMAL_MAX);
    }
    // The tail beyond the base strip (|x| > 3.44) has the right mass: 2 (1 - Phi(3.4426)) = 5.76e-4.
    rng.seed(12, 0, 0, 0);
    let tail = 0;
    const m = 4e6;
    for (let i = 0; i < m; i++) if (Math.abs(rng.normal()) > 3.442619855899) tail++;
    const p = 2 * (1 - normalCdf(3.442619855899));
    expect(Math.abs(tail - m * p)).toBeLessThan(5 * Math.sqrt(m * p));
  });

  it('below(n): every value equally likely (chi-square), including n not dividing 2^32', () => {
    const rng = new StreamRng().seed(13, 0, 0, 0);
    for (const size of [7, 1000, 70387]) {
      const reject = rejectThreshold(size);
      const draws = new Int32Array(Math.max(200000, 20 * size));
      for (let i = 0; i < draws.length; i++) draws[i] = rng.below(size, reject);
      const { chi2, dof } = chiSquare(draws, () => 1 / size, 0, size - 1);
      expect(chi2).toBeLessThan(chi2Critical(dof));
    }
    expect(() => rejectThreshold(0)).toThrow(/expected a whole number in \[1, 2\^21\]/);
  });

  it('fillBelow(n) gives the values of successive below(n) calls and leaves the stream where they leave it', () => {
    for (const size of [3, 1000, 2 ** 21]) {
      const one = new StreamRng().seed(14, 1, size, 0);
      const bulk = new StreamRng().seed(14, 1, size, 0);
      const reject = rejectThreshold(size);
      const expected = Int32Array.from({ length: 5000 }, () => one.below(size, reject));
      const out = new Int32Array(5010).fill(-1);
      bulk.fillBelow(size, reject, out, 7, 5000);
      expect(out.subarray(7, 5007)).toEqual(expected);
      expect([out[6], out[5007]]).toEqual([-1, -1]);
      expect(bulk.nextU32()).toBe(one.nextU32());
    }
  });
});

describe('discrete samplers', () => {
  it('logFactorial is ln k! (table and Stirling series)', () => {
    for (const k of [0, 1, 5, 255, 256, 300, 12345, 1e7]) expect(logFactorial(k)).toBeCloseTo(logGamma(k + 1), 9);
    expect(Math.abs(logFactorial(1000) / logGamma(1001) - 1)).toBeLessThan(1e-15);
  });

  it.each([
    [20, 0.1],
    [1000, 0.003],
    [50, 0.7],
    [200, 0.4],
    [24000000, 1 / 70387],
    [11182, 0.5],
  ])('binomial(%d, %f) matches the binomial pmf (inversion and BTRS)', (n, p) => {
    const rng = new StreamRng().seed(14, n, Math.round(p * 1e6), 0);
    const draws = new Int32Array(200000);
    for (let i = 0; i < draws.length; i++) draws[i] = binomial(rng, n, p);
    const mean = n * p;
    const sd = Math.sqrt(n * p * (1 - p));
    const pmf = (k: number) => Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    const { chi2, dof } = chiSquare(draws, pmf, Math.max(0, Math.floor(mean - 8 * sd)), Math.min(n, Math.ceil(mean + 8 * sd)));
    expect(chi2).toBeLessThan(chi2Critical(dof));
    expect(draws.every((k) => k >= 0 && k <= n)).toBe(true);
  });

  it.each([0.02, 3, 9.9, 10, 250, 15000])('poisson(%f) matches the Poisson pmf (inversion and PTRS)', (mean) => {
    const rng = new StreamRng().seed(15, Math.round(mean * 100), 0, 0);
    const draws = new Int32Array(200000);
    for (let i = 0; i < draws.length; i++) draws[i] = poisson(rng, mean);
    const pmf = (k: number) => Math.exp(-mean + k * Math.log(mean) - logGamma(k + 1));
    const sd = Math.sqrt(mean);
    const { chi2, dof } = chiSquare(draws, pmf, Math.max(0, Math.floor(mean - 8 * sd)), Math.ceil(mean + 8 * sd + 10));
    expect(chi2).toBeLessThan(chi2Critical(dof));
  });

  it.each([1.25, 7.78, 40])('PoissonTable(%f) matches the Poisson pmf, far tail included', (mean) => {
    const table = new PoissonTable(mean);
    const rng = new StreamRng().seed(16, Math.round(mean * 100), 0, 0);
    const draws = new Int32Array(400000);
    for (let i = 0; i < draws.length; i++) draws[i] = table.draw(rng);
    const pmf = (k: number) => Math.exp(-mean + k * Math.log(mean) - logGamma(k + 1));
    const { chi2, dof } = chiSquare(draws, pmf, 0, Math.ceil(mean + 10 * Math.sqrt(mean) + 10));
    expect(chi2).toBeLessThan(chi2Critical(dof));
    expect(() => new PoissonTable(0)).toThrow(/expected 0 < mean <= 700/);
    // addTo (the engine's loop) adds weight x the values draw() gives, from the same stream, at every 3rd index from 10.
    const input = new Float64Array(100000).fill(1);
    table.addTo(rng.seed(17, 0, 0, 0), input, 10, 3, 30000, 2.5);
    rng.seed(17, 0, 0, 0);
    let differ = 0;
    input.forEach((x, i) => {
      const expected = i >= 10 && (i - 10) % 3 === 0 && i < 10 + 3 * 30000 ? 1 + table.draw(rng) * 2.5 : 1;
      if (x !== expected) differ++;
    });
    expect(differ).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { mulberry32, uniformGenerator } from '../../../core/index.ts';

describe('seeded mulberry32 generator', () => {
  it('repeats a seed, differs between seeds and gives 32-bit unsigned integers', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
  });

  it('uniformGenerator is the integer stream over 2^32: on [0, 1) with mean 1/2 and variance 1/12', () => {
    const ints = mulberry32(7);
    const u = uniformGenerator(7);
    let sum = 0;
    let sumSq = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = u();
      expect(x).toBe(ints() / 2 ** 32);
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    // 5 standard errors: sd of the mean is sqrt(1/12 / n) ~ 9e-4.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });
});

import { describe, expect, it } from 'vitest';
import { pairwiseCorrelation } from '../../../analysis/index.ts';
import { fromTrains, poissonTrains, seededUniform } from '../helpers.ts';

/** Mean off-diagonal Pearson coefficient of rows, the direct O(n^2 T) way (numpy.corrcoef). */
function naiveMeanCorrelation(rows: number[][]): number {
  const z = rows.map((r) => {
    const m = r.reduce((a, b) => a + b, 0) / r.length;
    const s = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length);
    return r.map((x) => (x - m) / s);
  });
  let sum = 0;
  for (let i = 0; i < z.length; i++)
    for (let j = 0; j < z.length; j++) if (i !== j) sum += z[i].reduce((a, x, k) => a + x * z[j][k], 0) / z[i].length;
  return sum / (z.length * (z.length - 1));
}

describe('pairwise correlation coefficients of binned spike counts', () => {
  it('equals the direct mean of numpy.corrcoef off-diagonal values, leaving out silent neurons', () => {
    const u = seededUniform(4);
    const T = 200;
    const trains = Array.from({ length: 12 }, (_, i) =>
      i === 3 || i === 7 ? [] : Array.from({ length: 5 + Math.floor(u() * 60) }, () => u() * T).sort((a, b) => a - b),
    );
    const window = { t_min_ms: 0, t_max_ms: T };
    const r = pairwiseCorrelation(fromTrains(trains), 12, window);
    expect(r.neurons).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10, 11]);
    const rows = r.neurons.map((i) => {
      const row = new Array<number>(T).fill(0);
      for (const t of trains[i]) row[Math.min(T - 1, Math.floor(t))]++;
      return row;
    });
    expect(r.mean).toBeCloseTo(naiveMeanCorrelation(rows), 12);
  });

  it('is 1 for identical trains and takes the first sampleSize non-silent neurons from the lowest firing index', () => {
    const train = [1.5, 4.5, 9.1, 30, 31];
    const trains = [[], [], train, [], train, train, train];
    const window = { t_min_ms: 0, t_max_ms: 40 };
    const r = pairwiseCorrelation(fromTrains(trains), 7, window, { sampleSize: 3 });
    expect(r.neurons).toEqual([2, 4, 5]);
    expect(r.mean).toBeCloseTo(1, 12);
    // Candidates end at lowest + sampleSize + extraCandidates.
    expect(pairwiseCorrelation(fromTrains(trains), 7, window, { sampleSize: 1, extraCandidates: 1 }).neurons).toEqual([2]);
    expect(pairwiseCorrelation(fromTrains(trains), 7, window, { sampleSize: 3, extraCandidates: 0 }).neurons).toEqual([2, 4, 5]);
    expect(pairwiseCorrelation(fromTrains([[], train]), 2, window).mean).toBe(0); // fewer than 2 neurons
  });

  it('is ~0 for independent Poisson neurons', () => {
    const N = 200;
    const T = 10_000;
    const r = pairwiseCorrelation(fromTrains(poissonTrains(N, 10, T, 9)), N, { t_min_ms: 0, t_max_ms: T });
    expect(r.nNeurons).toBe(N);
    // Each coefficient has sd ~ 1/sqrt(bins); the mean over N(N-1)/2 pairs sd ~ sqrt(2 / (N (N-1) bins)).
    expect(Math.abs(r.mean)).toBeLessThan(5 * Math.sqrt(2 / (N * (N - 1) * T)));
  });
});

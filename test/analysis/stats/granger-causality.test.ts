import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { grangerCausality, leveneTest } from '../../../analysis/index.ts';
import { seededUniform } from '../helpers.ts';

/** Standard normal deviates (Box-Muller) from a seeded uniform stream. */
function gaussian(seed: number): () => number {
  const u = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Residuals of y0[t] on [1, lags 1..p of each series], by an explicit design matrix (independent of the Gram recursion). */
function regressionResiduals(series: number[][], p: number): number[] {
  const c = series.map((s) => {
    const m = s.reduce((a, b) => a + b, 0) / s.length;
    return s.map((v) => v - m);
  });
  const n = c[0].length;
  const X: number[][] = [];
  const y: number[] = [];
  for (let t = p; t < n; t++) {
    const row = [1];
    for (const s of c) for (let l = 1; l <= p; l++) row.push(s[t - l]);
    X.push(row);
    y.push(c[0][t]);
  }
  const Xm = new Matrix(X);
  const b = new CholeskyDecomposition(Xm.transpose().mmul(Xm)).solve(Xm.transpose().mmul(Matrix.columnVector(y)));
  const fitted = Xm.mmul(b).getColumn(0);
  return y.map((v, i) => v - fitted[i]);
}

const variance = (r: number[]): number => {
  const m = r.reduce((a, b) => a + b, 0) / r.length;
  return r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1);
};

describe('conditional Granger causality (compute_granger_causality.py)', () => {
  it('equals the explicit full and reduced regressions and the Levene test on their scaled residuals', () => {
    const g = gaussian(1);
    const n = 1500;
    const x = Array.from({ length: n }, g);
    const z = Array.from({ length: n }, g);
    const y = new Array<number>(n).fill(0);
    for (let t = 2; t < n; t++) y[t] = 0.4 * y[t - 1] + 0.6 * x[t - 2] + 0.2 * z[t - 1] + g();
    const p = 4;
    const gc = grangerCausality([y, x, z], p);
    const full = regressionResiduals([y, x, z], p);
    const T = full.length;
    for (const [drop, keep] of [[1, [y, z]], [2, [y, x]]] as const) {
      const reduced = regressionResiduals([...keep], p);
      expect(gc.causality[drop]).toBeCloseTo(Math.log(variance(reduced) / variance(full)), 10);
      const lev = leveneTest(full.map((r) => r * Math.sqrt((T - 1) / (T - 3 * p))), reduced.map((r) => r * Math.sqrt((T - 1) / (T - 2 * p))));
      expect(gc.pValue[drop]).toBeCloseTo(lev.pValue, 10);
    }
    expect(gc.causality[0]).toBeNaN();
    expect(gc.residualVariance).toBeCloseTo(variance(full), 10);
  });

  it('matches the closed form ln(1 + c^2 var(x) / var(e)) for y_t = a y_t-1 + c x_t-1 + e_t; none the other way', () => {
    const g = gaussian(2);
    const n = 200_000;
    const x = Array.from({ length: n }, g);
    const y = new Array<number>(n).fill(0);
    const c = 0.8;
    for (let t = 1; t < n; t++) y[t] = 0.5 * y[t - 1] + c * x[t - 1] + g();
    const toY = grangerCausality([y, x], 3);
    expect(Math.abs(toY.causality[1] - Math.log(1 + c * c))).toBeLessThan(0.01);
    expect(toY.pValue[1]).toBeLessThan(1e-10);
    const toX = grangerCausality([x, y], 3);
    expect(Math.abs(toX.causality[1])).toBeLessThan(1e-3);
  });

  it('rejects too short series and bad arguments by name', () => {
    expect(() => grangerCausality([[1, 2, 3]], 1)).toThrow(/1 series/);
    expect(() => grangerCausality([[1, 2, 3], [1, 2, 3]], 25)).toThrow(/3 samples for 2 series and order 25/);
    expect(() => grangerCausality([[1, 2, 3], [1, 2]], 1)).toThrow(/series 1 has 2 samples/);
    expect(() => grangerCausality([[1, 2, 3], [1, 2, 3]], 0)).toThrow(/order = 0/);
  });
});

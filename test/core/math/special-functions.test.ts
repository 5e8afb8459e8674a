import { describe, expect, it } from 'vitest';
import { digamma, logBeta, logChoose, logGamma } from '../../../core/math/gamma.ts';
import { normalCdf, normalPdf, normalQuantile, normalTails } from '../../../core/math/normal.ts';

const EULER_GAMMA = 0.57721566490153286061;

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

describe('logGamma / logBeta / logChoose', () => {
  it('equals ln((n-1)!) at integers and ln(sqrt(pi)) at 1/2', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(Math.abs(logGamma(n) - logFactorial)).toBeLessThan(2e-15 * Math.max(1, logFactorial));
      logFactorial += Math.log(n);
    }
    // below 10 the argument is shifted up, which costs a few units of rounding of ln Gamma(10) ~ 13
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(4e-15);
    expect(Math.abs(logGamma(1.5) - Math.log(0.5 * Math.sqrt(Math.PI)))).toBeLessThan(4e-15);
  });

  it('satisfies Gamma(x + 1) = x Gamma(x) across the series switch, and handles the edges', () => {
    for (const x of [1e-8, 0.003, 0.7, 4.2, 9.5, 9.999, 10, 37.25, 1234.5, 3e7]) {
      expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(4e-15 * Math.max(1, Math.abs(logGamma(x + 1))) + 4e-15);
    }
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-1)).toBeNaN();
  });

  it('logBeta matches exact factorial ratios and the recurrence B(a+1, b) = B(a, b) a / (a + b) at large arguments', () => {
    // B(m, n) = (m-1)! (n-1)! / (m+n-1)!
    const lf = (k: number): number => logGamma(k + 1);
    for (const [m, n] of [[1, 1], [2, 3], [7, 30], [15, 12], [40, 200]]) {
      expect(Math.abs(logBeta(m, n) - (lf(m - 1) + lf(n - 1) - lf(m + n - 1)))).toBeLessThan(1e-12);
    }
    for (const [a, b] of [[9.5, 1e5], [9.9, 3.3], [0.4, 2.5e5], [12.25, 12.75], [7e4, 2e5]]) {
      const step = logBeta(a + 1, b) - logBeta(a, b) - Math.log(a / (a + b));
      expect(Math.abs(step)).toBeLessThan(4e-15 * (1 + Math.abs(logBeta(a, b))));
    }
    // mpmath (30 digits): log(beta(100000.3, 20000.7)), log(beta(2.5, 30000.25))
    expect(relativeError(logBeta(100000.3, 20000.7), -54072.5956385111545206)).toBeLessThan(1e-15);
    expect(relativeError(logBeta(2.5, 30000.25), -25.4877821124746888350)).toBeLessThan(1e-14);
    expect(logBeta(0, 3)).toBe(Infinity);
    expect(logBeta(-0.5, 3)).toBeNaN();
  });

  it('logChoose is exact on small binomial coefficients', () => {
    expect(logChoose(10, 3)).toBeCloseTo(Math.log(120), 13);
    expect(logChoose(52, 5)).toBeCloseTo(Math.log(2598960), 12);
    expect(logChoose(7, 0)).toBe(0);
    expect(logChoose(7, 7)).toBe(0);
    expect(logChoose(3, 4)).toBeNaN();
  });
});

describe('digamma', () => {
  it('has psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2 and psi(x + 1) = psi(x) + 1/x', () => {
    expect(Math.abs(digamma(1) + EULER_GAMMA)).toBeLessThan(2e-15);
    expect(Math.abs(digamma(0.5) + EULER_GAMMA + 2 * Math.LN2)).toBeLessThan(2e-15);
    for (const x of [1e-3, 0.37, 2.5, 9.5, 15, 1e4]) {
      expect(Math.abs(digamma(x + 1) - digamma(x) - 1 / x)).toBeLessThan(1e-13 * (1 + 1 / x));
    }
    expect(digamma(0)).toBeNaN();
  });
});

describe('standard normal distribution', () => {
  it('is symmetric, has Phi(0) = 1/2, and matches tabulated values in the centre and far tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 16);
    for (const x of [0.1, 0.6, 0.7, 1.5, 3, 5.5, 6, 9]) {
      expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(1e-15);
    }
    // Phi(-1), Phi(-3), Phi(-10) and Phi(-37) (mpmath, 30 digits)
    expect(relativeError(normalCdf(-1), 0.158655253931457051414767454368)).toBeLessThan(1e-15);
    expect(relativeError(normalCdf(-3), 0.0013498980316300945266518147676)).toBeLessThan(2e-15);
    expect(relativeError(normalCdf(-10), 7.6198530241605260659733432516e-24)).toBeLessThan(1e-14);
    expect(normalTails(10).upper).toBe(normalCdf(-10));
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });

  it('normalQuantile inverts normalCdf from 1e-300 to 1 - 1e-16 and has the familiar 97.5% point', () => {
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-15);
    for (const p of [1e-300, 1e-20, 1e-10, 1e-3, 0.02, 0.1, 0.3, 0.5, 0.6, 0.925, 0.99, 1 - 1e-12]) {
      const x = normalQuantile(p);
      const back = p < 0.5 ? normalCdf(x) : 1 - normalTails(x).upper;
      // a relative error e in x becomes ~ e x^2 in Phi(x) in the tails
      expect(relativeError(back, p)).toBeLessThan(2e-15 * (1 + x * x));
    }
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/p = 1\.5; expected a probability in \[0, 1\]/);
  });
});

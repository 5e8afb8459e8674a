import { describe, expect, it } from 'vitest';
import { fDistributionSf, incompleteBeta, leveneTest } from '../../../analysis/index.ts';

describe('incomplete beta, F distribution and Levene (Brown-Forsythe) test', () => {
  it('incomplete beta: closed forms I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b, symmetry', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.7, 3.5, 1)).toBeCloseTo(0.7 ** 3.5, 14);
    expect(incompleteBeta(0.2, 1, 4)).toBeCloseTo(1 - 0.8 ** 4, 14);
    expect(incompleteBeta(0.37, 2.5, 7) + incompleteBeta(0.63, 7, 2.5)).toBeCloseTo(1, 14);
    expect(() => incompleteBeta(1.2, 1, 1)).toThrow(/x = 1.2/);
  });

  it('F upper tail: F(2, d) = (1 + 2w/d)^(-d/2); F(1, 1) = 1 - (2/pi) atan(sqrt w)', () => {
    expect(fDistributionSf(1.7, 2, 9)).toBeCloseTo((1 + (2 * 1.7) / 9) ** -4.5, 14);
    expect(fDistributionSf(2.3, 1, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(Math.sqrt(2.3)), 13);
    expect(fDistributionSf(0, 3, 4)).toBe(1);
  });

  it('Levene statistic by hand: absolute deviations from the group medians, one-way ANOVA F', () => {
    // Groups [1, 2, 6] (median 2 -> 1, 0, 4) and [3, 3, 5, 9] (median 4 -> 1, 1, 1, 5).
    // Means 5/3 and 2, grand 13/7; between = 3 (5/3 - 13/7)^2 + 4 (2 - 13/7)^2;
    // within = (1 - 5/3)^2 + (5/3)^2 + (4 - 5/3)^2 + 3 (1 - 2)^2 + (5 - 2)^2.
    const between = 3 * (5 / 3 - 13 / 7) ** 2 + 4 * (2 - 13 / 7) ** 2;
    const within = (1 - 5 / 3) ** 2 + (5 / 3) ** 2 + (4 - 5 / 3) ** 2 + 3 + 9;
    const W = ((7 - 2) / 1) * (between / within);
    const r = leveneTest([1, 2, 6], [3, 3, 5, 9]);
    expect(r.statistic).toBeCloseTo(W, 14);
    expect(r.pValue).toBeCloseTo(fDistributionSf(W, 1, 5), 14);
    expect(() => leveneTest([1, 2])).toThrow(/1 group/);
    expect(() => leveneTest([1], [2, 3])).toThrow(/group 0 has 1 value/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  balloonBold,
  balloonFlowAndExtraction,
  balloonNeuralActivity,
  balloonStates,
  boldSignal,
  causalConvolution,
  gammaHrf,
  NEUROSIM_BALLOON_DEFAULTS as P,
} from '../../../analysis/index.ts';
import { seededUniform } from '../helpers.ts';

/** Classical RK4 with a fixed step, for a right-hand side held constant over each unit interval. */
function rk4(f: (y: number[], k: number) => number[], y0: number[], n: number, substeps: number): number[][] {
  const out = [y0];
  let y = y0;
  const h = 1 / substeps;
  for (let k = 0; k < n - 1; k++) {
    for (let s = 0; s < substeps; s++) {
      const a = f(y, k);
      const b = f(y.map((v, i) => v + (h / 2) * a[i]), k);
      const c = f(y.map((v, i) => v + (h / 2) * b[i]), k);
      const d = f(y.map((v, i) => v + h * c[i]), k);
      y = y.map((v, i) => v + (h / 6) * (a[i] + 2 * b[i] + 2 * c[i] + d[i]));
    }
    out.push(y);
  }
  return out;
}

const u = seededUniform(4);
const stim = Array.from({ length: 400 }, () => u());

describe("BOLD signal (neuRosim's balloon(), as upstream's compute_bold_signal.R calls it)", () => {
  it('inhibitory feedback: the exact solution equals a fine numerical integration of dI/dk', () => {
    const N = balloonNeuralActivity(stim);
    const I = rk4(([i], k) => [(P.kappa * stim[k] - (P.kappa + 1) * i) / P.tau1], [0], stim.length, 200);
    N.forEach((v, k) => expect(v).toBeCloseTo(stim[k] - I[k][0], 10));
    // A constant stimulus settles at N = s / (kappa + 1).
    const steady = balloonNeuralActivity(new Array(200).fill(0.6));
    expect(steady[199]).toBeCloseTo(0.6 / (P.kappa + 1), 12);
  });

  it('flow and oxygen extraction: the FFT convolution equals the direct sum (no factor acc)', () => {
    const N = balloonNeuralActivity(stim);
    const h = Float64Array.from({ length: stim.length }, (_, i) => Math.sin(i / 7) + 0.1 * i);
    const conv = causalConvolution(h, N);
    for (const k of [0, 1, 50, 399]) {
      let s = 0;
      for (let i = 0; i <= k; i++) s += h[i] * N[k - i];
      expect(conv[k]).toBeCloseTo(s, 9);
    }
    const acc = 0.001;
    const { F, E } = balloonFlowAndExtraction(N, acc);
    const m1 = (P.f1 - 1) / P.n + 1;
    let f = 0;
    let m = 0;
    for (let i = 0; i <= 250; i++) {
      f += (P.f1 - 1) * gammaHrf((i + 1) * acc, P.tauf) * N[250 - i];
      m += (m1 - 1) * gammaHrf((i + 1) * acc - P.deltat, P.taum) * N[250 - i];
    }
    expect(F[250]).toBeCloseTo(1 + f, 10);
    expect(E[250]).toBeCloseTo((P.E0 * (1 + m)) / (1 + f), 10);
    // gammaHRF: (x/th)^3 exp(-x/th) / (6 th), th = 0.242 FWHM; negative before 0 as neuRosim's.
    expect(gammaHrf(2, 4)).toBeCloseTo((2 / 0.968) ** 3 * Math.exp(-2 / 0.968) / (0.968 * 6), 15);
    expect(gammaHrf(-0.5, 4)).toBeLessThan(0);
  });

  it('balloon states: the adaptive integration equals a fine fixed-step RK4; constant F, E reach the steady state', () => {
    const F = Float64Array.from({ length: 120 }, (_, k) => 1 + 3 * Math.abs(Math.sin(k / 9)));
    const E = Float64Array.from({ length: 120 }, (_, k) => P.E0 * (1 + 0.5 * Math.cos(k / 5)) / F[k]);
    const { v, q } = balloonStates(F, E);
    const tauSum = P.tauMTT + P.tau;
    const ref = rk4(
      ([vv, qq], k) => {
        const out = vv ** (1 / P.alpha);
        return [(F[k] - out) / tauSum, (F[k] * E[k] / P.E0 - (qq / vv) * (out + (P.tau / tauSum) * (F[k] - out))) / P.tauMTT];
      },
      [1, 1],
      F.length,
      400,
    );
    for (const k of [0, 1, 30, 119]) {
      expect(v[k]).toBeCloseTo(ref[k][0], 9);
      expect(q[k]).toBeCloseTo(ref[k][1], 9);
    }
    // Steady state of constant F, E: v = F^alpha, q = v E / E0.
    const Fc = new Float64Array(3000).fill(2);
    const Ec = new Float64Array(3000).fill(0.3);
    const s = balloonStates(Fc, Ec);
    expect(s.v[2999]).toBeCloseTo(2 ** P.alpha, 8);
    expect(s.q[2999]).toBeCloseTo((2 ** P.alpha * 0.3) / P.E0, 8);
  });

  it('BOLD = V0 (a1 (1 - q) - a2 (1 - v)) of the normalised input; zero input gives 0', () => {
    const bold = balloonBold(stim);
    const N = balloonNeuralActivity(stim);
    const { F, E } = balloonFlowAndExtraction(N, 0.001);
    const { v, q } = balloonStates(F, E);
    expect(bold[300]).toBeCloseTo(P.V0 * (P.a1 * (1 - q[300]) - P.a2 * (1 - v[300])), 14);
    expect(Array.from(balloonBold(new Array(50).fill(0))).every((b) => Math.abs(b) < 1e-15)).toBe(true);
    const scaled = boldSignal(stim.map((s) => 250 * s));
    const max = Math.max(...stim);
    expect(scaled[100]).toBeCloseTo(balloonBold(stim.map((s) => s / max))[100], 12);
    expect(() => boldSignal([0, 0, 0])).toThrow(/maximum is 0/);
    expect(() => balloonBold([1, NaN])).toThrow(/stim\[1\] = NaN/);
  });
});

/**
 * BOLD signal of an area from its synaptic input, as upstream's compute_bold_signal.py: the input is
 * divided by its maximum and passed to the Balloon model of the R package neuRosim (`balloon(stim,
 * totaltime = 100 s, acc = 0.001 s)`, Buxton et al. 2004, NeuroImage 23:S220), with neuRosim's default
 * parameters. This is neuRosim's balloon() as it computes, with its units:
 *
 * 1. Inhibitory feedback I (ODE in sample units k = 1..n, I(1) = 0, the input held over [k, k + 1)):
 *      dI/dk = (kappa s_k - (kappa + 1) I) / tau1;  neural activity N = s - I.
 *    Solved exactly here (piecewise-constant input); neuRosim integrates it with deSolve's ode45.
 * 2. Flow and metabolism: F = 1 + (f1 - 1) h_f * N, M = 1 + (m1 - 1) h_m * N, with the discrete
 *    convolution (h * N)_k = sum_{i <= k} h_i N_{k - i} (no factor acc) and gamma kernels sampled at
 *    t_i = (i + 1) acc seconds: h_f(t) = g(t, tauf), h_m(t) = g(t - deltat, taum),
 *    g(x, FWHM) = (x / th)^3 exp(-x / th) / (6 th), th = 0.242 FWHM (negative for x < 0, as neuRosim's).
 *    m1 = (f1 - 1) / n + 1; E = E0 M / F.
 * 3. Balloon (ODE in sample units, v(1) = q(1) = 1, F and E held over [k, k + 1)):
 *      dv/dk = (F - v^(1/alpha)) / (tauMTT + tau)
 *      dq/dk = (F E / E0 - q / v (v^(1/alpha) + tau / (tauMTT + tau) (F - v^(1/alpha)))) / tauMTT
 *    integrated here by Dormand-Prince 5(4) restarted at every sample (relative and absolute tolerance
 *    1e-10; neuRosim: ode45 with deSolve's 1e-6).
 * 4. BOLD = V0 (a1 (1 - q) - a2 (1 - v)), one value per input sample.
 *
 * Note what follows from neuRosim's definition: the time constants of steps 1 and 3 (tau1 = 3,
 * tauMTT = 3, tau = 20) act in samples, i.e. in ms at upstream's 1 ms sampling, while the gamma kernels
 * of step 2 use seconds; and the convolution sums ~1/acc samples of a unit-area kernel, so F - 1 is of
 * order 1000 (f1 - 1) N. Upstream's FC from BOLD drops the first 5000 samples (5 s) as a transient.
 */

import FFT from 'fft.js';
import { fftSize, paddedSpectrum } from './series-helpers.ts';

export interface BalloonParameters {
  kappa: number;
  tau1: number;
  tauf: number;
  taum: number;
  f1: number;
  deltat: number;
  n: number;
  E0: number;
  V0: number;
  a1: number;
  a2: number;
  tauMTT: number;
  tau: number;
  alpha: number;
}

/** neuRosim's defaults, which upstream uses. */
export const NEUROSIM_BALLOON_DEFAULTS: Readonly<BalloonParameters> = Object.freeze({
  kappa: 2,
  tau1: 3,
  tauf: 4,
  taum: 4,
  f1: 1.5,
  deltat: 1,
  n: 3,
  E0: 0.4,
  V0: 0.03,
  a1: 3.4,
  a2: 1.0,
  tauMTT: 3,
  tau: 20,
  alpha: 0.4,
});

/** neuRosim's gammaHRF: (x / th)^3 exp(-x / th) / (6 th), th = 0.242 FWHM. */
export function gammaHrf(x_s: number, fwhm_s: number): number {
  const th = 0.242 * fwhm_s;
  return ((x_s / th) ** 3 * Math.exp(-x_s / th)) / (th * 6);
}

/** The inhibition-corrected neural activity N = s - I of step 1 (exact solution). */
export function balloonNeuralActivity(stim: ArrayLike<number>, p: BalloonParameters = NEUROSIM_BALLOON_DEFAULTS): Float64Array {
  const n = stim.length;
  const decay = Math.exp(-(p.kappa + 1) / p.tau1);
  const gain = (p.kappa / (p.kappa + 1)) * (1 - decay);
  const N = new Float64Array(n);
  let I = 0;
  for (let k = 0; k < n; k++) {
    N[k] = stim[k] - I;
    I = I * decay + gain * stim[k];
  }
  return N;
}

/** (h * x)_k = sum_{i <= k} h_i x_{k - i} for k < n, by FFT. */
export function causalConvolution(h: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  const size = fftSize(2 * n);
  const fft = new FFT(size);
  const H = paddedSpectrum(h.subarray(0, n), fft);
  const X = paddedSpectrum(x, fft);
  const product = fft.createComplexArray() as number[];
  for (let k = 0; k < size; k++) {
    product[2 * k] = H[2 * k] * X[2 * k] - H[2 * k + 1] * X[2 * k + 1];
    product[2 * k + 1] = H[2 * k] * X[2 * k + 1] + H[2 * k + 1] * X[2 * k];
  }
  const out = fft.createComplexArray() as number[];
  fft.inverseTransform(out, product);
  return Float64Array.from({ length: n }, (_, k) => out[2 * k]);
}

/** Flow F and oxygen extraction E of step 2 for the neural activity N. */
export function balloonFlowAndExtraction(
  N: Float64Array,
  acc_s: number,
  p: BalloonParameters = NEUROSIM_BALLOON_DEFAULTS,
): { F: Float64Array; E: Float64Array } {
  const n = N.length;
  const m1 = (p.f1 - 1) / p.n + 1;
  const hf = Float64Array.from({ length: n }, (_, i) => (p.f1 - 1) * gammaHrf((i + 1) * acc_s, p.tauf));
  const hm = Float64Array.from({ length: n }, (_, i) => (m1 - 1) * gammaHrf((i + 1) * acc_s - p.deltat, p.taum));
  const F = causalConvolution(hf, N).map((v) => 1 + v);
  const M = causalConvolution(hm, N).map((v) => 1 + v);
  const E = F.map((f, k) => (p.E0 * M[k]) / f);
  return { F, E };
}

// Dormand-Prince 5(4) tableau.
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const B5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const B4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/**
 * Balloon states v, q at samples k = 1..n (step 3) for F, E held constant over each [k, k + 1).
 * Exported for tests; `tolerance` is relative and absolute.
 */
export function balloonStates(
  F: Float64Array,
  E: Float64Array,
  p: BalloonParameters = NEUROSIM_BALLOON_DEFAULTS,
  tolerance = 1e-10,
): { v: Float64Array; q: Float64Array } {
  const n = F.length;
  const v = new Float64Array(n);
  const q = new Float64Array(n);
  const tauSum = p.tauMTT + p.tau;
  const inv = 1 / p.alpha;
  let y0 = 1;
  let y1 = 1;
  let h = 0.1;
  const k0 = new Float64Array(7);
  const k1 = new Float64Array(7);
  for (let k = 0; k < n; k++) {
    v[k] = y0;
    q[k] = y1;
    if (k === n - 1) break;
    const f = F[k];
    const fe = (f * E[k]) / p.E0;
    const rhs = (a: number, b: number, stage: number): void => {
      const out = a ** inv;
      k0[stage] = (f - out) / tauSum;
      k1[stage] = (fe - (b / a) * (out + (p.tau / tauSum) * (f - out))) / p.tauMTT;
    };
    let t = 0;
    while (t < 1) {
      if (t + h > 1) h = 1 - t;
      rhs(y0, y1, 0);
      for (let s = 1; s < 7; s++) {
        let a = y0;
        let b = y1;
        for (let j = 0; j < s; j++) {
          a += h * A[s][j] * k0[j];
          b += h * A[s][j] * k1[j];
        }
        rhs(a, b, s);
      }
      let n0 = y0;
      let n1 = y1;
      let e0 = 0;
      let e1 = 0;
      for (let s = 0; s < 7; s++) {
        n0 += h * B5[s] * k0[s];
        n1 += h * B5[s] * k1[s];
        e0 += h * (B5[s] - B4[s]) * k0[s];
        e1 += h * (B5[s] - B4[s]) * k1[s];
      }
      const err = Math.max(
        Math.abs(e0) / (tolerance + tolerance * Math.max(Math.abs(y0), Math.abs(n0))),
        Math.abs(e1) / (tolerance + tolerance * Math.max(Math.abs(y1), Math.abs(n1))),
      );
      if (err <= 1 && Number.isFinite(n0) && n0 > 0) {
        t += h;
        y0 = n0;
        y1 = n1;
      }
      const factor = Number.isFinite(err) ? 0.9 * Math.pow(Math.max(err, 1e-10), -0.2) : 0.1;
      h = Math.min(1, h * Math.min(5, Math.max(0.1, factor)));
      if (h < 1e-12) throw new Error(`balloon model: step size underflow at sample ${k + 1}; the input drives the model out of its domain`);
    }
  }
  return { v, q };
}

/** neuRosim's balloon(stim, n acc, acc) with parameters p: one BOLD value per stimulus sample. */
export function balloonBold(stim: ArrayLike<number>, acc_s = 0.001, p: BalloonParameters = NEUROSIM_BALLOON_DEFAULTS): Float64Array {
  if (!(Number.isFinite(acc_s) && acc_s > 0)) throw new Error(`balloonBold: acc_s = ${acc_s}; expected a positive sampling interval in s`);
  for (let i = 0; i < stim.length; i++) {
    if (!Number.isFinite(stim[i])) throw new Error(`balloonBold: stim[${i}] = ${stim[i]}; expected finite values`);
  }
  const N = balloonNeuralActivity(stim, p);
  const { F, E } = balloonFlowAndExtraction(N, acc_s, p);
  const { v, q } = balloonStates(F, E, p);
  return Float64Array.from(v, (vk, k) => p.V0 * (p.a1 * (1 - q[k]) - p.a2 * (1 - vk)));
}

/** Upstream's BOLD of an area: its synaptic input divided by its maximum, through `balloonBold`. */
export function boldSignal(synapticInput: ArrayLike<number>, binSize_ms = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < synapticInput.length; i++) max = Math.max(max, synapticInput[i]);
  if (!(max > 0)) throw new Error(`boldSignal: the synaptic input's maximum is ${max}; expected positive input to normalise by`);
  return balloonBold(Array.from(synapticInput, (x) => x / max), binSize_ms / 1000);
}

/**
 * Cross-correlation functions of two rate time series, as upstream's compute_cross_correlation.py
 * (correlation_toolbox crossspec + crosscorrfunc; Schmidt et al. 2018, Fig. 7).
 *
 * Both series (equal length n, bin width b ms) have their time mean removed; then
 *   C_xy(tau = m b) = (1 / T) sum_t x(t + m b) y(t),   T = n b / 1000 (s),
 * with the sum taken circularly (period n), as the FFT-based original does. A peak at tau > 0 means x
 * follows y. Unit: (spikes/s)^2 (the sum over samples per second of recording). C_yx(tau) = C_xy(-tau).
 *
 * Smoothing, as upstream, with a Gaussian density of sigma = 2 ms sampled at the bins, weights
 * g(k) = exp(-k^2 / (2 s^2)) / (sqrt(2 pi) s), s = sigma / b:
 * - 'upstream': numpy.convolve(g over k = -5..4, C, 'same'), i.e. taps at lags -4..5 bins with weights
 *   g(lag - 1): the smoothed function is delayed by one bin;
 * - 'centred' (default): taps at -K..K, K = round(2.5 s), weights g(lag): no delay;
 * - 'none'.
 * Lags: upstream's time axis is arange(-n/2 + 1, n/2 + 1) x n/(n - 2) ms for even n (its bin is computed
 * from the largest FFT frequency); here lags are exact multiples of b, and only |tau| <= maxLag_ms are
 * returned.
 */
import FFT from 'fft.js';
import { fftSize, meanRemoved, paddedSpectrum } from './series-helpers.ts';
import { convolveSame, type DiscreteKernel } from './time-series.ts';

export type CorrelationSmoothing = 'centred' | 'upstream' | 'none';

export interface CrossCorrelationOptions {
  /** Bin width of the series (ms); default 1 ms. */
  binSize_ms?: number;
  /** Largest |lag| returned (ms); default 100 ms. */
  maxLag_ms?: number;
  smoothing?: CorrelationSmoothing;
  /** Gaussian smoothing width (ms); default 2 ms as upstream. */
  sigma_ms?: number;
}

export interface CrossCorrelation {
  /** Lags (ms), -maxLag .. maxLag in steps of the bin width. */
  lag_ms: Float64Array;
  /** C(lag) in (spikes/s)^2 for rate series in spikes/s. */
  values: Float64Array;
}

/** The Gaussian smoothing kernel of `smoothing` (see the module comment), or null for 'none'. */
export function correlationSmoothingKernel(smoothing: CorrelationSmoothing, sigma_ms: number, binSize_ms: number): DiscreteKernel | null {
  if (smoothing === 'none') return null;
  if (!(Number.isFinite(sigma_ms) && sigma_ms > 0)) {
    throw new Error(`crossCorrelation: sigma_ms = ${sigma_ms}; expected a positive smoothing width in ms`);
  }
  const s = sigma_ms / binSize_ms;
  const g = (k: number): number => Math.exp(-(k * k) / (2 * s * s)) / (Math.sqrt(2 * Math.PI) * s);
  const K = Math.max(1, Math.round(2.5 * s));
  if (smoothing === 'upstream') {
    // numpy.convolve(g(-K..K-1), C, 'same') with an even kernel of 2K taps: out[i] = sum_m g(m - K) C[i + K - 1 - m].
    return { weights: Float64Array.from({ length: 2 * K }, (_, m) => g(m - K)), firstLag: -(K - 1) };
  }
  if (smoothing === 'centred') return { weights: Float64Array.from({ length: 2 * K + 1 }, (_, m) => g(m - K)), firstLag: -K };
  throw new Error(`crossCorrelation: smoothing = '${smoothing as string}'; expected 'centred', 'upstream' or 'none'`);
}

/**
 * Cross-correlation functions C_ij for all pairs of the given series (each of length n). Returns
 * values[i][j] (C_ij over the lags); the FFT of every series is computed once.
 */
export function crossCorrelationMatrix(series: readonly ArrayLike<number>[], options: CrossCorrelationOptions = {}): {
  lag_ms: Float64Array;
  values: Float64Array[][];
} {
  const b = options.binSize_ms ?? 1;
  if (!(Number.isFinite(b) && b > 0)) throw new Error(`crossCorrelation: binSize_ms = ${b}; expected a positive bin width in ms`);
  const maxLag_ms = options.maxLag_ms ?? 100;
  if (!(Number.isFinite(maxLag_ms) && maxLag_ms >= 0)) {
    throw new Error(`crossCorrelation: maxLag_ms = ${maxLag_ms}; expected a non-negative lag in ms`);
  }
  if (series.length === 0) return { lag_ms: new Float64Array(0), values: [] };
  const n = series[0].length;
  if (n < 2) throw new Error(`crossCorrelation: the series have ${n} samples; expected at least 2`);
  series.forEach((x, i) => {
    if (x.length !== n) throw new Error(`crossCorrelation: series ${i} has ${x.length} samples; expected ${n} like series 0`);
  });
  const kernel = correlationSmoothingKernel(options.smoothing ?? 'centred', options.sigma_ms ?? 2, b);
  const maxLag = Math.min(Math.floor(maxLag_ms / b + 1e-9), Math.floor(n / 2));
  // Smoothing needs the function a kernel's width beyond the returned lags.
  const margin = kernel ? kernel.weights.length : 0;
  const keep = Math.min(maxLag + margin, n - 1);

  const size = fftSize(2 * n);
  const fft = new FFT(size);
  const spectra = series.map((x, i) => paddedSpectrum(meanRemoved(x, `crossCorrelation: series ${i}`), fft));
  const T_s = (n * b) / 1000;
  const product = fft.createComplexArray() as number[];
  const linear = fft.createComplexArray() as number[];
  const lag_ms = Float64Array.from({ length: 2 * maxLag + 1 }, (_, k) => (k - maxLag) * b);

  const values: Float64Array[][] = series.map(() => new Array<Float64Array>(series.length));
  for (let i = 0; i < series.length; i++) {
    for (let j = i; j < series.length; j++) {
      const X = spectra[i];
      const Y = spectra[j];
      for (let k = 0; k < size; k++) {
        // X conj(Y): the transform of sum_t x(t + m) y(t).
        const re = X[2 * k] * Y[2 * k] + X[2 * k + 1] * Y[2 * k + 1];
        const im = X[2 * k + 1] * Y[2 * k] - X[2 * k] * Y[2 * k + 1];
        product[2 * k] = re;
        product[2 * k + 1] = im;
      }
      fft.inverseTransform(linear, product);
      // Linear correlation at lag m is linear[m mod size]; the circular one adds the wrapped part.
      const lin = (m: number): number => (m <= -n || m >= n ? 0 : linear[2 * ((m + size) % size)]);
      const full = new Float64Array(2 * keep + 1);
      for (let m = -keep; m <= keep; m++) full[m + keep] = (lin(m) + (m >= 0 ? lin(m - n) : lin(m + n))) / T_s;
      const smoothed = kernel ? convolveSame(full, kernel) : full;
      const cij = smoothed.slice(keep - maxLag, keep + maxLag + 1);
      values[i][j] = cij;
      if (i !== j) {
        if (kernel && options.smoothing === 'upstream') {
          // Upstream smooths every C_ij with the same delayed kernel, so C_ji is not C_ij reversed.
          const reversed = full.slice().reverse();
          values[j][i] = convolveSame(reversed, kernel).slice(keep - maxLag, keep + maxLag + 1);
        } else values[j][i] = cij.slice().reverse();
      }
    }
  }
  return { lag_ms, values };
}

/** C_xy over |lag| <= maxLag_ms (see the module comment). */
export function crossCorrelation(x: ArrayLike<number>, y: ArrayLike<number>, options: CrossCorrelationOptions = {}): CrossCorrelation {
  const { lag_ms, values } = crossCorrelationMatrix([x, y], options);
  return { lag_ms, values: values[0][1] };
}

/**
 * Power spectral density by Welch's method, with scipy.signal.welch's conventions (which upstream's
 * `spectrum` uses): segments of `nperseg` samples starting every nperseg - noverlap samples (only
 * complete segments), each segment's mean removed ("constant" detrending), multiplied by a periodic
 * Hann window (or none: 'boxcar'), |FFT|^2 scaled by 1 / (fs sum w^2), doubled at all frequencies but 0
 * and Nyquist (one-sided), averaged over segments. Units: (signal unit)^2 / Hz; frequencies in Hz.
 *
 * Parseval holds per segment: sum_k P_k df = sum_n (w_n x_n)^2 / sum_n w_n^2, a window-weighted mean
 * square of the detrended samples (the plain variance for 'boxcar').
 *
 * The population-rate spectrum follows upstream: the population rate (spikes/s) binned at 1 ms, its
 * mean removed, Welch with nperseg = 1024, noverlap = 1000, fs = 1000 Hz, the f = 0 value dropped.
 * Result: (spikes/s)^2 / Hz.
 */
import FFT from 'fft.js';
import type { SpikeData } from '../spikes.ts';
import { rateTimeSeries, type RateTimeSeriesOptions } from './time-series.ts';
import type { TimeWindow } from './window.ts';

export type WelchWindow = 'hann' | 'boxcar';

export interface WelchOptions {
  /** Samples per segment; default 256 (scipy). Clamped to the signal length. */
  nperseg?: number;
  /** Overlap of consecutive segments (samples); default nperseg / 2. Must be < nperseg. */
  noverlap?: number;
  /** Default 'hann'. */
  window?: WelchWindow;
}

export interface PowerSpectrum {
  /** Frequencies (Hz). */
  frequency_Hz: Float64Array;
  /** Power spectral density, (signal unit)^2 / Hz. */
  power: Float64Array;
  /** Segments averaged. */
  nSegments: number;
}

export function welch(signal: ArrayLike<number>, fs_Hz: number, options: WelchOptions = {}): PowerSpectrum {
  if (!(Number.isFinite(fs_Hz) && fs_Hz > 0)) {
    throw new Error(`welch: fs_Hz = ${fs_Hz}; expected a positive sampling frequency in Hz`);
  }
  const n = signal.length;
  if (n < 2) throw new Error(`welch: signal has ${n} samples; expected at least 2`);
  const requested = options.nperseg ?? 256;
  if (!(Number.isInteger(requested) && requested >= 2)) {
    throw new Error(`welch: nperseg = ${requested}; expected an integer >= 2`);
  }
  const nperseg = Math.min(requested, n);
  let noverlap = options.noverlap ?? Math.floor(nperseg / 2);
  if (!(Number.isInteger(noverlap) && noverlap >= 0)) {
    throw new Error(`welch: noverlap = ${noverlap}; expected a non-negative integer`);
  }
  if (noverlap >= nperseg) {
    if (nperseg < requested) noverlap = Math.floor(nperseg / 2); // a short signal shrank the segment
    else throw new Error(`welch: noverlap = ${noverlap}; expected less than nperseg = ${nperseg}`);
  }
  const windowKind = options.window ?? 'hann';
  if (windowKind !== 'hann' && windowKind !== 'boxcar') {
    throw new Error(`welch: window = '${windowKind as string}'; expected 'hann' or 'boxcar'`);
  }
  const w = new Float64Array(nperseg);
  for (let i = 0; i < nperseg; i++) {
    // Periodic ("DFT-even") Hann window, as scipy.signal.get_window returns for spectral analysis.
    w[i] = windowKind === 'hann' ? 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nperseg) : 1;
  }
  let windowPower = 0;
  for (const x of w) windowPower += x * x;

  const nFreq = Math.floor(nperseg / 2) + 1;
  const power = new Float64Array(nFreq);
  const step = nperseg - noverlap;
  const nSegments = Math.floor((n - noverlap) / step);
  const segment = new Float64Array(nperseg);
  const periodogram = realPeriodogram(nperseg);
  for (let s = 0; s < nSegments; s++) {
    const start = s * step;
    let mean = 0;
    for (let i = 0; i < nperseg; i++) mean += signal[start + i];
    mean /= nperseg;
    for (let i = 0; i < nperseg; i++) segment[i] = (signal[start + i] - mean) * w[i];
    const p = periodogram(segment);
    for (let k = 0; k < nFreq; k++) power[k] += p[k];
  }
  const scale = 1 / (fs_Hz * windowPower * nSegments);
  for (let k = 0; k < nFreq; k++) {
    const isEdge = k === 0 || (nperseg % 2 === 0 && k === nFreq - 1);
    power[k] *= isEdge ? scale : 2 * scale;
  }
  const frequency_Hz = Float64Array.from({ length: nFreq }, (_, k) => (k * fs_Hz) / nperseg);
  return { frequency_Hz, power, nSegments };
}

/**
 * |DFT|^2 at frequencies 0 .. floor(n/2) of real segments of length n: fft.js for powers of two, a
 * direct DFT otherwise (only when a short signal forces an odd segment length).
 */
function realPeriodogram(n: number): (x: Float64Array) => Float64Array {
  const nFreq = Math.floor(n / 2) + 1;
  const out = new Float64Array(nFreq);
  if ((n & (n - 1)) === 0) {
    const fft = new FFT(n);
    const spectrum = fft.createComplexArray() as number[];
    return (x) => {
      fft.realTransform(spectrum, x);
      for (let k = 0; k < nFreq; k++) out[k] = spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
      return out;
    };
  }
  const cos = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * i) / n));
  const sin = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * i) / n));
  return (x) => {
    for (let k = 0; k < nFreq; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0, phase = 0; i < n; i++, phase = (phase + k) % n) {
        re += x[i] * cos[phase];
        im -= x[i] * sin[phase];
      }
      out[k] = re * re + im * im;
    }
    return out;
  };
}

export interface RateSpectrumOptions extends RateTimeSeriesOptions, Omit<WelchOptions, 'window'> {
  window?: WelchWindow;
}

/**
 * Power spectrum of the population rate ((spikes/s)^2 / Hz) at frequencies > 0 (Hz), with upstream's
 * defaults (1 ms bins, nperseg 1024, noverlap 1000, Hann window).
 */
export function populationRateSpectrum(
  spikes: SpikeData,
  N: number,
  window: TimeWindow,
  options: RateSpectrumOptions = {},
): PowerSpectrum {
  const series = rateTimeSeries(spikes, N, window, options);
  const rate = series.rate_spikes_per_s;
  let mean = 0;
  for (const r of rate) mean += r;
  mean /= rate.length;
  const centred = rate.map((r) => r - mean);
  const fs_Hz = 1000 / series.binSize_ms;
  const full = welch(centred, fs_Hz, {
    nperseg: options.nperseg ?? 1024,
    // Upstream's overlap belongs to its 1024-sample segments; other segment lengths get scipy's default.
    noverlap: options.noverlap ?? (options.nperseg === undefined ? 1000 : undefined),
    window: options.window ?? 'hann',
  });
  return {
    frequency_Hz: full.frequency_Hz.slice(1),
    power: full.power.slice(1),
    nSegments: full.nSegments,
  };
}

import FFT from 'fft.js';
import { zeros, type DenseMatrix } from './dense-matrix.ts';

const fftCache = new Map<number, FFT>();
function fftOfSize(size: number): FFT {
  let f = fftCache.get(size);
  if (!f) {
    f = new FFT(size);
    fftCache.set(size, f);
  }
  return f;
}

/** Spectrum (fft.js interleaved complex) of a real signal zero-padded to `size`. */
function spectrum(x: ArrayLike<number>, size: number): number[] {
  const f = fftOfSize(size);
  const input = new Float64Array(size);
  for (let i = 0; i < x.length; i++) input[i] = x[i];
  const out = f.createComplexArray();
  f.realTransform(out, input);
  f.completeSpectrum(out);
  return out;
}

function nextPow2(n: number): number {
  let size = 4;
  while (size < n) size *= 2;
  return size;
}

/**
 * Full linear convolution of `signal` with several filters of equal length, by FFT; returns one array of
 * length signal.length + filterLength - 1 per filter.
 */
export function fftConvolveMany(signal: ArrayLike<number>, filters: ArrayLike<number>[]): Float64Array[] {
  if (filters.length === 0) return [];
  const nf = filters[0].length;
  const outLength = signal.length + nf - 1;
  if (signal.length === 0 || nf === 0) return filters.map(() => new Float64Array(Math.max(outLength, 0)));
  const size = nextPow2(outLength);
  const f = fftOfSize(size);
  const s = spectrum(signal, size);
  const product = f.createComplexArray();
  const back = f.createComplexArray();
  return filters.map((filter) => {
    if (filter.length !== nf) throw new Error(`fftConvolveMany: filters have ${filter.length} and ${nf} samples; expected equal lengths`);
    const h = spectrum(filter, size);
    for (let k = 0; k < 2 * size; k += 2) {
      product[k] = s[k] * h[k] - s[k + 1] * h[k + 1];
      product[k + 1] = s[k] * h[k + 1] + s[k + 1] * h[k];
    }
    f.inverseTransform(back, product);
    const out = new Float64Array(outLength);
    for (let i = 0; i < outLength; i++) out[i] = back[2 * i];
    return out;
  });
}

/** Full linear convolution of a and b (length a.length + b.length - 1), by FFT. */
export function fftConvolve(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return fftConvolveMany(a, [b])[0];
}

/** Kernels of one X -> Y pair: lags (ms, uniform step) and, per forward model, channels x lags. */
export interface KernelSet {
  lags: ArrayLike<number>;
  H: Record<string, DenseMatrix>;
}

/** Converts a per-neuron rate (spikes/s) of a population of N neurons into expected spikes per bin of dt ms. */
export function ratesToCounts(rate: ArrayLike<number>, N: number, dtMs: number): Float64Array {
  return Float64Array.from(rate, (r) => (r * N * dtMs) / 1000);
}

/**
 * Signal of one forward model from population activity: V(t) = sum over pairs (X, Y) of
 * (nu_X * H_YX)(t), where nu_X is the spike count of the whole population X per time bin (bin = kernel lag
 * step) and H_YX the kernel (per presynaptic spike). Returns channels x time, aligned with the counts.
 */
export function signalFromActivity(
  spikeCounts: Record<string, ArrayLike<number>>,
  pairs: { X: string; kernels: KernelSet }[],
  forwardModel: string,
): DenseMatrix {
  let out: DenseMatrix | undefined;
  let nT = -1;
  for (const [p, { X, kernels }] of pairs.entries()) {
    const counts = spikeCounts[X];
    if (!counts) throw new Error(`signalFromActivity: pairs[${p}].X = "${X}" has no spike counts; known populations: ${Object.keys(spikeCounts).join(', ')}`);
    if (nT < 0) nT = counts.length;
    if (counts.length !== nT) throw new Error(`signalFromActivity: spike counts of "${X}" have ${counts.length} bins, expected ${nT} like the others`);
    const H = kernels.H[forwardModel];
    if (!H) throw new Error(`signalFromActivity: pairs[${p}] has no kernel for forward model "${forwardModel}" (has ${Object.keys(kernels.H).join(', ')})`);
    const lags = kernels.lags;
    const step = lags.length > 1 ? lags[1] - lags[0] : 1;
    // Index shift of lag 0 relative to the first kernel sample.
    const shift = Math.round(lags[0] / step);
    out ??= zeros(H.rows, nT);
    if (H.rows !== out.rows) throw new Error(`signalFromActivity: pairs[${p}] kernel has ${H.rows} channels, expected ${out.rows}`);
    const rows = Array.from({ length: H.rows }, (_, ch) => H.data.subarray(ch * H.cols, (ch + 1) * H.cols));
    const full = fftConvolveMany(counts, rows);
    for (let ch = 0; ch < H.rows; ch++) {
      for (let n = 0; n < nT; n++) {
        // signal[n] = sum_k H[k] counts[n - lagSteps_k], lagSteps_k = k + shift -> full index n - shift
        const m = n - shift;
        if (m >= 0 && m < full[ch].length) out.data[ch * nT + n] += full[ch][m];
      }
    }
  }
  return out ?? zeros(0, 0);
}

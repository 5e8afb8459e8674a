/** Small helpers shared by the statistics of time series (mean removal, zero-padded FFTs). */
import FFT from 'fft.js';

/** x minus its mean, checking that every sample is finite (`what` names the series in errors). */
export function meanRemoved(x: ArrayLike<number>, what: string): Float64Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`${what}[${i}] = ${x[i]}; expected finite values`);
    mean += x[i];
  }
  mean /= x.length;
  return Float64Array.from(x, (v) => v - mean);
}

/** The smallest power of two >= n (at least 2), an FFT size for fft.js. */
export function fftSize(n: number): number {
  let size = 2;
  while (size < n) size *= 2;
  return size;
}

/** Full complex spectrum (interleaved re, im) of x zero-padded to fft.size. */
export function paddedSpectrum(x: ArrayLike<number>, fft: FFT): number[] {
  const padded = new Float64Array(fft.size);
  padded.set(Array.from({ length: Math.min(x.length, fft.size) }, (_, i) => x[i]));
  const out = fft.createComplexArray() as number[];
  fft.realTransform(out, padded);
  fft.completeSpectrum(out);
  return out;
}

/**
 * Histograms with numpy.histogram's conventions: equal-width bins [e_k, e_k+1), the last bin closed
 * [e_n-1, e_n]; with no explicit range the range is [min, max] of the data, widened to
 * [x - 0.5, x + 0.5] when all values are equal (so a set of identical rates still gets a histogram).
 */

export interface Histogram {
  /** Bin edges, length bins + 1. */
  edges: Float64Array;
  /** Number of values per bin. */
  counts: Float64Array;
}

export function histogram(
  values: ArrayLike<number>,
  bins: number,
  range?: readonly [number, number],
): Histogram {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new Error(`histogram: bins = ${bins}; expected a positive integer`);
  }
  let lo: number;
  let hi: number;
  if (range) {
    [lo, hi] = range;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo)) {
      throw new Error(`histogram: range = [${lo}, ${hi}]; expected finite bounds with max >= min`);
    }
  } else if (values.length === 0) {
    lo = 0;
    hi = 1;
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) throw new Error(`histogram: values[${i}] = ${v}; expected finite values`);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins; // numpy.linspace's form, so edges agree to the last bit
  for (let k = 0; k <= bins; k++) edges[k] = k * step + lo;
  edges[bins] = hi;
  const counts = new Float64Array(bins);
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    let k = Math.min(bins - 1, Math.floor((v - lo) * scale));
    // The scaled index can be off by one at an edge through rounding; the edges decide.
    if (k > 0 && v < edges[k]) k--;
    else if (k < bins - 1 && v >= edges[k + 1]) k++;
    counts[k]++;
  }
  return { edges, counts };
}

/**
 * Counts of sorted event times in `nBins` bins of width `binSize` starting at `start`: bin k is
 * [start + k binSize, start + (k + 1) binSize), the last bin closed at its right end (numpy.histogram).
 * O(events in range + nBins).
 */
export function binSortedTimes(
  times: Float64Array,
  start: number,
  binSize: number,
  nBins: number,
  from = 0,
  to = times.length,
): Float64Array {
  const counts = new Float64Array(nBins);
  if (nBins === 0) return counts;
  const edge = (k: number): number => start + k * binSize;
  const stop = edge(nBins);
  for (let i = from; i < to; i++) {
    const t = times[i];
    if (t < start) continue;
    if (t > stop) break;
    let k = Math.min(nBins - 1, Math.floor((t - start) / binSize));
    if (k > 0 && t < edge(k)) k--;
    else if (k < nBins - 1 && t >= edge(k + 1)) k++;
    counts[k]++;
  }
  return counts;
}

/**
 * Number of whole bins of width `binSize` in `length`, forgiving decimal rounding
 * (0.3 / 0.1 = 2.9999999999999996 must give 3 bins).
 */
export function wholeBins(length: number, binSize: number): number {
  const ratio = length / binSize;
  const n = Math.round(ratio);
  return Math.abs(ratio - n) < 1e-9 * Math.max(1, n) ? n : Math.floor(ratio);
}

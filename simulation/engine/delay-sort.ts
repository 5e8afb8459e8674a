/**
 * Stable sort of each synapse row by delay (the high bits of the packed word), keeping construction
 * order among equal delays: insertion sort for short rows, counting sort over the row's delay range
 * otherwise (linear time).
 */
export function sortRowsByDelay(offsets: Uint32Array, packed: Uint32Array, weights: Float32Array, shift: number, total: number): void {

  let tmpP = new Uint32Array(256);
  let tmpW = new Float32Array(256);
  let hist = new Uint32Array(256);
  for (let g = 0; g < total; g++) {
    const a = offsets[g];
    const b = offsets[g + 1];
    const n = b - a;
    if (n < 2) continue;
    let sorted = true;
    let lo = packed[a] >>> shift;
    let hi = lo;
    for (let i = a + 1; i < b; i++) {
      const d = packed[i] >>> shift;
      if (d < packed[i - 1] >>> shift) sorted = false;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    if (sorted) continue;
    if (n <= 16) {
      for (let i = a + 1; i < b; i++) {
        const p = packed[i];
        const w = weights[i];
        const d = p >>> shift;
        let j = i - 1;
        while (j >= a && packed[j] >>> shift > d) {
          packed[j + 1] = packed[j];
          weights[j + 1] = weights[j];
          j--;
        }
        packed[j + 1] = p;
        weights[j + 1] = w;
      }
      continue;
    }
    const range = hi - lo + 1;
    if (hist.length < range + 1) hist = new Uint32Array(2 * range + 1);
    if (tmpP.length < n) {
      tmpP = new Uint32Array(2 * n);
      tmpW = new Float32Array(2 * n);
    }
    hist.fill(0, 0, range + 1);
    for (let i = a; i < b; i++) hist[(packed[i] >>> shift) - lo + 1]++;
    for (let k = 1; k <= range; k++) hist[k] += hist[k - 1];
    for (let i = a; i < b; i++) {
      const at = hist[(packed[i] >>> shift) - lo]++;
      tmpP[at] = packed[i];
      tmpW[at] = weights[i];
    }
    packed.set(tmpP.subarray(0, n), a);
    weights.set(tmpW.subarray(0, n), a);
  }
}

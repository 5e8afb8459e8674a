/**
 * In-memory spike data of one population, the input of every spike-train statistic in analysis/.
 *
 * Spikes are stored as two parallel arrays sorted by time (ties in any order). `senders` are neuron
 * indices local to the population, 0 <= sender < N, so a population of N neurons is fully described by
 * its SpikeData plus N (neurons that never fired are not visible in the arrays; every statistic that
 * averages over neurons therefore takes N explicitly, as upstream does).
 */
export interface SpikeData {
  /** Spike times (ms), non-decreasing. */
  times_ms: Float64Array;
  /** Neuron index within the population (0-based), one per spike. */
  senders: Int32Array;
}

/** An empty spike train set. */
export function emptySpikeData(): SpikeData {
  return { times_ms: new Float64Array(0), senders: new Int32Array(0) };
}

/**
 * Check the invariants every statistic relies on: equal lengths, finite non-decreasing times and
 * senders in [0, N). Throws an Error naming `what`, the offending value and what was expected.
 */
export function validateSpikeData(spikes: SpikeData, N: number, what = 'spikes'): void {
  if (!Number.isInteger(N) || N < 0) {
    throw new Error(`${what}: population size N = ${N}; expected a non-negative integer`);
  }
  const { times_ms: t, senders: s } = spikes;
  if (!(t instanceof Float64Array) || !(s instanceof Int32Array)) {
    throw new Error(`${what}: times_ms must be a Float64Array and senders an Int32Array`);
  }
  if (t.length !== s.length) {
    throw new Error(
      `${what}: times_ms has ${t.length} entries but senders has ${s.length}; expected equal lengths`,
    );
  }
  let previous = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const ti = t[i];
    if (!Number.isFinite(ti)) throw new Error(`${what}: times_ms[${i}] = ${ti}; expected a finite time in ms`);
    if (ti < previous) {
      throw new Error(
        `${what}: times_ms[${i}] = ${ti} follows ${previous}; expected spikes sorted by time (see sortSpikesByTime)`,
      );
    }
    previous = ti;
    const si = s[i];
    if (si < 0 || si >= N) {
      throw new Error(`${what}: senders[${i}] = ${si}; expected a neuron index in [0, ${N})`);
    }
  }
}

/** A copy of `spikes` sorted by time (stable, so simultaneous spikes keep their order). */
export function sortSpikesByTime(spikes: SpikeData): SpikeData {
  const n = spikes.times_ms.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const t = spikes.times_ms;
  order.sort((a, b) => t[a] - t[b] || a - b);
  const times_ms = new Float64Array(n);
  const senders = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    times_ms[i] = t[order[i]];
    senders[i] = spikes.senders[order[i]];
  }
  return { times_ms, senders };
}

/** Where each population's neurons lie in a global numbering (e.g. NEST GIDs). */
export interface PopulationRange {
  /** Global id of the population's first neuron. */
  firstId: number;
  /** Number of neurons (ids firstId .. firstId + size - 1). */
  size: number;
}

/**
 * Split one recording of the whole network (global neuron ids, e.g. NEST GIDs, with spike times) into
 * per-population SpikeData with local neuron indices. Ranges must not overlap; a spike whose id lies in
 * no range is an error (it would otherwise be silently dropped). Times are sorted if they are not.
 */
export function splitByPopulation(
  times_ms: ArrayLike<number>,
  globalIds: ArrayLike<number>,
  ranges: readonly PopulationRange[],
): SpikeData[] {
  if (times_ms.length !== globalIds.length) {
    throw new Error(
      `splitByPopulation: times_ms has ${times_ms.length} entries but globalIds has ${globalIds.length}; expected equal lengths`,
    );
  }
  // Look ranges up by binary search over their start ids.
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a].firstId - ranges[b].firstId);
  for (let k = 0; k < order.length; k++) {
    const r = ranges[order[k]];
    if (!Number.isInteger(r.firstId) || !Number.isInteger(r.size) || r.size < 0) {
      throw new Error(
        `splitByPopulation: ranges[${order[k]}] = {firstId: ${r.firstId}, size: ${r.size}}; expected integers with size >= 0`,
      );
    }
    if (k > 0) {
      const p = ranges[order[k - 1]];
      if (p.firstId + p.size > r.firstId) {
        throw new Error(
          `splitByPopulation: ranges[${order[k - 1]}] and ranges[${order[k]}] overlap; expected disjoint id ranges`,
        );
      }
    }
  }
  const starts = order.map((i) => ranges[i].firstId);
  const rangeOf = (id: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= id) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return -1;
    const r = ranges[order[found]];
    return id < r.firstId + r.size ? order[found] : -1;
  };

  const n = times_ms.length;
  const population = new Int32Array(n);
  const counts = new Int32Array(ranges.length);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const p = rangeOf(globalIds[i]);
    if (p < 0) {
      throw new Error(`splitByPopulation: globalIds[${i}] = ${globalIds[i]} lies in no population range`);
    }
    population[i] = p;
    counts[p]++;
    if (i > 0 && times_ms[i] < times_ms[i - 1]) sorted = false;
  }
  const out: SpikeData[] = Array.from(counts, (c) => ({
    times_ms: new Float64Array(c),
    senders: new Int32Array(c),
  }));
  const fill = new Int32Array(ranges.length);
  for (let i = 0; i < n; i++) {
    const p = population[i];
    const j = fill[p]++;
    out[p].times_ms[j] = times_ms[i];
    out[p].senders[j] = globalIds[i] - ranges[p].firstId;
  }
  return sorted ? out : out.map(sortSpikesByTime);
}

/**
 * Merge several populations into one spike train set (e.g. all populations of an area), numbering the
 * neurons of part k after those of parts 0..k-1. Returns the merged data and its total neuron count.
 */
export function mergeSpikeData(parts: readonly { spikes: SpikeData; N: number }[]): { spikes: SpikeData; N: number } {
  let total = 0;
  let offsetN = 0;
  for (const p of parts) total += p.spikes.times_ms.length;
  const times_ms = new Float64Array(total);
  const senders = new Int32Array(total);
  // k-way merge of time-sorted inputs; the number of parts is small (<= 8 per area).
  const cursor = new Int32Array(parts.length);
  const offsets = parts.map((p) => {
    const o = offsetN;
    offsetN += p.N;
    return o;
  });
  for (let out = 0; out < total; out++) {
    let best = -1;
    let bestTime = Infinity;
    for (let k = 0; k < parts.length; k++) {
      const c = cursor[k];
      const t = parts[k].spikes.times_ms;
      if (c < t.length && (best < 0 || t[c] < bestTime)) {
        best = k;
        bestTime = t[c];
      }
    }
    times_ms[out] = bestTime;
    senders[out] = parts[best].spikes.senders[cursor[best]] + offsets[best];
    cursor[best]++;
  }
  return { spikes: { times_ms, senders }, N: offsetN };
}

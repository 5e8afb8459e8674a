/**
 * The layout of a SONATA spike file (SONATA developer guide, "Spike file"), written into an open HDF5
 * writer: per node population `/spikes/<population>/timestamps` (float64, attribute units = "ms") and
 * `/spikes/<population>/node_ids` (uint64), sorted as the group's `sorting` attribute says (by_time: by
 * time, ties by node id; by_id: by node id, then time; none). No file access (spike-file.ts writes files;
 * the browser explorer writes in memory).
 *
 * The spec gives `sorting` an HDF5 enum type; h5wasm cannot create enum types, so it is written as a
 * UTF-8 string, as BMTK writes and reads it.
 */
import type { H5Writer } from './h5-core.ts';

export const SPIKE_SORTINGS = ['by_time', 'by_id', 'none'] as const;
export type SpikeSorting = (typeof SPIKE_SORTINGS)[number];

/** The spikes of one node population. */
export interface SpikeTrains {
  nodeIds: Float64Array;
  timestampsMs: Float64Array;
}

/** The spikes reordered as `sorting` says (a copy; 'none' keeps the order). */
export function sortSpikes(spikes: SpikeTrains, sorting: SpikeSorting): SpikeTrains {
  const { nodeIds, timestampsMs } = spikes;
  const n = nodeIds.length;
  if (timestampsMs.length !== n) throw new Error(`spikes: ${n} node ids but ${timestampsMs.length} timestamps`);
  if (sorting === 'none') return { nodeIds: Float64Array.from(nodeIds), timestampsMs: Float64Array.from(timestampsMs) };
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const byTime = (a: number, b: number) => timestampsMs[a] - timestampsMs[b] || nodeIds[a] - nodeIds[b] || a - b;
  const byId = (a: number, b: number) => nodeIds[a] - nodeIds[b] || timestampsMs[a] - timestampsMs[b] || a - b;
  idx.sort(sorting === 'by_time' ? byTime : byId);
  return { nodeIds: Float64Array.from(idx, (i) => nodeIds[i]), timestampsMs: Float64Array.from(idx, (i) => timestampsMs[i]) };
}

/** Checks the sorting and the population names; `where` names the file in errors. */
export function checkSpikePopulations(where: string, populations: Record<string, SpikeTrains>, sorting: SpikeSorting): string[] {
  if (!(SPIKE_SORTINGS as readonly string[]).includes(sorting)) throw new Error(`sorting: got '${sorting}'; expected one of ${SPIKE_SORTINGS.join(', ')}`);
  const names = Object.keys(populations);
  if (names.length === 0) throw new Error(`spike file ${where}: no populations to write`);
  for (const name of names) {
    if (name === '' || name.includes('/')) throw new Error(`spike file ${where}: population name '${name}' is invalid; expected a non-empty name without '/'`);
  }
  return names;
}

/** Writes the /spikes groups of the populations (checked with checkSpikePopulations). */
export function writeSpikeGroups(h5: H5Writer, populations: Record<string, SpikeTrains>, sorting: SpikeSorting): void {
  h5.group('/spikes');
  for (const [name, spikes] of Object.entries(populations)) {
    const sorted = sortSpikes(spikes, sorting);
    const group = `/spikes/${name}`;
    h5.group(group);
    h5.attr(group, 'sorting', sorting);
    h5.numeric(`${group}/timestamps`, sorted.timestampsMs, 'float64');
    h5.attr(`${group}/timestamps`, 'units', 'ms');
    h5.numeric(`${group}/node_ids`, sorted.nodeIds, 'uint64');
  }
}

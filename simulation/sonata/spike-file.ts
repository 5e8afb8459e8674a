/**
 * SONATA spike files (SONATA developer guide, "Spike file"): per node population
 * `/spikes/<population>/timestamps` (float64, attribute units = "ms") and `/spikes/<population>/node_ids`
 * (uint64), sorted as the group's `sorting` attribute says (by_time: by time, ties by node id; by_id:
 * by node id, then time; none).
 *
 * The spec gives `sorting` an HDF5 enum type; h5wasm cannot create enum types, so it is written as a
 * UTF-8 string, as BMTK writes and reads it. The reader accepts both (libsonata reads only the enum).
 */
import { H5Reader, writeSonataH5 } from './h5.ts';
import { checkSpikePopulations, SPIKE_SORTINGS, writeSpikeGroups, type SpikeSorting, type SpikeTrains } from './spike-layout.ts';

export { SPIKE_SORTINGS, sortSpikes, type SpikeSorting, type SpikeTrains } from './spike-layout.ts';

export interface SonataSpikePopulation extends SpikeTrains {
  /** As the file's `sorting` attribute says; 'unknown' when it is missing. */
  sorting: SpikeSorting | 'unknown';
}

/** Population name -> spikes, in file order. */
export type SonataSpikes = Record<string, SonataSpikePopulation>;

/**
 * Writes a SONATA spike file of the given populations (name -> spikes), sorted as `sorting` says.
 * The file appears complete or not at all (written under a temporary name, then renamed).
 */
export async function writeSonataSpikes(path: string, populations: Record<string, SpikeTrains>, sorting: SpikeSorting = 'by_time'): Promise<void> {
  checkSpikePopulations(path, populations, sorting);
  await writeSonataH5(path, (h5) => writeSpikeGroups(h5, populations, sorting));
}

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000 };

/** Reads every population of a SONATA spike file; timestamps are returned in ms (files in s are converted). */
export async function readSonataSpikes(path: string): Promise<SonataSpikes> {
  const h5 = await H5Reader.open(path, 'SONATA spike file');
  try {
    if (!h5.isGroup('/spikes')) throw new Error(`SONATA spike file ${path}: no /spikes group; expected /spikes/<population>/{timestamps, node_ids}`);
    const out: SonataSpikes = {};
    for (const name of h5.keys('/spikes')) {
      const group = `/spikes/${name}`;
      if (!h5.isGroup(group)) continue;
      const where = `SONATA spike file ${path}: population ${name}`;
      for (const ds of ['timestamps', 'node_ids']) if (!h5.has(`${group}/${ds}`)) throw new Error(`${where}: dataset ${ds} missing`);
      const units = h5.attr(`${group}/timestamps`, 'units')?.value ?? 'ms';
      const factor = TIME_UNITS[String(units)];
      if (factor === undefined) throw new Error(`${where}: timestamps in '${units}'; expected ms or s`);
      const t = Float64Array.from(h5.numeric(`${group}/timestamps`));
      if (factor !== 1) for (let i = 0; i < t.length; i++) t[i] *= factor;
      const ids = Float64Array.from(h5.numeric(`${group}/node_ids`));
      if (ids.length !== t.length) throw new Error(`${where}: ${ids.length} node ids but ${t.length} timestamps`);
      out[name] = { nodeIds: ids, timestampsMs: t, sorting: sortingOf(h5.attr(group, 'sorting')) };
    }
    if (Object.keys(out).length === 0) throw new Error(`SONATA spike file ${path}: /spikes holds no population`);
    return out;
  } finally {
    h5.close();
  }
}

/** The sorting attribute as a string, whether written as a string or as the spec's enum. */
function sortingOf(attr: ReturnType<H5Reader['attr']>): SpikeSorting | 'unknown' {
  if (!attr) return 'unknown';
  let name: string | undefined;
  if (typeof attr.value === 'string') name = attr.value;
  else if (typeof attr.value === 'number') {
    const members = attr.enumMembers ?? { none: 0, by_id: 1, by_time: 2 };
    name = Object.keys(members).find((k) => members[k] === attr.value);
  }
  const aliases: Record<string, SpikeSorting> = { time: 'by_time', id: 'by_id' };
  const s = name === undefined ? undefined : (aliases[name] ?? name);
  return s !== undefined && (SPIKE_SORTINGS as readonly string[]).includes(s) ? (s as SpikeSorting) : 'unknown';
}

/**
 * The spikes of a live run as a SONATA spike file, as `mam simulate --spikes-format sonata` writes it for
 * the same run: one node population 'multiarea', node ids = the engine's global neuron ids, on-grid
 * times (ms), sorted by time. The library's writer and layout (simulation/sonata), in h5wasm's
 * in-memory file system.
 */
import { h5Module, H5Writer, writeSonataHeader } from '../../simulation/sonata/h5-core.ts';
import { DEFAULT_POPULATION } from '../../simulation/sonata/sonata-format.ts';
import { checkSpikePopulations, writeSpikeGroups, type SpikeTrains } from '../../simulation/sonata/spike-layout.ts';
import { gridTime, stepsPerMs } from '../../simulation/sonata/time-grid.ts';
import type { LiveSimulation } from './live-simulation.ts';

export async function sonataSpikesFile(sim: LiveSimulation): Promise<Uint8Array> {
  const { spikes, plan } = sim;
  const k = stepsPerMs(plan.dt_ms, 'live run');
  const trains: SpikeTrains = {
    nodeIds: Float64Array.from(spikes.ids.subarray(0, spikes.count)),
    timestampsMs: Float64Array.from(spikes.stamps.subarray(0, spikes.count), (s) => gridTime(s * plan.dt_ms, k)),
  };
  const populations = { [DEFAULT_POPULATION]: trains };
  const path = `/spikes-${Date.now()}.h5`;
  checkSpikePopulations(path, populations, 'by_time');
  const h5 = await H5Writer.create(path);
  try {
    writeSonataHeader(h5);
    writeSpikeGroups(h5, populations, 'by_time');
  } finally {
    h5.close();
  }
  // The Emscripten module that h5wasm's `ready` resolves to holds the in-memory file system.
  const fs = (await h5Module().ready).FS;
  const bytes = fs.readFile(path) as Uint8Array;
  fs.unlink(path);
  return bytes;
}

/**
 * Opens the spikes of a run, whatever wrote them: tells the layouts apart and hands the path to the
 * reader of that layout (docs/analysis.md, "Spike sources"). Folders open synchronously; SONATA files
 * need the asynchronous openSpikeSource (h5wasm loads asynchronously).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { nestRunFolder, openNestRunSource } from './nest-run-source.ts';
import { openRunFolderSource } from './run-folder-source.ts';
import { describeSonataSource, openSonataSpikeSource } from './sonata-spike-source.ts';
import type { OpenSpikeSourceOptions, SpikeSource, SpikeSourceDescription, SpikeSourceFormat } from './spike-source.ts';
import { openUpstreamRunSource, upstreamRunFolder } from './upstream-run-source.ts';

const LAYOUTS =
  'expected a run folder of `mam simulate` (populations.json, spikes-<k>.bin, run_log.json), a NEST run folder of run_nest.py (sim.json, recordings/), ' +
  "an upstream multi-area-model run folder (custom_params_<label>, recordings/network_gids.txt) or a SONATA spike file (.h5)";

/** Which reader a path needs. */
export function spikeSourceFormat(path: string): SpikeSourceFormat {
  const p = resolve(path);
  if (!existsSync(p)) {
    // A run that has not finished writes to <label>.incomplete: the run folder reader says so.
    if (existsSync(`${p}.incomplete`)) return 'multiarea-run';
    throw new Error(`${p}: not found; ${LAYOUTS}`);
  }
  if (statSync(p).isFile()) {
    if (/\.(h5|hdf5|sonata)$/i.test(p)) return 'sonata';
    throw new Error(`${p}: a file, not .h5; ${LAYOUTS}`);
  }
  const names = readdirSync(p);
  if (names.includes('populations.json') && (names.includes('run_log.json') || names.includes('params.json') || names.some((f) => /^spikes-\d+\.bin$/.test(f)))) return 'multiarea-run';
  if (nestRunFolder(p) !== null) return 'nest-run';
  if (upstreamRunFolder(p) !== null) return 'upstream-nest';
  throw new Error(`${p}: no spike recording found; ${LAYOUTS}`);
}

/** Opens a folder of any layout; throws unless its run is complete (see OpenSpikeSourceOptions.allowIncomplete). */
export function openSpikeSourceSync(path: string, opts: OpenSpikeSourceOptions = {}): SpikeSource {
  const format = spikeSourceFormat(path);
  switch (format) {
    case 'multiarea-run':
      return openRunFolderSource(path, opts);
    case 'nest-run':
      return openNestRunSource(path, opts);
    case 'upstream-nest':
      return openUpstreamRunSource(path, opts);
    case 'sonata':
      throw new Error(`${resolve(path)}: a SONATA file opens asynchronously: use await openSpikeSource(path) and pass the source on`);
  }
}

/** Opens a folder or SONATA spike file of any layout; throws unless its run is complete. */
export async function openSpikeSource(path: string, opts: OpenSpikeSourceOptions = {}): Promise<SpikeSource> {
  return spikeSourceFormat(path) === 'sonata' ? openSonataSpikeSource(path, opts) : openSpikeSourceSync(path, opts);
}

/**
 * What is known about the run at `path` (folder or SONATA file) without reading its spikes: info,
 * populations and valid window as the opened source gives them, checked alike (throws unless the run
 * is complete). Synchronous for every layout: a SONATA file's layout, completeness and network come
 * from JSON files.
 */
export function describeSpikeSource(path: string, opts: OpenSpikeSourceOptions = {}): SpikeSourceDescription {
  if (spikeSourceFormat(path) === 'sonata') return describeSonataSource(path, opts);
  const { info, populations, window } = openSpikeSourceSync(path, opts);
  return { info, populations, window };
}

/**
 * SONATA spike files (`/spikes/<population>/{timestamps, node_ids}`, SONATA developer guide) as a
 * SpikeSource; opening is asynchronous because h5wasm (HDF5 in WebAssembly) loads asynchronously.
 * A spike file holds no population layout and no run length, so they come from:
 *
 * - a run folder holding the file (`<run>/spikes.h5`): its populations.json, and its completeness
 *   and window from run_log.json (run-folder-source.ts);
 * - an exported circuit's simulation_config.json (in the file's folder or the one above, e.g. BMTK's
 *   output/spikes.h5): `multiarea.populations` (label, first node id, size), `run.tstop`, `run.dt`,
 *   `multiarea.spike_start_ms`; BMTK writes the spike file when the run ends, so a readable file
 *   counts as complete;
 * - or the file given as `layout` (either kind).
 *
 * Node ids are those of the layout (our engine's global neuron ids in our exports). The file is read
 * by simulation/sonata's reader (readSonataSpikes: times in ms or s, either form of `sorting`).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sonataPopulationSpikes } from '../sonata/convert.ts';
import { openRunFolderSource } from './run-folder-source.ts';
import { readJsonFile, type SpikeData } from './record-reader.ts';
import { checkLayout, fmtMs, recordingStartMs, sortedWithin, type OpenSpikeSourceOptions, type SourcePopulation, type SpikeSource, type SpikeSourceDescription, type SpikeSourceInfo } from './spike-source.ts';

interface SonataLayout {
  file: string;
  populations: SourcePopulation[];
  t_sim_ms: number;
  dt_ms: number;
  start_ms: number;
  networkLabel: string | null;
  label: string | null;
  seed: number | null;
  /** Network parameters recorded by the export (multiarea.network_params), or null (older exports, other tools). */
  networkParams: Record<string, unknown> | null;
}

/** The layout of an exported circuit's simulation_config.json (its multiarea section and run block). */
function configLayout(file: string): SonataLayout {
  const json = readJsonFile(file, 'the simulation_config.json of an exported circuit');
  const m = json?.multiarea;
  const run = json?.run;
  if (!Array.isArray(m?.populations) || typeof run?.tstop !== 'number' || typeof run?.dt !== 'number') {
    throw new Error(`${file}: no multiarea.populations / run.tstop / run.dt; expected the simulation_config.json of \`mam sonata-export\` (or give a populations.json as layout)`);
  }
  const recordedAreas: unknown = m.sim_params?.recording_dict?.areas_recorded;
  const populations: SourcePopulation[] = m.populations.map((p: any) => ({
    label: p.label,
    first: p.first,
    size: p.size,
    recordSpikes: !Array.isArray(recordedAreas) || recordedAreas.some((a) => typeof p.label === 'string' && p.label.startsWith(`${a}-`)),
  }));
  checkLayout(populations, file);
  return {
    file,
    populations,
    t_sim_ms: run.tstop - (run.tstart ?? 0),
    dt_ms: run.dt,
    start_ms: recordingStartMs(m.spike_start_ms ?? 0, run.dt),
    networkLabel: m.network_label ?? null,
    label: m.simulation_label ?? null,
    seed: run.random_seed ?? null,
    networkParams: m.network_params && typeof m.network_params === 'object' ? m.network_params : null,
  };
}

/** Where the layout, completeness and window of a SONATA spike file come from: a run folder or an exported config. */
interface SonataPlan {
  file: string;
  /** The run folder holding the file (or given as layout), opened: it decides completeness and window. */
  run: SpikeSource | null;
  layout: SonataLayout | null;
}

/** The layout of a SONATA spike file (see the module comment); reads no HDF5, so a refused run loads none. */
function planSonata(path: string, opts: OpenSpikeSourceOptions): SonataPlan {
  const file = resolve(path);
  if (!existsSync(file)) throw new Error(`SONATA spike file ${file}: not found`);
  const dir = dirname(file);
  const layoutFile = opts.layout ? resolve(opts.layout) : undefined;
  const runDir = layoutFile ? (basename(layoutFile) === 'populations.json' ? dirname(layoutFile) : null) : existsSync(join(dir, 'populations.json')) ? dir : null;
  const run = runDir ? openRunFolderSource(runDir, opts) : null;
  const configFile = run ? null : (layoutFile ?? [join(dir, 'simulation_config.json'), join(dir, '..', 'simulation_config.json')].find((f) => existsSync(f)));
  if (!run && !configFile) {
    throw new Error(`SONATA spike file ${file}: no population layout found (no populations.json beside it, no simulation_config.json in ${dir} or above); give one with --layout (a run folder's populations.json or an exported simulation_config.json)`);
  }
  return { file, run, layout: configFile ? configLayout(resolve(configFile)) : null };
}

/** Info, populations and window of a planned SONATA source; `population` names the node population read (null: not yet read). */
function describeSonata(plan: SonataPlan, population: string | null): SpikeSourceDescription {
  const { file, run } = plan;
  const which = population === null ? 'the population of the file' : `population '${population}'`;
  if (run) {
    // The run folder decides completeness and window; its spikes are those of the SONATA file.
    const notes = [`spikes of ${which} from ${file}; layout, completeness and window from the run folder ${run.info.path}`, ...run.info.notes];
    return { info: { ...run.info, format: 'sonata', path: file, notes }, populations: run.populations, window: run.window };
  }
  const l = plan.layout!;
  const window = { t_min_ms: l.start_ms, t_max_ms: l.t_sim_ms };
  const np = l.networkParams;
  const info: SpikeSourceInfo = {
    format: 'sonata',
    path: file,
    label: l.label,
    networkLabel: l.networkLabel,
    simulator: `SONATA spike file (${population === null ? '' : `${which}, `}dt ${l.dt_ms} ms)`,
    N_scaling: typeof np?.N_scaling === 'number' ? np.N_scaling : null,
    K_scaling: typeof np?.K_scaling === 'number' ? np.K_scaling : null,
    t_sim_ms: l.t_sim_ms,
    dt_ms: l.dt_ms,
    seed: l.seed,
    end: 'completed',
    complete: true,
    networkParams: np,
    networkParamsFile: np ? l.file : null,
    networkLabelIsOurs: true,
    notes: [
      `a SONATA spike file records no completeness; accepted as a whole file (BMTK writes it when the run ends), valid over [${fmtMs(window.t_min_ms)}, ${fmtMs(window.t_max_ms)}] ms from ${l.file}`,
      ...(np ? [] : [`${l.file} records no network parameters (multiarea.network_params), so the network cannot be rebuilt from it`]),
    ],
  };
  return { info, populations: l.populations, window };
}

/**
 * What is known about a SONATA spike file's run without reading the HDF5 file: layout, window,
 * completeness, network parameters. openSonataSpikeSource reads the spikes.
 */
export function describeSonataSource(path: string, opts: OpenSpikeSourceOptions = {}): SpikeSourceDescription {
  return describeSonata(planSonata(path, opts), opts.population ?? null);
}

/** Opens a SONATA spike file with its layout (see the module comment). */
export async function openSonataSpikeSource(path: string, opts: OpenSpikeSourceOptions = {}): Promise<SpikeSource> {
  const plan = planSonata(path, opts);
  const { file, layout } = plan;
  const { name, nodeIds, timestampsMs: timesMs } = await sonataPopulationSpikes(file, opts.population);
  const senders = Uint32Array.from(nodeIds);
  if (nodeIds.some((id, i) => id !== senders[i])) throw new Error(`SONATA spike file ${file}: node ids beyond 2^32 - 1`);
  if (layout) {
    const late = timesMs.reduce((m, t) => Math.max(m, t), -Infinity);
    if (late > layout.t_sim_ms + 1e-9) throw new Error(`SONATA spike file ${file}: a spike at ${fmtMs(late)} ms, after tstop = ${fmtMs(layout.t_sim_ms)} ms of ${layout.file}; expected the spikes of that run`);
  }
  const { info, populations, window } = describeSonata(plan, name);
  let cached: SpikeData | null = null;
  return {
    info,
    populations,
    window,
    spikes() {
      cached ??= sortedWithin(timesMs, senders, window);
      return cached;
    },
  };
}

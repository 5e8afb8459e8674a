/**
 * The Analysis of a simulation run folder: reads the run's population layout and its recorded spikes
 * (simulation/ recording format) and splits them into per-population spike trains.
 */
import { readRunLayout, readSpikes } from '../simulation/index.ts';
import { Analysis } from './Analysis.ts';
import { splitByPopulation } from './spikes.ts';
import type { TimeWindow } from './stats/window.ts';

export interface RunAnalysisOptions {
  /** Analysis window (ms); default [500 ms, end of the run], as upstream. */
  window?: Partial<TimeWindow>;
  /** Refractoriness constant R of the LvR (ms); default 2 ms. */
  lvrR_ms?: number;
}

/** An Analysis of all populations whose spikes the run recorded. */
export function analysisOfRun(runDir: string, options: RunAnalysisOptions = {}): Analysis {
  const layout = readRunLayout(runDir);
  const recorded = layout.populations.filter((p) => p.recordSpikes);
  if (recorded.length === 0) throw new Error(`run folder ${runDir}: no population's spikes were recorded`);
  const window: TimeWindow = {
    t_min_ms: options.window?.t_min_ms ?? Math.min(500, layout.t_sim / 2),
    t_max_ms: options.window?.t_max_ms ?? layout.t_sim,
  };
  const all = readSpikes(runDir);
  const spikes = splitByPopulation(
    all.timesMs,
    all.senders,
    recorded.map((p) => ({ firstId: p.first, size: p.size })),
  );
  return new Analysis({
    structureVec: recorded.map((p) => p.label),
    N: recorded.map((p) => p.size),
    spikes,
    window,
    lvrR_ms: options.lvrR_ms,
  });
}

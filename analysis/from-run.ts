/**
 * The Analysis of a simulation run folder: reads the run's population layout and its recorded spikes
 * (simulation/ recording format) and splits them into per-population spike trains.
 */
import { readRunLayout, readSpikes, simulatedMs } from '../simulation/index.ts';
import { Analysis } from './analysis.ts';
import { splitByPopulation } from './spikes.ts';
import type { TimeWindow } from './stats/window.ts';

export interface RunAnalysisOptions {
  /**
   * Analysis window (ms); default [500 ms, end of the run], as upstream. The end of a run that stopped
   * early (runaway activity, interruption) is where it stopped; a window beyond it is an error.
   */
  window?: Partial<TimeWindow>;
  /** Refractoriness constant R of the LvR (ms); default 2 ms. */
  lvrR_ms?: number;
}

/** An Analysis of all populations whose spikes the run recorded. */
export function analysisOfRun(runDir: string, options: RunAnalysisOptions = {}): Analysis {
  const layout = readRunLayout(runDir);
  const recorded = layout.populations.filter((p) => p.recordSpikes);
  if (recorded.length === 0) throw new Error(`run folder ${runDir}: no population's spikes were recorded`);
  // Past the point where a run stopped there are no spikes, only an underestimated rate.
  const endMs = simulatedMs(runDir, layout);
  const window: TimeWindow = {
    t_min_ms: options.window?.t_min_ms ?? Math.min(500, endMs / 2),
    t_max_ms: options.window?.t_max_ms ?? endMs,
  };
  if (window.t_max_ms > endMs + 1e-9) {
    throw new Error(`run folder ${runDir}: window t_max_ms = ${window.t_max_ms}; expected at most ${endMs} ms, the time the run covers`);
  }
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

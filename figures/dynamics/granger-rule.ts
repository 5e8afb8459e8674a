/**
 * `granger-<state>`: the laminar interactions of 2018b Fig. 9 — conditional Granger causality onto
 * every population (VAR of the population rates; sources: populations with indegree K > 1), its
 * significant channels by structural gradient, and the shortest-path channels of the gain matrix.
 */
import { join } from 'node:path';
import {
  type Analysis,
  type ChannelsByGradient,
  type GrangerOfPopulation,
  Labelled,
  networkIndices,
  type PathAnalysis,
  requireNetwork,
  type StructuralGradient,
  structuralGradient,
} from '../../analysis/index.ts';
import { areaOfLabel } from '../../multiarea/index.ts';
import { stableJson, writeFileAtomic } from '../../core/index.ts';
import type { Rule } from '../rules.ts';
import { loadRunAnalysis, type RunInfo } from './run-source.ts';
import { readRecord, RUN_FILE, type RunRecord } from './state-rules.ts';

export const GRANGER_FILE = 'granger.json';

export interface GrangerConfig {
  t_min_ms: number;
  /** Lags of the VAR model (1 ms bins). */
  order: number;
  /** Significance level of a channel. */
  alpha: number;
}

export interface GrangerTarget extends GrangerOfPopulation {
  /** Structural gradient of each source's area relative to the target's. */
  gradient: StructuralGradient[];
  /** K of each source / sum of K over the target's sources (upstream's relative indegree, Fig. 9E). */
  relativeIndegree: number[];
}

export interface StateGranger {
  run: RunInfo;
  window: { t_min_ms: number; t_max_ms: number };
  order: number;
  alpha: number;
  targets: GrangerTarget[];
  channels: ChannelsByGradient;
  paths: PathAnalysis;
}

/** Relative indegrees and gradients of every candidate source of each Granger target. */
function annotate(analysis: Analysis, granger: readonly GrangerOfPopulation[]): GrangerTarget[] {
  const net = requireNetwork(analysis, 'Granger figure data');
  if (!net.architecture) throw new Error('Granger figure data need the areas\' architectural types (network.architecture)');
  const rows = networkIndices(analysis, net);
  const row = new Map(analysis.structureVec.map((label, i) => [label, rows[i]]));
  return granger.map((g) => {
    const K = g.sources.map((s) => net.K[row.get(g.target)!][row.get(s)!]);
    const total = K.reduce((a, b) => a + b, 0);
    return {
      ...g,
      gradient: g.sources.map((s) => structuralGradient(areaOfLabel(g.target), areaOfLabel(s), net.architecture!)),
      relativeIndegree: K.map((k) => k / total),
    };
  });
}

export async function computeGranger(
  info: RunInfo,
  c: GrangerConfig,
  report: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<StateGranger> {
  report(`reading spikes of ${info.path}`);
  // The gradients, relative indegrees and paths of the channels need the network.
  const analysis = await loadRunAnalysis(info, c.t_min_ms, 'required');
  const results: GrangerOfPopulation[] = [];
  const areas = analysis.areas;
  for (const [k, area] of areas.entries()) {
    signal?.throwIfAborted();
    report(`Granger causality onto the populations of ${area} (area ${k + 1} of ${areas.length})`);
    const targets = analysis.populationsOf(area).map((i) => analysis.structureVec[i]);
    results.push(...analysis.grangerCausality({ order: c.order, targets }).values);
    // Let Ctrl-C and the progress display through between areas.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  report('significant channels and shortest paths');
  const granger = new Labelled(results.map((r) => r.target), results);
  return {
    run: info,
    window: { ...analysis.window },
    order: c.order,
    alpha: c.alpha,
    targets: annotate(analysis, results),
    channels: analysis.significantChannels(granger, c.alpha),
    paths: analysis.pathAnalysis(),
  };
}

export function grangerRule(name: string, simulation: string, config: GrangerConfig): Rule<GrangerConfig> {
  return {
    name,
    config,
    needs: [simulation],
    version: 1,
    run: async ({ config: c, inputs, outDir, report, signal }) => {
      const { info } = readRecord<RunRecord>(inputs[simulation], RUN_FILE);
      writeFileAtomic(join(outDir, GRANGER_FILE), stableJson(await computeGranger(info, c, report, signal)));
    },
  };
}

export function readGranger(dir: string): StateGranger {
  return readRecord<StateGranger>(dir, GRANGER_FILE);
}

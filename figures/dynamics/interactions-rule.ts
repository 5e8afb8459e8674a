/**
 * `interactions-<state>`: what the run says about interactions between areas (2018b Figs. 7, 8): the
 * functional connectivity from synaptic input and its similarity with the experimental FC, Louvain
 * communities of the simulated, experimental and structural connectivity, and optionally the BOLD FC
 * and the temporal hierarchy (peak lags of the area cross-correlations).
 */
import { join } from 'node:path';
import { experimentalFunctionalConnectivity, fcSimilarity, type Communities, type LabelledSquareMatrix } from '../../analysis/index.ts';
import { stableJson, writeFileAtomic } from '../../core/index.ts';
import type { Rule } from '../rules.ts';
import { loadRunAnalysis, type RunInfo } from './run-source.ts';
import { readRecord, RUN_FILE, type RunRecord } from './state-rules.ts';

export const INTERACTIONS_FILE = 'interactions.json';

export interface InteractionsConfig {
  t_min_ms: number;
  louvainSeed: number;
  /** BOLD FC with this transient (ms) left out; null: no BOLD. */
  boldTransient_ms: number | null;
  /** Temporal hierarchy, with the cross-correlation functions of these area pairs. */
  hierarchy: { pairs: [string, string][] } | null;
}

export interface StateInteractions {
  run: RunInfo;
  window: { t_min_ms: number; t_max_ms: number };
  /** FC from synaptic input (Pearson r of the areas' synaptic input). */
  fc: LabelledSquareMatrix;
  experimentalFc: LabelledSquareMatrix;
  structural: LabelledSquareMatrix;
  /** Pearson r with the experimental FC (zero diagonals): simulated, structural. */
  similarity: number;
  structuralSimilarity: number;
  communities: { simulated: Communities; experimental: Communities; structural: Communities };
  bold: { fc: LabelledSquareMatrix; similarity: number; transient_ms: number } | { skipped: string } | null;
  hierarchy: {
    peakLags: LabelledSquareMatrix;
    order: string[];
    position: number[];
    violations: number;
    deviation_ms: number;
    excluded: string[];
    crossCorrelations: { lag_ms: number[]; pairs: { a: string; b: string; values: number[]; peakLag_ms: number }[] };
  } | null;
}

export async function computeInteractions(info: RunInfo, c: InteractionsConfig, report: (line: string) => void = () => {}): Promise<StateInteractions> {
  report(`reading spikes of ${info.path}`);
  // FC from synaptic input, its comparison with experiment and the structural connectivity need the network.
  const analysis = await loadRunAnalysis(info, c.t_min_ms, 'required');
  report('functional connectivity from synaptic input');
  const fc = analysis.functionalConnectivity();
  const comparison = analysis.compareWithExperimentalFc(fc);
  const structural = analysis.structuralConnectivity();
  const communities = {
    simulated: analysis.communities(fc, { seed: c.louvainSeed }),
    experimental: analysis.communities(experimentalFunctionalConnectivity(fc.labels), { seed: c.louvainSeed }),
    structural: analysis.communities(structural, { seed: c.louvainSeed, directed: true }),
  };
  let bold: StateInteractions['bold'] = null;
  if (c.boldTransient_ms !== null) {
    report('BOLD signal and its FC');
    try {
      const boldFc = analysis.functionalConnectivity({ signal: 'bold', boldTransient_ms: c.boldTransient_ms });
      bold = { fc: boldFc, similarity: fcSimilarity(boldFc, comparison.experimental), transient_ms: c.boldTransient_ms };
    } catch (err) {
      bold = { skipped: (err as Error).message };
    }
  }
  let hierarchy: StateInteractions['hierarchy'] = null;
  if (c.hierarchy) {
    report('cross-correlations and temporal hierarchy');
    const h = analysis.temporalHierarchy();
    const cc = analysis.crossCorrelations({ maxLag_ms: 100 });
    const index = (area: string): number => {
      const i = cc.labels.indexOf(area);
      if (i < 0) throw new Error(`interactions: area '${area}' of hierarchy.pairs is not in the run (areas ${cc.labels.join(', ')})`);
      return i;
    };
    hierarchy = {
      peakLags: h.peakLags,
      order: h.order,
      position: h.position,
      violations: h.violations,
      deviation_ms: h.deviation_ms,
      excluded: h.excluded,
      crossCorrelations: {
        lag_ms: cc.lag_ms,
        pairs: c.hierarchy.pairs.map(([a, b]) => ({ a, b, values: Array.from(cc.values[index(a)][index(b)]), peakLag_ms: h.peakLags.values[index(a)][index(b)] })),
      },
    };
  }
  return {
    run: info,
    window: { ...analysis.window },
    fc,
    experimentalFc: comparison.experimental,
    structural,
    similarity: comparison.similarity,
    structuralSimilarity: comparison.structuralSimilarity,
    communities,
    bold,
    hierarchy,
  };
}

export function interactionsRule(name: string, simulation: string, config: InteractionsConfig): Rule<InteractionsConfig> {
  return {
    name,
    config,
    needs: [simulation],
    version: 1,
    run: async ({ config: c, inputs, outDir, report }) => {
      const { info } = readRecord<RunRecord>(inputs[simulation], RUN_FILE);
      writeFileAtomic(join(outDir, INTERACTIONS_FILE), stableJson(await computeInteractions(info, c, report)));
    },
  };
}

export function readInteractions(dir: string): StateInteractions {
  return readRecord<StateInteractions>(dir, INTERACTIONS_FILE);
}

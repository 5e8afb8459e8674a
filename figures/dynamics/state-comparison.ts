/**
 * Inputs of the figures that compare network states (2018b Figs. 4, 6, 8): for every state (chi) the
 * names of its rules, and reading their outputs in chi order.
 */
import { chiInhibitory } from './dynamics-config.ts';
import type { RunInfo } from './run-source.ts';
import { readRecord, THEORY_FILE, type TheoryRecord } from './state-rules.ts';
import { readStatistics, type StateStatistics } from './statistics-rule.ts';
import { readInteractions, type StateInteractions } from './interactions-rule.ts';

/** Rule names of one state. */
export interface StateRules {
  state: string;
  chi: number;
  chi_I: number;
  simulation: string;
  /** Theory of the simulated network, and of its full-scale counterpart (null when it is simulated at full scale). */
  theory: string;
  fullScaleTheory: string | null;
  statistics: string;
  interactions: string;
}

/** How a comparison figure's data name a state: its rule suffix, chi, chi_I and the label of its run. */
export interface StateHeader {
  state: string;
  chi: number;
  chi_I: number;
  run: string;
}

/** Which chi values the comparison figures single out. */
export interface StateRoles {
  groundChi: number;
  restingChi: number;
}

export interface LoadedState<R = Pick<StateRules, 'state' | 'chi' | 'chi_I'>> {
  rules: R;
  run: RunInfo;
}

export function loadStatistics(states: readonly Pick<StateRules, 'state' | 'chi' | 'chi_I' | 'statistics'>[], inputs: Record<string, string>): (LoadedState & { statistics: StateStatistics; binned: Float64Array[] })[] {
  return states.map((rules) => {
    const { statistics, binned } = readStatistics(inputs[rules.statistics]);
    return { rules, run: statistics.run, statistics, binned };
  });
}

export function loadTheory(states: readonly Pick<StateRules, 'theory' | 'fullScaleTheory'>[], inputs: Record<string, string>): { simulated: TheoryRecord; fullScale: TheoryRecord | null }[] {
  return states.map((rules) => ({
    simulated: readRecord<TheoryRecord>(inputs[rules.theory], THEORY_FILE),
    fullScale: rules.fullScaleTheory === null ? null : readRecord<TheoryRecord>(inputs[rules.fullScaleTheory], THEORY_FILE),
  }));
}

export function loadInteractions(states: readonly Pick<StateRules, 'state' | 'chi' | 'chi_I' | 'interactions'>[], inputs: Record<string, string>): (LoadedState & { interactions: StateInteractions })[] {
  return states.map((rules) => {
    const interactions = readInteractions(inputs[rules.interactions]);
    return { rules, run: interactions.run, interactions };
  });
}

/** Index of `area` in a list of areas, with an error naming the run that lacks it. */
export function areaIndex(labels: readonly string[], area: string, run: RunInfo): number {
  const i = labels.indexOf(area);
  if (i < 0) throw new Error(`area '${area}' was not simulated in run ${run.label} (areas: ${labels.join(', ')})`);
  return i;
}

/** "χ = 1.9" (and χ_I when it is not upstream's for that chi). */
export function stateName(rules: Pick<StateRules, 'chi' | 'chi_I'>): string {
  return rules.chi_I === chiInhibitory(rules.chi) ? `χ = ${rules.chi}` : `χ = ${rules.chi}, χ_I = ${rules.chi_I}`;
}

/**
 * The rules of the mean-field figures of Schuecker, Schmidt et al. 2017 and of the rates-vs-theory
 * comparison, with their default configs: the kappa and chi scans, the stabilization procedure (two
 * rounds, as the paper's Fig. 5A) and the figures reading them.
 */
import { nestedMerge } from '../../core/index.ts';
import { SCHUECKER_2017_NETWORK, SCHUECKER_2017_THEORY } from '../../theory/index.ts';
import type { Rule } from '../rules.ts';
import type { FigureInfo, ModelParams } from '../paper/index.ts';
import { BISTABILITY_FIGURE, bistabilityFigureRule, bistabilityScanRule } from './bistability.ts';
import { RATES_VS_THEORY_FIGURE, ratesVsTheoryRule } from './rates-vs-theory.ts';
import { STABILIZATION_INDEGREES_FIGURE, STABILIZATION_SPECTRA_FIGURE, stabilizationIndegreesRule, stabilizationSpectraRule } from './stabilization-figures.ts';
import { stabilizationRule } from './stabilization-run.ts';
import type { RunInput } from '../paper/index.ts';

export const THEORY_FIGURES: readonly FigureInfo[] = [BISTABILITY_FIGURE, STABILIZATION_SPECTRA_FIGURE, STABILIZATION_INDEGREES_FIGURE, RATES_VS_THEORY_FIGURE];

/** Intermediate rules. */
export const SCAN_KAPPA_RULE = 'bistability-scan-kappa';
export const SCAN_CHI_RULE = 'bistability-scan-chi';
export const STABILIZATION_RULE = 'stabilization';

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, k) => Math.round((from + k * step) * 1e9) / 1e9);

/** The 2017 figures; `model` (the user's network parameters) is merged over the 2017 network. */
export function theoryFigureRules2017(model: ModelParams): Rule<any>[] {
  const network = nestedMerge(SCHUECKER_2017_NETWORK, model) as ModelParams;
  return [
    bistabilityScanRule(SCAN_KAPPA_RULE, { model: network, parameter: 'kappa', values: range(0.98, 1.12, 0.01), chiI: 1, theory: SCHUECKER_2017_THEORY, highInitialRate_Hz: 100 }),
    bistabilityScanRule(SCAN_CHI_RULE, { model: network, parameter: 'chi', values: range(1, 1.2, 0.02), chiI: 1, theory: SCHUECKER_2017_THEORY, highInitialRate_Hz: 100 }),
    bistabilityFigureRule({ scans: { [SCAN_KAPPA_RULE]: 'A  Bistability: external drive κ', [SCAN_CHI_RULE]: 'B  Bistability: cortico-cortical weights χ' } }),
    stabilizationRule(STABILIZATION_RULE, { model: network, theory: SCHUECKER_2017_THEORY, iterations: 2, kappaTarget: 1.2, kappaRange: [1, 1.2], convention: 'exact' }),
    stabilizationSpectraRule({ stabilization: STABILIZATION_RULE }),
    stabilizationIndegreesRule({ stabilization: STABILIZATION_RULE, model: network, zoomAreas: ['FEF', '46'] }),
  ];
}

/** The comparison of a run's rates with the theory of its network (skipped when `run` is null). */
export function ratesVsTheoryFigureRule(run: RunInput | null, theory: Record<string, unknown>): Rule<any> {
  return ratesVsTheoryRule({ run, t_min_ms: 500, theory });
}

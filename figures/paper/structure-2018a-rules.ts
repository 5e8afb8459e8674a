/**
 * The rules of the structure figures of Schmidt et al. 2018a that show the model's connectivity before
 * stabilization (Figs. 5B/D, 7, 8): their default configs with the user's network parameters merged
 * over the 2018a structural model.
 */
import { nestedMerge } from '../../core/index.ts';
import type { Rule } from '../rules.ts';
import { COMMUNITY_STRUCTURE_FIGURE, DEFAULT_COMMUNITY_STRUCTURE_CONFIG, communityStructureRule } from './community-structure.ts';
import type { FigureInfo, ModelParams } from './figure-common.ts';
import { DEFAULT_LAMINAR_PATHS_CONFIG, LAMINAR_PATHS_FIGURE, laminarPathsRule } from './laminar-paths.ts';
import { DEFAULT_LAMINAR_PATTERNS_CONFIG, LAMINAR_PATTERNS_FIGURE, laminarPatternsRule } from './laminar-patterns.ts';

export const STRUCTURE_FIGURES_2018A: readonly FigureInfo[] = [LAMINAR_PATTERNS_FIGURE, COMMUNITY_STRUCTURE_FIGURE, LAMINAR_PATHS_FIGURE];

export function structureFigureRules2018a(model: ModelParams): Rule<any>[] {
  const over = (defaults: ModelParams) => nestedMerge(defaults, model) as ModelParams;
  return [
    laminarPatternsRule({ ...DEFAULT_LAMINAR_PATTERNS_CONFIG, model: over(DEFAULT_LAMINAR_PATTERNS_CONFIG.model) }),
    communityStructureRule({ ...DEFAULT_COMMUNITY_STRUCTURE_CONFIG, model: over(DEFAULT_COMMUNITY_STRUCTURE_CONFIG.model) }),
    laminarPathsRule({ ...DEFAULT_LAMINAR_PATHS_CONFIG, model: over(DEFAULT_LAMINAR_PATHS_CONFIG.model) }),
  ];
}

// Public API of figures/: the rule runner for figure pipelines.
export { Pipeline, type PipelineOptions, type PipelineResult } from './pipeline.ts';
export { orderRules, ruleKeys, ruleKeyParts, ruleWaves, type Rule, type RuleContext, type RuleKeyParts } from './rules.ts';
export { configDifferences, planRules, RULE_MARKER, type PlannedRule, type RuleMarker } from './rule-plan.ts';
// Plotting helpers (SVG strings) and the paper-figure pipeline behind `mam figures`.
export * from './plot/index.ts';
export * from './paper/index.ts';
export * from './dynamics/index.ts';
export * from './theory/index.ts';
export * from './lfp/index.ts';
export {
  PAPER_FIGURES,
  PAPER_CACHE_DIR,
  MEAN_FIELD_DEFAULT_RULE,
  MEAN_FIELD_GROUND_STATE_RULE,
  paperFigureRules,
  runPaperFigures,
  type PaperFigureOptions,
  type RunPaperFiguresOptions,
  type PaperFiguresResult,
} from './paper-pipeline.ts';

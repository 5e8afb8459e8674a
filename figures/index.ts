// Public API of figures/: the rule runner for figure pipelines.
export { Pipeline, type PipelineOptions, type PipelineResult } from './pipeline.ts';
export { orderRules, ruleKeys, ruleWaves, type Rule, type RuleContext } from './rules.ts';

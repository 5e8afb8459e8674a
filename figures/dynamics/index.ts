// Simulation figures of Schmidt et al. 2018b (PLOS Comput Biol): rules from model to figure.
export { DYNAMICS_FIGURES, dynamicsRules, dynamicsStates, type DynamicsOptions } from './dynamics-rules.ts';
export { DEFAULT_DYNAMICS_CONFIG, resolveDynamicsConfig, stateVariant, chiInhibitory, type DynamicsConfig, type StateVariant } from './dynamics-config.ts';
export { readRunInfo, loadRunAnalysis, runFingerprint, runCaption, runsCaption, runSetting, type RunInfo } from './run-source.ts';
export {
  givenRunRule,
  modelRule,
  simulationRule,
  stateModelParams,
  theoryRule,
  readRecord,
  NETWORK_FILE,
  RUN_FILE,
  THEORY_FILE,
  type NetworkRecord,
  type RunRecord,
  type TheoryRecord,
  type SimulationRuntime,
} from './state-rules.ts';
export { aliasFreeBins, computeStateStatistics, readStatistics, statisticsRule, SPECTRUM_OPTIONS, STATISTICS_FILE, type StateStatistics, type StatisticsConfig } from './statistics-rule.ts';
export { computeInteractions, interactionsRule, readInteractions, INTERACTIONS_FILE, type InteractionsConfig, type StateInteractions } from './interactions-rule.ts';
export { computeGranger, grangerRule, readGranger, GRANGER_FILE, type GrangerConfig, type StateGranger } from './granger-rule.ts';
export { activityFigureData, activityFigureRule, rasterData, rasterNeurons, GROUND_STATE_FIGURE, RESTING_STATE_FIGURE, type ActivityFigureData } from './activity-figure.ts';
export { logHistogram, metastabilityData, METASTABILITY_FIGURE, type MetastabilityData } from './metastability-figure.ts';
export { spikingStatisticsData, SPIKING_STATISTICS_FIGURE, type SpikingStatisticsData } from './spiking-statistics-figure.ts';
export { normalisedRateMatrix, temporalHierarchyData, TEMPORAL_HIERARCHY_FIGURE, type TemporalHierarchyData } from './temporal-hierarchy-figure.ts';
export { interactionsFigureData, reorderZeroDiagonal, symmetricRange, INTERACTIONS_FIGURE, type InteractionsFigureData } from './interactions-figure.ts';
export { laminarInteractionsData, LAMINAR_INTERACTIONS_FIGURE, type LaminarInteractionsData } from './laminar-interactions-figure.ts';
export { logLegendValues, valuesByPopulation } from './figure-parts.ts';

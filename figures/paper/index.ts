// Paper-figure rules of figures/: one module per figure of Schmidt et al. 2018a/b.
export { ANATOMY_FIGURE, DEFAULT_ANATOMY_CONFIG, anatomyData, anatomyRule, layerThicknessFraction, writeAnatomyFigure, type AnatomyConfig, type AnatomyData } from './anatomy.ts';
export {
  POPULATION_SIZES_FIGURE,
  populationSizesData,
  populationSizesRule,
  writePopulationSizesFigure,
  type PopulationSizesConfig,
  type PopulationSizesData,
} from './population-sizes.ts';
export {
  FLN_DISTANCE_FIGURE,
  DEFAULT_FLN_DISTANCE_CONFIG,
  flnDistanceData,
  flnDistanceRule,
  writeFlnDistanceFigure,
  type FlnDistanceConfig,
  type FlnDistanceData,
} from './fln-distance.ts';
export {
  SLN_FIT_FIGURE,
  DEFAULT_SLN_FIT_CONFIG,
  slnFitFigureData,
  slnFitRule,
  writeSlnFitFigure,
  type SlnFitFigureConfig,
  type SlnFitFigureData,
} from './sln-fit.ts';
export {
  AREA_CONNECTIVITY_FIGURE,
  areaConnectivityData,
  areaConnectivityRule,
  writeAreaConnectivityFigure,
  type AreaConnectivityConfig,
  type AreaConnectivityData,
} from './area-connectivity.ts';
export {
  POPULATION_INDEGREES_FIGURE,
  connectionProbability,
  populationIndegreesData,
  populationIndegreesRule,
  writePopulationIndegreesFigure,
  type PopulationIndegreesConfig,
  type PopulationIndegreesData,
} from './population-indegrees.ts';
export {
  MEAN_FIELD_RATES_FIGURE,
  MEAN_FIELD_RATES_FILE,
  meanFieldRates,
  meanFieldRule,
  readMeanFieldRates,
  meanFieldFigureData,
  meanFieldFigureRule,
  type MeanFieldConfig,
  type MeanFieldRates,
  type MeanFieldFigureConfig,
  type MeanFieldFigureData,
} from './mean-field-rates.ts';
export {
  LAMINAR_PATTERNS_FIGURE,
  DEFAULT_LAMINAR_PATTERNS_CONFIG,
  laminarPatternsData,
  laminarPatternsRule,
  writeLaminarPatternsFigure,
  type LaminarPatternsConfig,
  type LaminarPatternsData,
} from './laminar-patterns.ts';
export {
  COMMUNITY_STRUCTURE_FIGURE,
  DEFAULT_COMMUNITY_STRUCTURE_CONFIG,
  communityStructureData,
  communityStructureRule,
  relativeOutdegrees,
  shuffleTargets,
  writeCommunityStructureFigure,
  type CommunityStructureConfig,
  type CommunityStructureData,
} from './community-structure.ts';
export {
  LAMINAR_PATHS_FIGURE,
  DEFAULT_LAMINAR_PATHS_CONFIG,
  intermediateStages,
  laminarPathsData,
  laminarPathsRule,
  writeLaminarPathsFigure,
  type LaminarPathsConfig,
  type LaminarPathsData,
} from './laminar-paths.ts';
export { hierarchicalRelation, POPULATION_DISPLAY, SLN_THRESHOLDS, type HierarchicalRelation } from './connection-classes.ts';
export { RATE_COLOR_SCALE, RATE_FLOOR_HZ, RATE_MAX_HZ, convergenceText, rateHistogramEdges } from './rate-display.ts';
export {
  figureDataFile,
  figurePanelFile,
  linearFit,
  linspace,
  modelFor,
  stabilizationNote,
  STRUCTURE_2018A,
  writeFigureData,
  writeFigurePanel,
  type FigureInfo,
  type ModelParams,
} from './figure-common.ts';
export { runInput, writeSkippedFigure, skippedReason, NO_RUN_MESSAGE, type RunInput } from './run-input.ts';
export { STRUCTURE_FIGURES_2018A, structureFigureRules2018a } from './structure-2018a-rules.ts';

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
  figureDataFile,
  figurePanelFile,
  linearFit,
  linspace,
  modelFor,
  writeFigureData,
  writeFigurePanel,
  type FigureInfo,
  type ModelParams,
} from './figure-common.ts';

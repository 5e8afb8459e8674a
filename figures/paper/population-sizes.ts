/**
 * Population sizes of the model per area and layer (Schmidt et al. 2018a, Table/Fig. 3 content; the
 * neuron numbers that the paper derives from densities and thicknesses).
 */
import type { Rule } from '../rules.ts';
import { barChartSvg } from '../plot/index.ts';
import { modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';

export const POPULATION_SIZES_FIGURE: FigureInfo = {
  name: 'population-sizes',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), neuron numbers of Fig. 3 / Table S5',
  description: 'Neurons per population of every area of the model (full scale unless N_scaling is set), stacked by population.',
};

export interface PopulationSizesConfig {
  /** Custom network parameters of the model. */
  model: ModelParams;
}

export interface PopulationSizesData {
  areas: string[];
  populations: string[];
  /** area -> population -> neurons (populations an area lacks, e.g. TH's L4, are absent). */
  neurons: Record<string, Record<string, number>>;
  /** area -> total neurons. */
  totals: Record<string, number>;
}

export function populationSizesData(config: PopulationSizesConfig): PopulationSizesData {
  const model = modelFor(config.model);
  const N = model.N;
  const neurons: Record<string, Record<string, number>> = {};
  const totals: Record<string, number> = {};
  for (const area of model.areaList) {
    neurons[area] = Object.fromEntries(model.structure[area].map((pop) => [pop, N[area][pop]]));
    totals[area] = N[area].total;
  }
  return { areas: [...model.areaList], populations: [...model.populationList], neurons, totals };
}

export async function writePopulationSizesFigure(outDir: string, config: PopulationSizesConfig): Promise<void> {
  const data = populationSizesData(config);
  writeFigureData(outDir, POPULATION_SIZES_FIGURE, config, data);
  const bars = data.areas.flatMap((area) =>
    Object.entries(data.neurons[area]).map(([population, value]) => ({ category: area, group: population, value })),
  );
  writeFigurePanel(
    outDir,
    POPULATION_SIZES_FIGURE.name,
    undefined,
    await barChartSvg({
      bars,
      categories: data.areas,
      groups: data.populations,
      title: 'Population sizes',
      subtitle: 'neurons per area and population of the model (at full scale the neurons under 1 mm² of cortex; N_scaling scales them)',
      xTitle: 'Area',
      yTitle: 'Neurons',
    }),
  );
}

export function populationSizesRule(config: PopulationSizesConfig = { model: {} }): Rule<PopulationSizesConfig> {
  return {
    name: POPULATION_SIZES_FIGURE.name,
    config,
    version: 2,
    run: ({ config: c, outDir }) => writePopulationSizesFigure(outDir, c),
  };
}

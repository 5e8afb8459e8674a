/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 6: population-level connectivity of a few areas
 * (V1 and V2 in the paper): indegrees and the connection probabilities they imply.
 */
import type { Rule } from '../rules.ts';
import { heatmapSvg, histogramEdges, histogramSvg } from '../plot/index.ts';
import { splitPopulationLabel } from '../../multiarea/index.ts';
import { modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';

export const POPULATION_INDEGREES_FIGURE: FigureInfo = {
  name: 'population-indegrees',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 6',
  description:
    'Population-level indegrees K (synapses per target neuron) among the populations of the chosen areas, ' +
    'and the connection probability 1 - (1 - 1/(N_pre N_post))^(K N_post) of drawing synapses at random, ' +
    'with histograms of their non-zero entries.',
};

export interface PopulationIndegreesConfig {
  model: ModelParams;
  /** Areas whose populations are shown, in order. */
  areas: string[];
}

export interface PopulationIndegreesData {
  /** Population labels "area-pop", rows (targets) and columns (sources). */
  labels: string[];
  /** [target][source] indegree (model.K_matrix restricted to the chosen areas). */
  indegrees: number[][];
  /** [target][source] total synapses K * N_post. */
  synapses: number[][];
  /** [target][source] connection probability. */
  connectionProbability: number[][];
}

/** Probability that a given pair is connected when K*N_post synapses are drawn among N_pre*N_post pairs. */
export function connectionProbability(indegree: number, nPre: number, nPost: number): number {
  // expm1/log1p keep precision for the tiny per-pair probabilities of cortico-cortical connections.
  return -Math.expm1(indegree * nPost * Math.log1p(-1 / (nPre * nPost)));
}

export function populationIndegreesData(config: PopulationIndegreesConfig): PopulationIndegreesData {
  const model = modelFor(config.model);
  for (const area of config.areas) {
    if (!model.areaList.includes(area)) {
      throw new Error(`population-indegrees areas: "${area}" is not a model area; expected one of ${model.areaList.join(', ')}`);
    }
  }
  const indices = config.areas.flatMap((area) =>
    model.structureVec.flatMap((label, i) => (splitPopulationLabel(label).area === area ? [i] : [])),
  );
  const labels = indices.map((i) => model.structureVec[i]);
  const indegrees = indices.map((i) => indices.map((j) => model.K_matrix[i][j]));
  const synapses = indices.map((i, a) => indices.map((_, b) => indegrees[a][b] * model.N_vec[i]));
  const probabilities = indices.map((i, a) =>
    indices.map((j, b) => connectionProbability(indegrees[a][b], model.N_vec[j], model.N_vec[i])),
  );
  return { labels, indegrees, synapses, connectionProbability: probabilities };
}

/**
 * Colour scales of the paper's Fig. 6: indegrees 0.1..3000 synapses per neuron, connection probabilities
 * 1e-4..0.25 (so that the within-area range 0.01-0.2 spreads over the scale); smaller non-zero values are
 * drawn as "below" in grey, absent connections are left blank.
 */
const INDEGREE_RANGE: [number, number] = [0.1, 3000];
const PROBABILITY_RANGE: [number, number] = [1e-4, 0.25];

export async function writePopulationIndegreesFigure(outDir: string, config: PopulationIndegreesConfig): Promise<void> {
  const data = populationIndegreesData(config);
  writeFigureData(outDir, POPULATION_INDEGREES_FIGURE, config, data);
  const common = {
    rows: data.labels,
    columns: data.labels,
    xTitle: 'Source population',
    yTitle: 'Target population',
    cellSize: 18,
    subtitle: 'blank: no connection',
    legendFormat: '~g',
  };
  const panels: [string, string, number[][], string, [number, number]][] = [
    ['A', 'A  Indegrees', data.indegrees, 'Indegree (synapses/neuron)', INDEGREE_RANGE],
    ['B', 'B  Connection probability', data.connectionProbability, 'Connection probability', PROBABILITY_RANGE],
  ];
  for (const [panel, title, values, what, range] of panels) {
    writeFigurePanel(
      outDir,
      POPULATION_INDEGREES_FIGURE.name,
      panel,
      await heatmapSvg({ ...common, title, values, colorTitle: what, domain: range, floor: { value: range[0], label: `< ${range[0]}` } }),
    );
    const shown = values.flat().filter((v) => v > 0);
    writeFigurePanel(
      outDir,
      POPULATION_INDEGREES_FIGURE.name,
      `${panel}-histogram`,
      await histogramSvg({
        title: `${panel}  Distribution of the non-zero entries`,
        subtitle: `${shown.filter((v) => v < range[0]).length} of ${shown.length} below ${range[0]} not shown`,
        series: [{ name: what, values: shown }],
        bins: histogramEdges(range[0], range[1], 24, true),
        xScale: 'log',
        xTitle: what,
        yTitle: 'Population pairs',
        colors: ['#7a3b8f'],
      }),
    );
  }
}

export function populationIndegreesRule(
  config: PopulationIndegreesConfig = { model: {}, areas: ['V1', 'V2'] },
): Rule<PopulationIndegreesConfig> {
  return {
    name: POPULATION_INDEGREES_FIGURE.name,
    config,
    version: 2,
    run: ({ config: c, outDir }) => writePopulationIndegreesFigure(outDir, c),
  };
}

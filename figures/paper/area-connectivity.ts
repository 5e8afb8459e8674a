/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 4D: the area-level connectivity of the model, i.e. the
 * indegree of each target area from each source area relative to its total indegree (cortico-cortical,
 * intra-area and external), next to the completed FLN that the model is built from.
 */
import { getProcessedData, loadRawData } from '../../multiarea/index.ts';
import type { Rule } from '../rules.ts';
import { heatmapSvg } from '../plot/index.ts';
import { modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';

export const AREA_CONNECTIVITY_FIGURE: FigureInfo = {
  name: 'area-connectivity',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 4A and 4D',
  description:
    'Area-level indegrees of the model (synapses per neuron of the target area from each source area), ' +
    'as fractions of the total indegree (panel D, log scale), in absolute numbers, and the completed FLN; ' +
    'panel A: connections of the model that CoCoMac reports.',
};

export interface AreaConnectivityConfig {
  model: ModelParams;
}

export interface AreaConnectivityData {
  areas: string[];
  /** [target][source] synapses per neuron of the target area (model.K_areas). */
  indegrees: number[][];
  /** [target] external (Poisson) synapses per neuron. */
  externalIndegrees: number[];
  /** indegrees / (sum over all sources incl. the area itself + external), as in the paper's panel D. */
  indegreeFractions: number[][];
  /** [target][source] completed FLN (processed data of the default SLN fit); 0 = no connection. */
  flnCompleted: number[][];
  /** [target][source] 1 where the model connects the areas and CoCoMac reports the connection, else 0 (panel A). */
  cocomac: number[][];
}

export function areaConnectivityData(config: AreaConnectivityConfig): AreaConnectivityData {
  const model = modelFor(config.model);
  const K = model.K_areas;
  const areas = [...model.areaList];
  const indegrees = areas.map((target) => areas.map((source) => K[target][source]));
  const externalIndegrees = areas.map((target) => K[target].external);
  const indegreeFractions = indegrees.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) + externalIndegrees[i];
    return row.map((k) => k / total);
  });
  const fln = getProcessedData().FLN_completed;
  const flnCompleted = areas.map((target) => areas.map((source) => fln[target]?.[source] ?? 0));
  const cocomacData = loadRawData().cocomac_data;
  const cocomac = areas.map((target, i) =>
    areas.map((source, j) => (indegrees[i][j] > 0 && source in (cocomacData[target] ?? {}) ? 1 : 0)),
  );
  return { areas, indegrees, externalIndegrees, indegreeFractions, flnCompleted, cocomac };
}

export async function writeAreaConnectivityFigure(outDir: string, config: AreaConnectivityConfig): Promise<void> {
  const data = areaConnectivityData(config);
  writeFigureData(outDir, AREA_CONNECTIVITY_FIGURE, config, data);
  const common = { rows: data.areas, columns: data.areas, xTitle: 'Source area', yTitle: 'Target area' };
  writeFigurePanel(
    outDir,
    AREA_CONNECTIVITY_FIGURE.name,
    'A',
    await heatmapSvg({
      ...common,
      title: 'A  CoCoMac connections',
      subtitle: 'black: connected in the model and reported in CoCoMac; white: not',
      values: data.cocomac,
      scale: 'linear',
      categories: [{ value: 1, label: 'reported in CoCoMac', color: '#000000' }],
      colorTitle: 'Connection',
    }),
  );
  writeFigurePanel(
    outDir,
    AREA_CONNECTIVITY_FIGURE.name,
    'D',
    await heatmapSvg({
      ...common,
      title: 'D  Area-level indegree (fraction)',
      subtitle: 'of the total indegree incl. external input; blank: none',
      values: data.indegreeFractions,
      colorTitle: 'Fraction of indegree',
      domain: [1e-6, 1],
      floor: { value: 1e-6, label: '< 1e-6' },
    }),
  );
  writeFigurePanel(
    outDir,
    AREA_CONNECTIVITY_FIGURE.name,
    'indegrees',
    await heatmapSvg({ ...common, title: 'Area-level indegrees', subtitle: 'blank: none', values: data.indegrees, colorTitle: 'Indegree (synapses/neuron)' }),
  );
  writeFigurePanel(
    outDir,
    AREA_CONNECTIVITY_FIGURE.name,
    'fln',
    await heatmapSvg({
      ...common,
      title: 'Completed FLN',
      subtitle: 'data and distance rule; blank: no connection',
      values: data.flnCompleted,
      colorTitle: 'FLN',
      domain: [1e-6, 1],
      floor: { value: 1e-6, label: '< 1e-6' },
    }),
  );
}

export function areaConnectivityRule(config: AreaConnectivityConfig = { model: {} }): Rule<AreaConnectivityConfig> {
  return {
    name: AREA_CONNECTIVITY_FIGURE.name,
    config,
    version: 3,
    run: ({ config: c, outDir }) => writeAreaConnectivityFigure(outDir, c),
  };
}

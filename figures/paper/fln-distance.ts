/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 4B-C: FLN data of Markov et al. (2014) mapped to the
 * FV91 areas, and the exponential decay of FLN with inter-area distance (the rule that completes
 * missing FLN values), fitted by least squares to ln FLN.
 */
import { getProcessedData, loadRawData, MODEL_AREA_LIST } from '../../multiarea/index.ts';
import type { Rule } from '../rules.ts';
import { heatmapSvg, scatterLineSvg } from '../plot/index.ts';
import { linearFit, linspace, writeFigureData, writeFigurePanel, type FigureInfo } from './figure-common.ts';

export const FLN_DISTANCE_FIGURE: FigureInfo = {
  name: 'fln-distance',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 4B-C',
  description:
    'B: FLN data mapped to FV91 areas (target rows, source columns, log colour scale). C: log10 FLN vs ' +
    'median inter-area distance (mm) with the exponential distance rule ln FLN = intercept + slope * distance.',
};

export interface FlnDistanceConfig {
  /** Points of the drawn fit line. */
  curvePoints: number;
}

export const DEFAULT_FLN_DISTANCE_CONFIG: FlnDistanceConfig = { curvePoints: 50 };

export interface FlnDistanceData {
  areas: string[];
  /** FLN data matrix [target][source] in `areas` order (0 = no datum). */
  flnData: number[][];
  /** Every non-zero datum with a known distance. */
  points: { target: string; source: string; distance: number; fln: number }[];
  /** ln FLN = intercept + slope * distance (mm); decay length -1/slope (mm). */
  fit: { intercept: number; slope: number; r: number; n: number; decayLength: number };
  curve: { distance: number[]; log10Fln: number[] };
}

export function flnDistanceData(config: FlnDistanceConfig = DEFAULT_FLN_DISTANCE_CONFIG): FlnDistanceData {
  const processed = getProcessedData();
  const distances = loadRawData().median_distance_data;
  const areas = [...MODEL_AREA_LIST];
  const flnData = areas.map((target) => areas.map((source) => processed.FLN_Data_FV91[target]?.[source] ?? 0));
  const points: FlnDistanceData['points'] = [];
  for (const [target, bySource] of Object.entries(processed.FLN_Data_FV91)) {
    for (const [source, fln] of Object.entries(bySource)) {
      const distance = distances[target]?.[source];
      if (fln && distance !== undefined && target in distances && source in distances) {
        points.push({ target, source, distance, fln });
      }
    }
  }
  const line = linearFit(
    points.map((p) => p.distance),
    points.map((p) => Math.log(p.fln)),
    'fln-distance: ln FLN vs distance',
  );
  const xs = points.map((p) => p.distance);
  const distance = linspace(Math.min(...xs), Math.max(...xs), config.curvePoints);
  return {
    areas,
    flnData,
    points,
    fit: { ...line, decayLength: -1 / line.slope },
    curve: { distance, log10Fln: distance.map((d) => (line.intercept + line.slope * d) / Math.LN10) },
  };
}

export async function writeFlnDistanceFigure(outDir: string, config: FlnDistanceConfig): Promise<void> {
  const data = flnDistanceData(config);
  writeFigureData(outDir, FLN_DISTANCE_FIGURE, config, data);
  writeFigurePanel(
    outDir,
    FLN_DISTANCE_FIGURE.name,
    'B',
    await heatmapSvg({
      title: 'B  FLN data (Markov et al. 2014, FV91)',
      rows: data.areas,
      columns: data.areas,
      values: data.flnData,
      xTitle: 'Source area',
      yTitle: 'Target area',
      colorTitle: 'FLN',
      domain: [1e-6, 1],
    }),
  );
  writeFigurePanel(
    outDir,
    FLN_DISTANCE_FIGURE.name,
    'C',
    await scatterLineSvg({
      title: 'C  Exponential distance rule',
      xTitle: 'Distance (mm)',
      yTitle: 'log10 FLN',
      subtitle: 'ln FLN = a + b · distance, least squares',
      series: [
        { name: 'data', kind: 'points', x: data.points.map((p) => p.distance), y: data.points.map((p) => Math.log10(p.fln)) },
        { name: 'linear regression fit', kind: 'line', x: data.curve.distance, y: data.curve.log10Fln },
      ],
    }),
  );
}

export function flnDistanceRule(config: FlnDistanceConfig = DEFAULT_FLN_DISTANCE_CONFIG): Rule<FlnDistanceConfig> {
  return { name: FLN_DISTANCE_FIGURE.name, config, version: 2, run: ({ config: c, outDir }) => writeFlnDistanceFigure(outDir, c) };
}

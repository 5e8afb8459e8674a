/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 2A-C: neuron densities by architectural type and layer,
 * and total cortical thickness and relative laminar thicknesses against the log neuron density with their
 * linear regressions.
 */
import { getProcessedData, loadRawData, MODEL_AREA_LIST } from '../../multiarea/index.ts';
import type { Rule } from '../rules.ts';
import { barChartSvg, scatterLineSvg } from '../plot/index.ts';
import { linearFit, linspace, writeFigureData, writeFigurePanel, type FigureInfo } from './figure-common.ts';

export const ANATOMY_FIGURE: FigureInfo = {
  name: 'anatomy',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 2A-C',
  description:
    'A: neurons per mm^2 of cortical surface by architectural type, stacked by layer (mean volume density of ' +
    'the type times the laminar thickness of a prototype area of that type). B: total thickness (mm) vs ' +
    'log10 overall neuron density (neurons/mm^3) with a least-squares line. C: each layer\'s share of the total ' +
    'thickness vs log10 density, with least-squares lines.',
};

export interface AnatomyConfig {
  /**
   * Architectural type -> area whose laminar thicknesses (mm) turn the type's volume densities into
   * surface densities; the paper uses areas whose thicknesses come from the density regression.
   */
  prototypes: Record<string, string>;
}

export const DEFAULT_ANATOMY_CONFIG: AnatomyConfig = {
  prototypes: { '2': 'TH', '4': 'AITd', '5': 'CITd', '6': 'V3A', '7': 'V2', '8': 'V1' },
};

const LAYERS = ['1', '23', '4', '5', '6'] as const;
const LAYER_LABELS: Record<string, string> = { '1': 'L1', '23': 'L2/3', '4': 'L4', '5': 'L5', '6': 'L6' };

export interface AnatomyData {
  /** Panel A, one entry per architectural type with a prototype area. */
  densityByType: {
    type: string;
    prototype: string;
    /** Volume density per layer (neurons/mm^3); layer 1 holds no model neurons (0). */
    volumeDensity: Record<string, number>;
    /** Laminar thickness of the prototype area (mm). */
    thickness: Record<string, number>;
    /** volumeDensity * thickness (neurons/mm^2). */
    surfaceDensity: Record<string, number>;
  }[];
  /** Panel B, one entry per model area. */
  thicknessVsDensity: { area: string; log10Density: number; totalThickness: number }[];
  /** Least-squares line totalThickness (mm) = intercept + slope * log10Density, over areas with thickness data. */
  thicknessFit: { intercept: number; slope: number; r: number; n: number };
  /** Panel C: layer -> per-area share of the total thickness (model area order; NaN without data). */
  thicknessFractions: Record<string, number[]>;
  /** Panel C: layer -> least-squares line share = intercept + slope * log10Density. */
  fractionFits: Record<string, { intercept: number; slope: number; r: number; n: number }>;
}

const asArray = (value: number | number[] | undefined): number[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Mean share of one layer in the total thickness over the measurements of an area. A layer measured as
 * 0 makes up 0 % even when the total of that measurement is unknown (e.g. TH's missing layer 4).
 */
export function layerThicknessFraction(entry: Record<string, number | number[]>, layer: string): number {
  const layerValues = asArray(entry[layer]);
  const totals = asArray(entry.total);
  let sum = 0;
  let count = 0;
  layerValues.forEach((value, i) => {
    const fraction = value === 0 ? 0 : value / totals[i];
    if (Number.isFinite(fraction)) {
      sum += fraction;
      count++;
    }
  });
  return count > 0 ? sum / count : Number.NaN;
}

export function anatomyData(config: AnatomyConfig = DEFAULT_ANATOMY_CONFIG): AnatomyData {
  const processed = getProcessedData();
  const raw = loadRawData();
  const densityByType = Object.entries(config.prototypes).map(([type, prototype]) => {
    const category = processed.category_density[type];
    if (category === undefined) {
      throw new Error(`anatomy prototypes: architectural type "${type}" is unknown; expected one of ${Object.keys(processed.category_density).join(', ')}`);
    }
    const thicknesses = processed.laminar_thicknesses[prototype];
    if (thicknesses === undefined) {
      throw new Error(`anatomy prototypes["${type}"]: area "${prototype}" has no laminar thicknesses; expected a model area`);
    }
    const volumeDensity: Record<string, number> = {};
    const thickness: Record<string, number> = {};
    const surfaceDensity: Record<string, number> = {};
    for (const layer of LAYERS) {
      volumeDensity[layer] = layer === '1' ? 0 : category[layer];
      thickness[layer] = thicknesses[layer];
      surfaceDensity[layer] = volumeDensity[layer] * thickness[layer];
    }
    return { type, prototype, volumeDensity, thickness, surfaceDensity };
  });
  const thicknessVsDensity = MODEL_AREA_LIST.map((area) => ({
    area,
    log10Density: Math.log10(processed.neuronal_densities[area].overall),
    // The raw table is in micrometres.
    totalThickness: (raw.total_thickness_data[area] ?? Number.NaN) / 1000,
  }));
  const thicknessFit = linearFit(
    thicknessVsDensity.map((p) => p.log10Density),
    thicknessVsDensity.map((p) => p.totalThickness),
    'anatomy: total thickness vs log10 density',
  );
  const log10Density = thicknessVsDensity.map((p) => p.log10Density);
  const thicknessFractions: Record<string, number[]> = {};
  const fractionFits: AnatomyData['fractionFits'] = {};
  for (const layer of LAYERS) {
    thicknessFractions[layer] = MODEL_AREA_LIST.map((area) => {
      const entry = raw.laminar_thicknesses[area];
      return entry === undefined ? Number.NaN : layerThicknessFraction(entry, layer);
    });
    fractionFits[layer] = linearFit(log10Density, thicknessFractions[layer], `anatomy: layer ${layer} thickness share vs log10 density`);
  }
  return { densityByType, thicknessVsDensity, thicknessFit, thicknessFractions, fractionFits };
}

export async function writeAnatomyFigure(outDir: string, config: AnatomyConfig): Promise<void> {
  const data = anatomyData(config);
  writeFigureData(outDir, ANATOMY_FIGURE, config, data);
  const bars = data.densityByType.flatMap((entry) =>
    LAYERS.filter((layer) => layer !== '1').map((layer) => ({
      category: entry.type,
      group: LAYER_LABELS[layer],
      value: entry.surfaceDensity[layer],
    })),
  );
  writeFigurePanel(
    outDir,
    ANATOMY_FIGURE.name,
    'A',
    await barChartSvg({
      bars,
      groups: ['L6', 'L5', 'L4', 'L2/3'],
      title: 'A  Neuron density by architectural type',
      xTitle: 'Architectural type',
      xLabelAngle: 0,
      yTitle: 'Neuron density (neurons/mm²)',
      width: 240,
    }),
  );
  const xs = data.thicknessVsDensity.map((p) => p.log10Density);
  const line = linspace(Math.min(...xs), Math.max(...xs), 2);
  const { intercept, slope } = data.thicknessFit;
  writeFigurePanel(
    outDir,
    ANATOMY_FIGURE.name,
    'B',
    await scatterLineSvg({
      title: 'B  Total thickness vs neuron density',
      xTitle: 'log10 neuron density (neurons/mm³)',
      yTitle: 'Total thickness (mm)',
      series: [
        { name: 'areas', kind: 'points', x: xs, y: data.thicknessVsDensity.map((p) => p.totalThickness) },
        { name: 'linear fit', kind: 'line', x: line, y: line.map((x) => intercept + slope * x) },
      ],
      pointSize: 30,
    }),
  );
  writeFigurePanel(outDir, ANATOMY_FIGURE.name, 'C', await fractionPanel(data));
}

const LAYER_COLORS: Record<string, string> = { '1': '#a6cee3', '23': '#1f78b4', '4': '#e6ab02', '5': '#fb9a99', '6': '#e31a1c' };

async function fractionPanel(data: AnatomyData): Promise<string> {
  const xs = data.thicknessVsDensity.map((p) => p.log10Density);
  const line = linspace(Math.min(...xs), Math.max(...xs), 2);
  const series = LAYERS.flatMap((layer) => [
    { name: LAYER_LABELS[layer], kind: 'points' as const, x: xs, y: data.thicknessFractions[layer] },
    {
      name: `${LAYER_LABELS[layer]} fit`,
      kind: 'line' as const,
      x: line,
      y: line.map((x) => data.fractionFits[layer].intercept + data.fractionFits[layer].slope * x),
    },
  ]);
  return scatterLineSvg({
    title: 'C  Relative laminar thickness vs neuron density',
    xTitle: 'log10 neuron density (neurons/mm³)',
    yTitle: 'Proportion of total thickness',
    series,
    colors: LAYERS.flatMap((layer) => [LAYER_COLORS[layer], LAYER_COLORS[layer]]),
    pointSize: 30,
  });
}

export function anatomyRule(config: AnatomyConfig = DEFAULT_ANATOMY_CONFIG): Rule<AnatomyConfig> {
  return { name: ANATOMY_FIGURE.name, config, version: 3, run: ({ config: c, outDir }) => writeAnatomyFigure(outDir, c) };
}

/**
 * What the simulation figures share: colours (upstream's plotcolors.py), population names, the run
 * caption of every panel, stacked line charts, and writing a figure's data with the runs it comes from.
 */
import type { TopLevelSpec } from 'vega-lite';
import { splitPopulationLabel } from '../../multiarea/index.ts';
import { renderVegaLite, type ChartTitle } from '../plot/index.ts';
import { writeFigureData, type FigureInfo } from '../paper/index.ts';
import { runsCaption, type RunInfo } from './run-source.ts';

/** Upstream's colours (Schmidt2018_dyn/plotcolors.py). */
export const COLORS = {
  excitatory: '#4c72b0',
  inhibitory: '#c44e52',
  green: '#55a868',
  purple: '#8172b2',
  yellow: '#ccb974',
  lightBlue: '#64b5cd',
  lightRed: '#ff9f9a',
} as const;

/** The populations of an area, top (L2/3) to bottom (L6); TH has no L4. */
export const POPULATIONS = ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'] as const;

/** '23E' -> '2/3E', as upstream's axis labels. */
export function populationName(pop: string): string {
  return pop.replace(/^23/, '2/3');
}

export function populationColor(pop: string): string {
  return pop.endsWith('I') ? COLORS.inhibitory : COLORS.excitatory;
}

/** A panel title with the run(s) it comes from as subtitle. */
export function captioned(title: string, runs: readonly RunInfo[]): ChartTitle {
  return { text: title, subtitle: runsCaption(runs) };
}

/** Colour of a state in the figures comparing states: the ground state red, the resting state black, others blue shades. */
export function chiColor(chi: number, groundChi: number, restingChi: number, all: readonly number[]): string {
  if (chi === groundChi) return COLORS.inhibitory;
  if (chi === restingChi) return 'black';
  const others = all.filter((c) => c !== groundChi && c !== restingChi);
  const shades = ['#64b5cd', '#4c72b0', '#8172b2', '#55a868', '#ccb974', '#937860'];
  return shades[others.indexOf(chi) % shades.length];
}

/** Values of each population of POPULATIONS over all areas that have it (e.g. for box plots). */
export function valuesByPopulation(labels: readonly string[], values: readonly (number | null)[]): Map<string, number[]> {
  const out = new Map<string, number[]>(POPULATIONS.map((p) => [p, []]));
  labels.forEach((label, i) => {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) out.get(splitPopulationLabel(label).pop)?.push(v);
  });
  return out;
}

export interface LineSeries {
  name: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number | null>;
  dashed?: boolean;
  width?: number;
}

export interface StackedLinesOptions {
  title: ChartTitle;
  /** One chart per panel, top to bottom, sharing the x axis. */
  panels: readonly { label: string; series: readonly LineSeries[]; yDomain?: [number, number] }[];
  xTitle: string;
  /** Short y title shown on every panel (e.g. 'spikes/s'). */
  yTitle: string;
  yScale?: 'linear' | 'log';
  xDomain?: [number, number];
  width?: number;
  panelHeight?: number;
  /** Show a legend of the series names (default: when a panel has more than one series). */
  legend?: boolean;
}

/** Line charts stacked vertically (e.g. rate time series of several areas or states), as SVG. */
export async function stackedLinesSvg(options: StackedLinesOptions): Promise<string> {
  const names = [...new Set(options.panels.flatMap((p) => p.series.map((s) => s.name)))];
  const colors = names.map((n) => options.panels.flatMap((p) => p.series).find((s) => s.name === n)!.color);
  const showLegend = options.legend ?? options.panels.some((p) => p.series.length > 1);
  const charts = options.panels.map((panel, k) => ({
    width: options.width ?? 420,
    height: options.panelHeight ?? 70,
    title: { text: panel.label, anchor: 'end', fontSize: 10, offset: 2 },
    layer: panel.series.map((s) => ({
      data: { values: Array.from(s.x, (x, i) => ({ x, y: s.y[i], series: s.name })).filter((d) => d.y !== null && Number.isFinite(d.y) && (options.yScale !== 'log' || (d.y as number) > 0)) },
      mark: { type: 'line', strokeWidth: s.width ?? 1, clip: true, ...(s.dashed ? { strokeDash: [5, 3] } : {}) },
      encoding: {
        x: {
          field: 'x',
          type: 'quantitative',
          title: k === options.panels.length - 1 ? options.xTitle : null,
          scale: { zero: false, nice: false, ...(options.xDomain ? { domain: options.xDomain } : {}) },
          axis: k === options.panels.length - 1 ? { format: 'd' } : { labels: false },
        },
        y: {
          field: 'y',
          type: 'quantitative',
          // On every panel: one title beside a stack would stretch its panel and unbalance the gaps.
          title: options.yTitle,
          scale: { type: options.yScale ?? 'linear', ...(options.yScale === 'log' ? {} : { zero: true }), ...(panel.yDomain ? { domain: panel.yDomain } : {}) },
          axis: { tickCount: 3 },
        },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: colors }, legend: showLegend ? { orient: 'right' } : null },
      },
    })),
  }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    vconcat: charts,
    spacing: 6,
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

/** Writes `<name>.json` with the runs the figure comes from next to its data. */
export function writeDynamicsFigureData(outDir: string, info: FigureInfo, config: unknown, runs: readonly RunInfo[], data: object): void {
  writeFigureData(outDir, info, config, { runs, ...data });
}

/** Legend values of a log colour scale over [min, max]: both ends (2 significant digits) and the 1-2-5 steps between. */
export function logLegendValues(min: number, max: number): number[] {
  const round = (x: number): number => Number(x.toPrecision(2));
  const steps: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v > min * 1.5 && v < max / 1.5) steps.push(Number(v.toPrecision(1)));
    }
  }
  return [round(min), ...steps, round(max)];
}

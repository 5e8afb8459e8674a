import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, type ChartTitle } from './render.ts';

/** One box: the values of a group (e.g. one population over all areas). */
export interface BoxGroup {
  name: string;
  values: ArrayLike<number>;
  /** CSS colour of the box (default Vega's palette by group). */
  color?: string;
}

export interface BoxPlotOptions {
  groups: readonly BoxGroup[];
  title?: ChartTitle;
  /** Title of the value axis, with units. */
  xTitle?: string;
  yTitle?: string;
  xDomain?: [number, number];
  xScale?: 'linear' | 'log' | 'symlog';
  /** Include 0 on the value axis (default true, for non-negative statistics such as rates). */
  zero?: boolean;
  width?: number;
  height?: number;
}

/**
 * Horizontal box plots, one row per group in the given order (top to bottom): box from the first to
 * the third quartile, whiskers to the furthest value within 1.5 IQR (matplotlib's whis = 1.5), outliers
 * as points, and the mean as a black cross (upstream's showmeans). Non-finite values are skipped.
 */
export async function boxPlotSvg(options: BoxPlotOptions): Promise<string> {
  const names = options.groups.map((g) => g.name);
  const values = options.groups.flatMap((g) => Array.from(g.values).filter(Number.isFinite).map((value) => ({ group: g.name, value })));
  const colors = options.groups.map((g, i) => g.color ?? ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#eeca3b', '#b279a2', '#9d755d'][i % 8]);
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: options.xTitle ?? null,
    scale: { zero: options.zero ?? true, type: options.xScale ?? 'linear', ...(options.xDomain ? { domain: [...options.xDomain] } : {}) },
  };
  const y = { field: 'group', type: 'nominal' as const, sort: names, scale: { domain: names }, title: options.yTitle ?? null };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 240,
    height: options.height ?? Math.max(120, 22 * names.length),
    data: { values },
    layer: [
      {
        // Light boxes, so that the black median and mean stay visible on any colour.
        mark: { type: 'boxplot', extent: 1.5, size: 12, box: { opacity: 0.6 }, median: { color: 'black' }, outliers: { size: 12 } },
        encoding: { x, y, color: { field: 'group', type: 'nominal', scale: { domain: names, range: colors }, legend: null } },
      },
      {
        mark: { type: 'point', shape: 'cross', angle: 45, size: 30, color: 'black', filled: true },
        encoding: { x: { ...x, aggregate: 'mean' }, y },
      },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

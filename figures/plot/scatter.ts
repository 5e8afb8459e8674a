import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, type ChartTitle } from './render.ts';

/** A named set of points: drawn as dots ('points') or as a polyline in the given x order ('line'). */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  kind: 'points' | 'line';
  /** Draw a line dashed (e.g. a second fit that may coincide with the first). */
  dashed?: boolean;
}

export interface ScatterLineOptions {
  series: readonly Series[];
  title?: ChartTitle;
  xTitle?: string;
  yTitle?: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log';
  /** Axis domains; default: range of the data. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  width?: number;
  height?: number;
  /** Dot area (px^2). */
  pointSize?: number;
  /** One CSS colour per series (default: Vega's categorical palette). */
  colors?: readonly string[];
}

interface Row {
  series: string;
  x: number;
  y: number;
  order: number;
}

function rowsOf(series: Series): Row[] {
  if (series.x.length !== series.y.length) {
    throw new Error(`series "${series.name}": x has ${series.x.length} values and y ${series.y.length}; expected equal lengths`);
  }
  const rows: Row[] = [];
  for (let i = 0; i < series.x.length; i++) {
    const x = series.x[i];
    const y = series.y[i];
    if (Number.isFinite(x) && Number.isFinite(y)) rows.push({ series: series.name, x, y, order: i });
  }
  return rows;
}

/** Dots and lines on shared axes, coloured by series, as an SVG string. Non-finite points are skipped. */
export async function scatterLineSvg(options: ScatterLineOptions): Promise<string> {
  if (options.colors && options.colors.length !== options.series.length) {
    throw new Error(`scatter colors: got ${options.colors.length} colours for ${options.series.length} series; expected one per series`);
  }
  const names = options.series.map((s) => s.name);
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: names, ...(options.colors ? { range: [...options.colors] } : {}) }, legend: { labelLimit: 400 } };
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: options.xTitle ?? null,
    scale: { type: options.xScale ?? 'linear', zero: false, ...(options.xDomain ? { domain: [...options.xDomain] } : {}) },
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: options.yTitle ?? null,
    scale: { type: options.yScale ?? 'linear', zero: false, ...(options.yDomain ? { domain: [...options.yDomain] } : {}) },
  };
  const layers = options.series.map((series) => ({
    data: { values: rowsOf(series) },
    mark:
      series.kind === 'points'
        ? { type: 'point' as const, filled: true, size: options.pointSize ?? 16, opacity: 0.7, clip: true }
        : { type: 'line' as const, strokeWidth: 2, clip: true, ...(series.dashed ? { strokeDash: [6, 4] } : {}) },
    encoding: { x, y, color, ...(series.kind === 'line' ? { order: { field: 'order', type: 'quantitative' as const } } : {}) },
  }));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 320,
    height: options.height ?? 220,
    layer: layers,
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, titleSpec, type ChartTitle } from './render.ts';

/** A named set of points: drawn as dots ('points') or as a polyline in the given x order ('line'). */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  kind: 'points' | 'line';
  /** Draw a line dashed (e.g. a second fit that may coincide with the first). */
  dashed?: boolean;
  /** Points: draw hollow circles (e.g. states that are not fixed points). */
  hollow?: boolean;
  /** Line width (px) of a line; default 2. */
  strokeWidth?: number;
}

export interface ScatterLineOptions {
  series: readonly Series[];
  title?: ChartTitle;
  /** Second title line (smaller), e.g. what the run was; added to `title`. */
  subtitle?: string | string[];
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
  /** Show the legend (default true). */
  legend?: boolean;
  /** Legend title (default none). */
  legendTitle?: string;
}

interface Row {
  series: string;
  x: number;
  y: number;
  order: number;
}

function rowsOf(series: Series, logX: boolean, logY: boolean): Row[] {
  if (series.x.length !== series.y.length) {
    throw new Error(`series "${series.name}": x has ${series.x.length} values and y ${series.y.length}; expected equal lengths`);
  }
  const rows: Row[] = [];
  for (let i = 0; i < series.x.length; i++) {
    const x = series.x[i];
    const y = series.y[i];
    // A log axis cannot show 0 or negative values; leaving them in would make Vega drop the whole scale.
    if (Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) rows.push({ series: series.name, x, y, order: i });
  }
  return rows;
}

/** Vega expression testing whether a legend entry (datum.value) is one of `names`. */
function isOneOf(names: readonly string[]): string {
  return `indexof(${JSON.stringify(names)}, datum.value) >= 0`;
}

/**
 * Legend symbols that look like the marks: a stroke for a line (dashed for a dashed line), a dot for
 * points (hollow for hollow points). Vega-Lite draws one symbol type for all entries of a merged legend,
 * so the symbols are set per entry.
 */
function legendSymbols(series: readonly Series[]): Record<string, unknown> {
  const lines = series.filter((s) => s.kind === 'line').map((s) => s.name);
  const dashed = series.filter((s) => s.kind === 'line' && s.dashed).map((s) => s.name);
  const hollow = series.filter((s) => s.kind === 'points' && s.hollow).map((s) => s.name);
  return {
    symbols: {
      update: {
        shape: { signal: `${isOneOf(lines)} ? 'stroke' : 'circle'` },
        stroke: { signal: "scale('color', datum.value)" },
        fill: { signal: `${isOneOf(lines)} || ${isOneOf(hollow)} ? 'transparent' : scale('color', datum.value)` },
        fillOpacity: { signal: `${isOneOf(lines)} || ${isOneOf(hollow)} ? 0 : 1` },
        strokeWidth: { signal: `${isOneOf(lines)} ? 2.5 : 1.5` },
        strokeDash: { signal: `${isOneOf(dashed)} ? [5, 3] : [1, 0]` },
        opacity: { value: 1 },
      },
    },
  };
}

/** Dots and lines on shared axes, coloured by series, as an SVG string. Non-finite points (and points a log axis cannot show) are skipped. */
export async function scatterLineSvg(options: ScatterLineOptions): Promise<string> {
  if (options.colors && options.colors.length !== options.series.length) {
    throw new Error(`scatter colors: got ${options.colors.length} colours for ${options.series.length} series; expected one per series`);
  }
  const names = [...new Set(options.series.map((s) => s.name))];
  const showLegend = options.legend !== false;
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: options.legendTitle ?? null,
    scale: { domain: names, ...(options.colors ? { range: names.map((n) => options.colors![options.series.findIndex((s) => s.name === n)]) } : {}) },
    legend: showLegend ? { labelLimit: 400, symbolSize: 80, encode: legendSymbols(options.series) } : null,
  };
  const logX = options.xScale === 'log';
  const logY = options.yScale === 'log';
  const hasPoints = options.series.some((s) => s.kind === 'points');
  const pad = hasPoints ? { padding: 6 } : {};
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: options.xTitle ?? null,
    // Without a given domain, a few pixels of padding keep dots at the data's extremes inside the frame.
    scale: { type: options.xScale ?? 'linear', ...(logX ? {} : { zero: false }), ...(options.xDomain ? { domain: [...options.xDomain] } : pad) },
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    title: options.yTitle ?? null,
    scale: { type: options.yScale ?? 'linear', ...(logY ? {} : { zero: false }), ...(options.yDomain ? { domain: [...options.yDomain] } : pad) },
  };
  const layers = options.series.map((series) => ({
    data: { values: rowsOf(series, logX, logY) },
    mark:
      series.kind === 'points'
        ? { type: 'point' as const, filled: !series.hollow, size: options.pointSize ?? 16, opacity: series.hollow ? 0.9 : 0.7, clip: true }
        : { type: 'line' as const, strokeWidth: series.strokeWidth ?? 2, clip: true, ...(series.dashed ? { strokeDash: [6, 4] } : {}) },
    encoding: { x, y, color, ...(series.kind === 'line' ? { order: { field: 'order', type: 'quantitative' as const } } : {}) },
  }));
  const title = titleSpec(options.title, options.subtitle);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    width: options.width ?? 320,
    height: options.height ?? 220,
    layer: layers,
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

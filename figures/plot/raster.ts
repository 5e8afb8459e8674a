/**
 * Spike raster plots. Vega draws one element per mark, far too heavy for 10^5 spikes, so the axes come
 * from a Vega-Lite chart and the spikes are added to its compiled Vega spec as one SVG path per group
 * (population): a thin vertical tick per spike, about 18 bytes each.
 */
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compileVegaLite, renderVega, type ChartTitle } from './render.ts';

export interface RasterGroup {
  name: string;
  /** CSS colour of the group's ticks. */
  color: string;
  /** Spike times (ms) and the row (0 = top) of each spike's neuron, same length. */
  times_ms: ArrayLike<number>;
  rows: ArrayLike<number>;
}

export interface RasterOptions {
  groups: readonly RasterGroup[];
  /** Number of rows (neurons) of the plot. */
  rowCount: number;
  /** Time axis [start, end] (ms). */
  window_ms: [number, number];
  /** Labels on the row axis at the given row positions (e.g. layers). */
  rowTicks?: readonly { label: string; row: number }[];
  title?: ChartTitle;
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
  /** Legend entries (name, colour); default one per distinct group colour is not drawn. */
  legend?: readonly { name: string; color: string }[];
}

/** The path of one group's ticks in plot pixels; spikes outside the window are left out. */
export function rasterPath(group: RasterGroup, window_ms: [number, number], rowCount: number, width: number, height: number): { path: string; spikes: number } {
  const [t0, t1] = window_ms;
  const rowHeight = height / rowCount;
  const tick = Math.max(rowHeight, 1.2);
  const parts: string[] = [];
  for (let i = 0; i < group.times_ms.length; i++) {
    const t = group.times_ms[i];
    if (!(t >= t0 && t <= t1)) continue;
    const x = ((t - t0) / (t1 - t0)) * width;
    const y = (group.rows[i] + 0.5) * rowHeight - tick / 2;
    parts.push(`M${x.toFixed(1)} ${y.toFixed(1)}v${tick.toFixed(1)}`);
  }
  return { path: parts.join(''), spikes: parts.length };
}

/** A raster plot as an SVG string: time (ms) across, neurons down (row 0 at the top). */
export async function rasterSvg(options: RasterOptions): Promise<string> {
  const width = options.width ?? 320;
  const height = options.height ?? 260;
  const [t0, t1] = options.window_ms;
  if (!(t1 > t0)) throw new Error(`raster window_ms: got [${t0}, ${t1}]; expected start < end`);
  if (!(options.rowCount > 0)) throw new Error(`raster rowCount: got ${options.rowCount}; expected at least one row`);
  for (const g of options.groups) {
    if (g.times_ms.length !== g.rows.length) {
      throw new Error(`raster group "${g.name}": ${g.times_ms.length} times but ${g.rows.length} rows; expected one row per spike`);
    }
  }
  const ticks = options.rowTicks ?? [];
  const tickLabels = Object.fromEntries(ticks.map((t) => [String(t.row), t.label]));
  const legend = options.legend ?? [];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    width,
    height,
    // Invisible corner points span the scales; the legend (if any) comes from zero-size points.
    data: { values: [{ t: t0, row: 0, group: legend[0]?.name ?? '' }, { t: t1, row: options.rowCount, group: legend[0]?.name ?? '' }, ...legend.map((l) => ({ t: t0, row: 0, group: l.name }))] },
    mark: { type: 'square', opacity: 0, size: 0, filled: true },
    encoding: {
      x: { field: 't', type: 'quantitative', title: options.xTitle ?? 'Time (ms)', scale: { domain: [t0, t1], nice: false, zero: false }, axis: { format: 'd' } },
      y: {
        field: 'row',
        type: 'quantitative',
        title: options.yTitle ?? null,
        scale: { domain: [options.rowCount, 0], nice: false, zero: false },
        axis: ticks.length > 0 ? { values: ticks.map((t) => t.row), labelExpr: `${JSON.stringify(tickLabels)}[datum.value + '']`, ticks: false, grid: false } : { labels: false, ticks: false },
      },
      ...(legend.length > 0
        ? { color: { field: 'group', type: 'nominal', title: null, scale: { domain: legend.map((l) => l.name), range: legend.map((l) => l.color) }, legend: { symbolOpacity: 1, symbolSize: 60, orient: 'right' } } }
        : {}),
    },
  } as TopLevelSpec;
  const compiled = compileVegaLite(spec) as vega.Spec & { marks: vega.Mark[] };
  for (const group of options.groups) {
    const { path } = rasterPath(group, options.window_ms, options.rowCount, width, height);
    if (path === '') continue;
    compiled.marks.push({
      type: 'path',
      clip: true,
      encode: { enter: { path: { value: path }, stroke: { value: group.color }, strokeWidth: { value: 0.6 }, fill: { value: 'none' } } },
    } as vega.Mark);
  }
  return renderVega(compiled);
}

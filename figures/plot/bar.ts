import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, titleSpec, type ChartTitle } from './render.ts';

export interface Bar {
  /** Position on the category axis. */
  category: string;
  value: number;
  /** Stack segment (e.g. layer); bars of one category with different groups are stacked. */
  group?: string;
}

export interface BarChartOptions {
  bars: readonly Bar[];
  /** Category order (default: order of first appearance). */
  categories?: readonly string[];
  /** Stack order, bottom to top (default: order of first appearance). */
  groups?: readonly string[];
  title?: ChartTitle;
  xTitle?: string;
  yTitle?: string;
  /** 'stacked' (default) or 'grouped' side by side. */
  layout?: 'stacked' | 'grouped';
  yScale?: 'linear' | 'log';
  /** Angle of the category labels (default -90: vertical, for long names). */
  xLabelAngle?: number;
  subtitle?: string | string[];
  width?: number;
  height?: number;
}

/** Stacked (or grouped) bar chart, as an SVG string. Non-finite values are skipped. */
export async function barChartSvg(options: BarChartOptions): Promise<string> {
  const bars = options.bars.filter((b) => Number.isFinite(b.value));
  const categories = options.categories ?? [...new Set(bars.map((b) => b.category))];
  const groups = options.groups ?? [...new Set(bars.map((b) => b.group ?? ''))];
  const grouped = options.layout === 'grouped';
  const values = bars.map((b) => ({ ...b, group: b.group ?? '', stackIndex: groups.indexOf(b.group ?? '') }));
  const hasGroups = groups.length > 1 || groups[0] !== '';
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: titleSpec(options.title, options.subtitle) } : {}),
    width: options.width ?? Math.max(200, 14 * categories.length * (grouped ? groups.length : 1)),
    height: options.height ?? 220,
    data: { values },
    mark: { type: 'bar', stroke: 'black', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'category', type: 'nominal', sort: [...categories], title: options.xTitle ?? null, axis: { labelAngle: options.xLabelAngle ?? -90 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: options.yTitle ?? null,
        scale: { type: options.yScale ?? 'linear' },
        ...(grouped ? { stack: null } : { stack: 'zero' as const }),
      },
      ...(hasGroups
        ? {
            color: { field: 'group', type: 'nominal' as const, title: null, scale: { domain: [...groups] } },
            order: { field: 'stackIndex', type: 'quantitative' as const },
            ...(grouped ? { xOffset: { field: 'group', type: 'nominal' as const, sort: [...groups] } } : {}),
          }
        : {}),
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

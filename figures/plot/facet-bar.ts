import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, titleSpec } from './render.ts';

/** One bar of a faceted horizontal bar chart. */
export interface FacetBar {
  /** Row of small panels the bar belongs to (e.g. a connection class). */
  panel: string;
  /** Column of small panels (e.g. a source population); optional. */
  column?: string;
  /** Position on the vertical category axis (e.g. a target layer). */
  category: string;
  value: number;
}

export interface FacetBarOptions {
  bars: readonly FacetBar[];
  /** Panel rows, top to bottom. */
  panels: readonly string[];
  /** Panel columns, left to right (default: one column). */
  columns?: readonly string[];
  /** Categories, top to bottom. */
  categories: readonly string[];
  title?: string;
  subtitle?: string | string[];
  /** Title of the value axis (with units). */
  xTitle?: string;
  /** Title of the category axis. */
  yTitle?: string;
  panelWidth?: number;
  panelHeight?: number;
  color?: string;
  /** Each panel row gets its own value axis range (default: shared). */
  independentRows?: boolean;
}

/** Small multiples of horizontal bars (rows x columns of panels sharing the category axis), as an SVG string. */
export async function facetBarSvg(options: FacetBarOptions): Promise<string> {
  for (const bar of options.bars) {
    if (!options.panels.includes(bar.panel)) throw new Error(`facet bar: panel "${bar.panel}" is not one of ${options.panels.join(', ')}`);
    if (!options.categories.includes(bar.category)) throw new Error(`facet bar: category "${bar.category}" is not one of ${options.categories.join(', ')}`);
    if (options.columns && (bar.column === undefined || !options.columns.includes(bar.column))) {
      throw new Error(`facet bar: column "${bar.column}" is not one of ${options.columns.join(', ')}`);
    }
  }
  const title = titleSpec(options.title, options.subtitle);
  const header = { title: null, labelAngle: 0, labelAlign: 'left', labelFontSize: 11, labelFontWeight: 'bold' };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    data: { values: options.bars.filter((b) => Number.isFinite(b.value)).map((b) => ({ ...b, column: b.column ?? '' })) },
    facet: {
      row: { field: 'panel', type: 'nominal', sort: [...options.panels], header: { ...header, labelOrient: 'top' } },
      ...(options.columns ? { column: { field: 'column', type: 'nominal', sort: [...options.columns], header: { ...header, labelOrient: 'bottom', labelAlign: 'center' } } } : {}),
    },
    spec: {
      width: options.panelWidth ?? 200,
      height: options.panelHeight ?? 14 * options.categories.length,
      mark: { type: 'bar', color: options.color ?? '#4c72b0' },
      encoding: {
        y: { field: 'category', type: 'nominal', sort: [...options.categories], scale: { domain: [...options.categories] }, title: options.yTitle ?? null },
        x: { field: 'value', type: 'quantitative', title: options.xTitle ?? null },
        tooltip: [{ field: 'panel' }, { field: 'column' }, { field: 'category' }, { field: 'value', type: 'quantitative' }],
      },
    },
    ...(options.independentRows ? { resolve: { scale: { x: 'independent' }, axis: { x: 'independent' } } } : {}),
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, type ChartTitle } from './render.ts';

export interface HeatmapOptions {
  /** Row labels, top to bottom (e.g. target areas). */
  rows: readonly string[];
  /** Column labels, left to right (e.g. source areas). */
  columns: readonly string[];
  /** values[i][j] belongs to rows[i], columns[j]; 0, negative (log scale) and non-finite cells are left blank. */
  values: readonly (readonly number[])[] | readonly ArrayLike<number>[];
  title?: ChartTitle;
  xTitle?: string;
  yTitle?: string;
  /** Legend title, with units. */
  colorTitle?: string;
  /** 'log' (default) or 'linear' colour scale. */
  scale?: 'log' | 'linear';
  /** Colour-scale domain [min, max]; default: range of the shown values. */
  domain?: [number, number];
  /** Vega colour scheme (default 'inferno', as the paper). */
  scheme?: string;
  /** Size of one cell (px). */
  cellSize?: number;
  /** Show the colour legend (default true; off e.g. for a binary matrix). */
  legend?: boolean;
  /** d3 format of the legend labels (default '.0e' on a log scale). */
  legendFormat?: string;
  /** Values labelled on the colour legend (default: Vega's ticks; on a log scale only powers of ten). */
  legendValues?: number[];
}

/** One heatmap cell in the form the chart reads. */
export interface HeatmapCell {
  row: string;
  column: string;
  value: number;
}

/** The cells a heatmap shows: blank cells (zero, or not positive on a log scale, or not finite) are dropped. */
export function heatmapCells(options: Pick<HeatmapOptions, 'rows' | 'columns' | 'values' | 'scale'>): HeatmapCell[] {
  const { rows, columns, values } = options;
  if (values.length !== rows.length) {
    throw new Error(`heatmap values: got ${values.length} rows; expected ${rows.length} (one per row label)`);
  }
  const cells: HeatmapCell[] = [];
  rows.forEach((row, i) => {
    const line = values[i];
    if (line.length !== columns.length) {
      throw new Error(`heatmap values[${i}] (${row}): got ${line.length} columns; expected ${columns.length} (one per column label)`);
    }
    columns.forEach((column, j) => {
      const value = line[j];
      const shown = Number.isFinite(value) && value !== 0 && (options.scale === 'linear' || value > 0);
      if (shown) cells.push({ row, column, value });
    });
  });
  return cells;
}

/** Heatmap of a labelled matrix (log colour scale by default), as an SVG string. */
export async function heatmapSvg(options: HeatmapOptions): Promise<string> {
  const cellSize = options.cellSize ?? 12;
  const scale = options.scale ?? 'log';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: options.title } : {}),
    width: cellSize * options.columns.length,
    height: cellSize * options.rows.length,
    data: { values: heatmapCells(options) },
    mark: { type: 'rect' },
    encoding: {
      x: {
        field: 'column',
        type: 'nominal',
        sort: [...options.columns],
        scale: { domain: [...options.columns] },
        title: options.xTitle ?? null,
        axis: { labelAngle: -90, ticks: false },
      },
      y: {
        field: 'row',
        type: 'nominal',
        sort: [...options.rows],
        scale: { domain: [...options.rows] },
        title: options.yTitle ?? null,
        axis: { ticks: false },
      },
      color: {
        field: 'value',
        type: 'quantitative',
        title: options.colorTitle ?? null,
        scale: {
          type: scale,
          // Values beyond the domain take the end colours (as matplotlib's LogNorm), not extrapolated ones.
          clamp: true,
          scheme: options.scheme ?? 'inferno',
          ...(options.domain ? { domain: [...options.domain] } : {}),
        },
        legend:
          options.legend === false
            ? null
            : {
                ...(options.legendFormat ? { format: options.legendFormat } : scale === 'log' ? { format: '.0e' } : {}),
                ...(options.legendValues ? { values: [...options.legendValues] } : {}),
              },
      },
      tooltip: [{ field: 'row' }, { field: 'column' }, { field: 'value', type: 'quantitative' }],
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

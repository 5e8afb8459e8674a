import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, titleSpec, type ChartTitle } from './render.ts';

/** Cells drawn in a fixed colour with their own legend entry instead of the colour scale. */
export interface CellStatus {
  label: string;
  /** CSS colour; defaults: grey below a floor, black for missing cells. */
  color?: string;
}

export interface HeatmapOptions {
  /** Row labels, top to bottom (e.g. target areas). */
  rows: readonly string[];
  /** Column labels, left to right (e.g. source areas). */
  columns: readonly string[];
  /** values[i][j] belongs to rows[i], columns[j]; cells the scale cannot show (non-finite; <= 0 on a log scale) are left blank. */
  values: readonly (readonly number[])[] | readonly ArrayLike<number>[];
  title?: ChartTitle;
  /** Second title line (smaller), e.g. what the run was; added to `title`. */
  subtitle?: string | string[];
  xTitle?: string;
  yTitle?: string;
  /** Legend title, with units. */
  colorTitle?: string;
  /** 'log' (default) or 'linear' colour scale. */
  scale?: 'log' | 'linear';
  /** Colour-scale domain [min, max]; default: range of the shown values. */
  domain?: [number, number];
  /** Middle of a diverging colour scale (e.g. 0 for changes). */
  domainMid?: number;
  /** Vega colour scheme (default 'inferno', as the paper). */
  scheme?: string;
  /** Reverse the scheme (e.g. 'redblue' reversed: blue for low, red for high). */
  reverseScheme?: boolean;
  /** Size of one cell (px). */
  cellSize?: number;
  /** Show the colour legend (default true; off e.g. for a binary matrix). */
  legend?: boolean;
  /** d3 number format of the legend labels (default '.0e' on a log scale). */
  legendFormat?: string;
  /** Values labelled on the colour legend (default: Vega's ticks; on a log scale only powers of ten). */
  legendValues?: number[];
  /**
   * Non-zero values below `floor.value` are drawn in the floor colour with a legend entry of their own
   * (e.g. "< 1e-3 spikes/s"), so that they are told apart from values at the low end of the scale.
   */
  floor?: CellStatus & { value: number };
  /** Non-finite cells are drawn in this colour with a legend entry (e.g. populations an area lacks), instead of blank. */
  missing?: CellStatus;
  /** Nominal colours instead of a colour scale: each listed value is drawn in its colour, with its label in the legend. */
  categories?: readonly { value: number; label: string; color: string }[];
}

/** One heatmap cell in the form the chart reads. */
export interface HeatmapCell {
  row: string;
  column: string;
  value: number;
}

/** The cells a heatmap shows: those the scale cannot show (non-finite; <= 0 on a log scale) are left blank. */
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
      const shown = Number.isFinite(value) && (options.scale === 'linear' || value > 0);
      if (shown) cells.push({ row, column, value });
    });
  });
  return cells;
}

/** Cells of the status layer: shown values below the floor, and (with `missing`) the non-finite cells. */
export function heatmapStatusCells(options: HeatmapOptions): { row: string; column: string; status: string }[] {
  const out: { row: string; column: string; status: string }[] = [];
  if (options.floor) {
    for (const cell of heatmapCells(options)) {
      if (cell.value < options.floor.value) out.push({ row: cell.row, column: cell.column, status: options.floor.label });
    }
  }
  if (options.missing) {
    options.rows.forEach((row, i) =>
      options.columns.forEach((column, j) => {
        if (!Number.isFinite(options.values[i][j])) out.push({ row, column, status: options.missing!.label });
      }),
    );
  }
  return out;
}

/** Heatmap of a labelled matrix (log colour scale by default), as an SVG string. */
export async function heatmapSvg(options: HeatmapOptions): Promise<string> {
  const cellSize = options.cellSize ?? 12;
  const scale = options.scale ?? 'log';
  const floor = options.floor?.value;
  const cells = heatmapCells(options).filter((c) => floor === undefined || c.value >= floor);
  const position = {
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
  };
  const categories = options.categories;
  const color = categories
    ? {
        field: 'label',
        type: 'nominal',
        title: options.colorTitle ?? null,
        scale: { domain: categories.map((c) => c.label), range: categories.map((c) => c.color) },
        legend: options.legend === false ? null : { titleLimit: 400 },
      }
    : {
        field: 'value',
        type: 'quantitative',
        title: options.colorTitle ?? null,
        scale: {
          type: scale,
          // Values beyond the domain take the end colours (as matplotlib's LogNorm), not extrapolated ones.
          clamp: true,
          scheme: options.reverseScheme ? { name: options.scheme ?? 'inferno', extent: [1, 0] } : options.scheme ?? 'inferno',
          ...(options.domain ? { domain: [...options.domain] } : {}),
          ...(options.domainMid !== undefined ? { domainMid: options.domainMid } : {}),
        },
        legend:
          options.legend === false
            ? null
            : {
                titleLimit: 400,
                ...(options.legendFormat ? { format: options.legendFormat } : scale === 'log' ? { format: '.0e' } : {}),
                ...(options.legendValues ? { values: [...options.legendValues] } : {}),
              },
      };
  const labelOf = new Map(categories?.map((c) => [c.value, c.label]));
  const mainValues = categories ? cells.filter((c) => labelOf.has(c.value)).map((c) => ({ ...c, label: labelOf.get(c.value) })) : cells;
  const main = {
    data: { values: mainValues },
    mark: { type: 'rect' },
    encoding: {
      ...position,
      color,
      tooltip: [{ field: 'row' }, { field: 'column' }, { field: 'value', type: 'quantitative' }],
    },
  };
  const statuses = [
    ...(options.floor ? [{ label: options.floor.label, color: options.floor.color ?? '#b0b0b0' }] : []),
    ...(options.missing ? [{ label: options.missing.label, color: options.missing.color ?? '#000000' }] : []),
  ];
  const layers: unknown[] = [main];
  if (statuses.length > 0) {
    layers.push({
      data: { values: heatmapStatusCells(options) },
      mark: { type: 'rect' },
      encoding: {
        ...position,
        color: {
          field: 'status',
          type: 'nominal',
          title: null,
          scale: { domain: statuses.map((s) => s.label), range: statuses.map((s) => s.color) },
          legend: options.legend === false ? null : { symbolType: 'square' },
        },
      },
    });
  }
  const title = titleSpec(options.title, options.subtitle);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    width: cellSize * options.columns.length,
    height: cellSize * options.rows.length,
    layer: layers,
    ...(layers.length > 1 ? { resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } } } : {}),
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

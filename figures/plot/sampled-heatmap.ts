import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, titleSpec } from './render.ts';

/** One panel of a raster chart: values[i][j] at y[i], x[j]. */
export interface SampledHeatmapPanel {
  name: string;
  values: readonly ArrayLike<number>[];
}

export interface SampledHeatmapOptions {
  /** Sample positions along x (e.g. time lags, ms), increasing and evenly spaced. */
  x: ArrayLike<number>;
  /** Sample positions along y (e.g. contact depths, um), evenly spaced. */
  y: ArrayLike<number>;
  panels: readonly SampledHeatmapPanel[];
  title?: string;
  subtitle?: string | string[];
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
  /** Colour domain; default symmetric about 0 over all panels (diverging). */
  domain?: [number, number];
  scheme?: string;
  reverseScheme?: boolean;
  /**
   * 'symlog': a colour scale linear within ±`symlogConstant` and logarithmic beyond, so that panels of
   * very different magnitude can share one scale; default 'linear'.
   */
  colorScale?: 'linear' | 'symlog';
  symlogConstant?: number;
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
}

export interface SampledHeatmapCell {
  panel: string;
  x: number;
  x2: number;
  y: number;
  y2: number;
  value: number;
}

/** The rectangles of a raster: each sample fills the interval halfway to its neighbours. */
export function sampledHeatmapCells(options: Pick<SampledHeatmapOptions, 'x' | 'y' | 'panels'>): SampledHeatmapCell[] {
  const edges = (c: ArrayLike<number>, what: string): number[] => {
    if (c.length < 2) throw new Error(`raster ${what}: got ${c.length} positions; expected at least 2`);
    const e: number[] = [c[0] - (c[1] - c[0]) / 2];
    for (let k = 0; k + 1 < c.length; k++) e.push((c[k] + c[k + 1]) / 2);
    e.push(c[c.length - 1] + (c[c.length - 1] - c[c.length - 2]) / 2);
    return e;
  };
  const xe = edges(options.x, 'x');
  const ye = edges(options.y, 'y');
  const cells: SampledHeatmapCell[] = [];
  for (const panel of options.panels) {
    if (panel.values.length !== options.y.length) {
      throw new Error(`raster panel "${panel.name}": got ${panel.values.length} rows; expected ${options.y.length} (one per y position)`);
    }
    panel.values.forEach((row, i) => {
      if (row.length !== options.x.length) throw new Error(`raster panel "${panel.name}" row ${i}: got ${row.length} values; expected ${options.x.length}`);
      for (let j = 0; j < row.length; j++) {
        if (Number.isFinite(row[j])) cells.push({ panel: panel.name, x: xe[j], x2: xe[j + 1], y: ye[i], y2: ye[i + 1], value: row[j] });
      }
    });
  }
  return cells;
}

/** Small multiples of heat maps on numeric axes (e.g. LFP kernels over depth and lag), as an SVG string. */
export async function sampledHeatmapSvg(options: SampledHeatmapOptions): Promise<string> {
  const cells = sampledHeatmapCells(options);
  const lim = Math.max(...cells.map((c) => Math.abs(c.value)), Number.MIN_VALUE);
  const domain = options.domain ?? [-lim, lim];
  const title = titleSpec(options.title, options.subtitle);
  const scheme = options.scheme ?? 'redblue';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    data: { values: cells },
    facet: { field: 'panel', type: 'nominal', sort: options.panels.map((p) => p.name), header: { title: null, labelFontSize: 11, labelFontWeight: 'bold' } },
    columns: options.columns ?? 4,
    spec: {
      width: options.panelWidth ?? 150,
      height: options.panelHeight ?? 150,
      // Thousands of cells: no per-cell ARIA descriptions, which would make the SVG many times larger.
      mark: { type: 'rect', aria: false },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: options.xTitle ?? null, scale: { nice: false, zero: false } },
        x2: { field: 'x2' },
        y: { field: 'y', type: 'quantitative', title: options.yTitle ?? null, scale: { nice: false, zero: false } },
        y2: { field: 'y2' },
        color: {
          field: 'value',
          type: 'quantitative',
          title: options.colorTitle ?? null,
          scale: {
            type: options.colorScale ?? 'linear',
            ...(options.colorScale === 'symlog' ? { constant: options.symlogConstant ?? lim / 100 } : {}),
            domain,
            clamp: true,
            scheme: options.reverseScheme !== false ? { name: scheme, extent: [1, 0] } : scheme,
            ...(options.domain ? {} : { domainMid: 0 }),
          },
          legend: {
            titleLimit: 300,
            format: '.2~g',
            ...(options.colorScale === 'symlog' ? { values: [-1, -0.1, -0.01, 0, 0.01, 0.1, 1].map((f) => f * Math.max(Math.abs(domain[0]), Math.abs(domain[1]))) } : {}),
          },
        },
      },
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, titleSpec } from './render.ts';

/** One distribution of a histogram chart. */
export interface HistogramSeries {
  name: string;
  values: ArrayLike<number>;
}

export interface HistogramOptions {
  series: readonly HistogramSeries[];
  /** Bin edges (increasing), or a number of bins between the smallest and largest shown value. */
  bins: number | readonly number[];
  /** 'log': log-spaced bins (when `bins` is a count) and a log x axis; values <= 0 are left out. */
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log' | 'symlog';
  title?: string;
  subtitle?: string | string[];
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
  colors?: readonly string[];
  /** Stack the series (default: overlaid, semi-transparent). */
  stacked?: boolean;
  /** Vertical marker lines with a label (e.g. the observed value next to a null distribution). */
  markers?: readonly { value: number; label: string }[];
}

export interface HistogramBin {
  series: string;
  start: number;
  end: number;
  count: number;
}

/** Bin edges for `count` bins spanning [min, max] (log-spaced when `log`). */
export function histogramEdges(min: number, max: number, count: number, log = false): number[] {
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`histogram bins: got ${count}; expected a whole number >= 1`);
  if (!(Number.isFinite(min) && Number.isFinite(max) && max >= min)) throw new Error(`histogram range: got [${min}, ${max}]; expected finite numbers with min <= max`);
  if (log && !(min > 0)) throw new Error(`histogram range: got min ${min} on a log axis; expected a positive minimum`);
  const hi = max > min ? max : log ? min * 10 : min + 1;
  const [a, b] = log ? [Math.log10(min), Math.log10(hi)] : [min, hi];
  return Array.from({ length: count + 1 }, (_, k) => {
    const t = a + ((b - a) * k) / count;
    return log ? 10 ** t : t;
  });
}

/**
 * Counts of `values` in the bins [edges[k], edges[k + 1]) (the last bin closed); values outside the edges
 * and non-finite values are not counted.
 */
export function histogramCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < edges[0] || v > edges[edges.length - 1]) continue;
    let lo = 0;
    let hi = edges.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]++;
  }
  return counts;
}

/** The bins a histogram chart draws (shared edges for all series). */
export function histogramBins(options: Pick<HistogramOptions, 'series' | 'bins' | 'xScale'>): HistogramBin[] {
  const log = options.xScale === 'log';
  const shown = (v: number) => Number.isFinite(v) && (!log || v > 0);
  let edges: number[];
  if (typeof options.bins === 'number') {
    let min = Infinity;
    let max = -Infinity;
    for (const s of options.series) {
      for (let i = 0; i < s.values.length; i++) {
        if (!shown(s.values[i])) continue;
        min = Math.min(min, s.values[i]);
        max = Math.max(max, s.values[i]);
      }
    }
    if (min === Infinity) return [];
    edges = histogramEdges(min, max, options.bins, log);
  } else {
    edges = [...options.bins];
    if (edges.length < 2 || edges.some((e, k) => k > 0 && !(e > edges[k - 1]))) {
      throw new Error(`histogram bins: got edges ${JSON.stringify(edges)}; expected at least two increasing numbers`);
    }
  }
  return options.series.flatMap((s) =>
    histogramCounts(Array.from(s.values).filter(shown), edges).map((count, k) => ({ series: s.name, start: edges[k], end: edges[k + 1], count })),
  );
}

/** Histogram of one or more distributions, as an SVG string. */
export async function histogramSvg(options: HistogramOptions): Promise<string> {
  const names = options.series.map((s) => s.name);
  const title = titleSpec(options.title, options.subtitle);
  const bars = {
    mark: { type: 'bar', opacity: options.stacked || names.length === 1 ? 1 : 0.6, stroke: 'white', strokeWidth: 0.3 },
    encoding: {
      x: {
        field: 'start',
        type: 'quantitative',
        title: options.xTitle ?? null,
        scale: options.xScale === 'log' ? { type: 'log' } : { type: 'linear', zero: false },
      },
      x2: { field: 'end' },
      y: {
        field: 'count',
        type: 'quantitative',
        title: options.yTitle ?? 'Count',
        scale: { type: options.yScale ?? 'linear' },
        ...(options.stacked ? { stack: 'zero' } : { stack: null }),
      },
      ...(options.stacked ? {} : { y2: { datum: options.yScale === 'log' ? 0.5 : 0 } }),
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: names, ...(options.colors ? { range: [...options.colors] } : {}) },
        legend: names.length > 1 ? { symbolType: 'square', labelLimit: 400 } : null,
      },
      tooltip: [{ field: 'series' }, { field: 'start' }, { field: 'end' }, { field: 'count' }],
    },
  };
  const markers = options.markers ?? [];
  const markerLayers = markers.length
    ? [
        { data: { values: markers }, mark: { type: 'rule', color: 'black', strokeWidth: 2, strokeDash: [4, 3] }, encoding: { x: { field: 'value', type: 'quantitative' } } },
        {
          data: { values: markers },
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, fontSize: 11 },
          encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
        },
      ]
    : [];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(title ? { title } : {}),
    width: options.width ?? 300,
    height: options.height ?? 180,
    // A log count axis cannot show empty bins.
    data: { values: histogramBins(options).filter((b) => options.yScale !== 'log' || b.count > 0) },
    ...(markerLayers.length ? { layer: [bars, ...markerLayers] } : bars),
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

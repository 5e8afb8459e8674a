import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite } from './render.ts';

/** One trace of a stacked-trace chart. */
export interface Trace {
  label: string;
  values: ArrayLike<number>;
}

export interface TracesOptions {
  /** Sample times (ms), one per value of every trace. */
  t: ArrayLike<number>;
  /** Top to bottom. */
  traces: readonly Trace[];
  /** Unit of the values (e.g. 'mV'), shown with the scale bar. */
  unit: string;
  /** Subtract each trace's mean before drawing (as Hagen et al. 2022 draw LFPs); default true. */
  removeMean?: boolean;
  title?: string;
  subtitle?: string | string[];
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
  color?: string;
}

/** The power of 2 nearest to the largest |value| of the traces: the height of one trace spacing. */
export function traceScale(traces: readonly ArrayLike<number>[]): number {
  let max = 0;
  for (const tr of traces) for (let i = 0; i < tr.length; i++) if (Number.isFinite(tr[i])) max = Math.max(max, Math.abs(tr[i]));
  return max > 0 ? 2 ** Math.round(Math.log2(max)) : 1;
}

/**
 * Traces stacked one above the other on a shared time axis, each scaled so that the scale bar (one
 * trace spacing) is a power of 2 of the unit (Hagen et al. 2022's LFP plots), as an SVG string.
 */
export async function tracesSvg(options: TracesOptions): Promise<string> {
  const n = options.t.length;
  const shifted = options.traces.map((tr) => {
    if (tr.values.length !== n) throw new Error(`trace "${tr.label}": got ${tr.values.length} values; expected ${n} (one per time)`);
    let mean = 0;
    if (options.removeMean !== false) {
      for (let i = 0; i < n; i++) mean += tr.values[i];
      mean /= n;
    }
    return Float64Array.from(tr.values, (v) => v - mean);
  });
  const scale = traceScale(shifted);
  const rows: { label: string; t: number; y: number }[] = [];
  shifted.forEach((values, k) => {
    const offset = -k;
    for (let i = 0; i < n; i++) rows.push({ label: options.traces[k].label, t: options.t[i], y: offset + values[i] / scale });
  });
  const labels = options.traces.map((t) => t.label);
  const exponent = Math.round(Math.log2(scale));
  const bar = `scale bar: one trace spacing = 2^${exponent} ${options.unit} (${scale.toPrecision(3)} ${options.unit})`;
  const subtitle = [...(Array.isArray(options.subtitle) ? options.subtitle : options.subtitle ? [options.subtitle] : []), bar];
  const tEnd = options.t[n - 1];
  // Both layers must describe the y axis alike, or Vega-Lite merges them into a default axis.
  const yAxis = { values: labels.map((_, k) => -k), labelExpr: `${JSON.stringify(labels)}[-datum.value]`, labelOverlap: false, grid: false };
  const yScale = { domain: [-labels.length + 0.5, 0.5], nice: false, zero: false };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title ? { title: { text: options.title, subtitle } } : {}),
    width: options.width ?? 420,
    height: options.height ?? Math.max(160, 22 * labels.length),
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1, color: options.color ?? '#c44e52', clip: false },
        encoding: {
          x: { field: 't', type: 'quantitative', title: options.xTitle ?? 'Time (ms)', scale: { nice: false, zero: false } },
          y: {
            field: 'y',
            type: 'quantitative',
            title: options.yTitle ?? null,
            scale: yScale,
            axis: yAxis,
          },
          detail: { field: 'label', type: 'nominal' },
        },
      },
      {
        data: { values: [{ t: tEnd, y: 0.5, y2: -0.5 }] },
        mark: { type: 'rule', strokeWidth: 3, color: 'black', clip: false, xOffset: 8 },
        encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'y', type: 'quantitative', title: options.yTitle ?? null, scale: yScale, axis: yAxis }, y2: { field: 'y2' } },
      },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

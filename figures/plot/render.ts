/**
 * Headless rendering of Vega-Lite specifications to SVG strings. Vega's 'none' renderer needs no canvas,
 * so this works in plain Node; text widths are estimated by Vega, which is good enough for paper panels
 * that users will restyle anyway.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../../core/index.ts';

/** A chart title: one line, or a title with a subtitle (e.g. the run a panel comes from). */
export type ChartTitle = string | { text: string | string[]; subtitle?: string | string[] };

/** A chart title with an extra subtitle line (or lines) appended, as Vega-Lite takes it. */
export function titleSpec(title: ChartTitle | undefined, subtitle?: string | string[]): ChartTitle | undefined {
  if (title === undefined || subtitle === undefined) return title;
  const extra = Array.isArray(subtitle) ? subtitle : [subtitle];
  if (typeof title === 'string') return { text: title, subtitle: extra };
  const own = title.subtitle === undefined ? [] : Array.isArray(title.subtitle) ? title.subtitle : [title.subtitle];
  return { ...title, subtitle: [...own, ...extra] };
}

/** Font and background shared by every figure, so panels of one figure look alike. */
export const FIGURE_CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  background: 'white',
  axis: { labelFontSize: 10, titleFontSize: 11, grid: false },
  legend: { labelFontSize: 10, titleFontSize: 11 },
  title: { fontSize: 12, anchor: 'start' as const },
  view: { stroke: null },
};

/**
 * Vega numbers clip paths and gradients with process-wide counters, so the same chart would get different
 * ids depending on what was rendered before it. Renumbering them per document makes the SVG depend on
 * the chart alone (reruns then leave unchanged files untouched).
 */
export function renumberSvgIds(svg: string): string {
  const renamed = new Map<string, string>();
  const counters = new Map<string, number>();
  svg.replace(/\bid="((clip|gradient_)\d+)"/g, (match, id: string, prefix: string) => {
    if (!renamed.has(id)) {
      const next = counters.get(prefix) ?? 0;
      counters.set(prefix, next + 1);
      renamed.set(id, `${prefix}${next}`);
    }
    return match;
  });
  if (renamed.size === 0) return svg;
  return svg.replace(/\bid="((?:clip|gradient_)\d+)"|url\(#((?:clip|gradient_)\d+)\)/g, (match, id?: string, ref?: string) => {
    if (id !== undefined) return `id="${renamed.get(id) ?? id}"`;
    return `url(#${renamed.get(ref!) ?? ref})`;
  });
}

/** Compiles a Vega-Lite spec, with the figures' shared config under its own, to a Vega spec. */
export function compileVegaLite(spec: TopLevelSpec): vega.Spec {
  return compile({ ...spec, config: { ...FIGURE_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
}

/** Renders a Vega-Lite spec to an SVG document string. */
export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  return renderVega(compileVegaLite(spec));
}

/** Renders a Vega spec (e.g. a compiled Vega-Lite spec with marks added) to an SVG document string. */
export async function renderVega(compiled: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return renumberSvgIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Writes an SVG string atomically; refuses text that is not an SVG document (a guard against writing a spec). */
export function writeSvg(path: string, svg: string): void {
  if (!svg.trimStart().startsWith('<svg')) {
    throw new Error(`writeSvg ${path}: got text starting "${svg.slice(0, 20)}"; expected an SVG document starting "<svg"`);
  }
  writeFileAtomic(path, svg);
}

/**
 * The DejaVu fonts of the dejavu-fonts-ttf package: PNGs are rendered with them alone, so a figure looks
 * the same on every machine whatever fonts it has installed (a machine without fonts would get no text).
 */
function bundledFontFiles(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return readdirSync(dir)
    .filter((f) => /^DejaVuSans(-Bold|-Oblique|-BoldOblique)?\.ttf$/.test(f))
    .map((f) => join(dir, f));
}

let fontFiles: string[] | null = null;

/** Rasterises an SVG document to PNG at `scale` pixels per SVG unit (2 = print-quality for paper panels). */
export function svgToPng(svg: string, scale = 2): Buffer {
  fontFiles ??= bundledFontFiles();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** Writes an SVG panel and its PNG rendering beside it (`x.svg` and `x.png`), each atomically. */
export function writeSvgAndPng(svgPath: string, svg: string): void {
  writeSvg(svgPath, svg);
  writeFileAtomic(svgPath.replace(/\.svg$/, '.png'), svgToPng(svg));
}

/**
 * What every paper-figure rule shares: the figure catalogue entry, writing a figure's data JSON and SVG
 * panels, and a memoized model builder (several rules of one run need the same model).
 */
import { join } from 'node:path';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { stableJson, writeFileAtomic } from '../../core/index.ts';
import { writeSvgAndPng } from '../plot/index.ts';

/** Custom network parameters as accepted by `new MultiAreaModel(params)` (JSON-serialisable). */
export type ModelParams = Record<string, unknown>;

/** Catalogue entry of a figure rule: what it shows and which paper figure it corresponds to. */
export interface FigureInfo {
  name: string;
  /** The corresponding figure of the papers, e.g. 'Schmidt et al. 2018a (BSF), Fig. 4C'. */
  paperFigure: string;
  description: string;
}

/** File names of one figure's outputs: `<name>.json` for the data and `<name>[-<panel>].svg` per panel. */
export function figureDataFile(name: string): string {
  return `${name}.json`;
}

export function figurePanelFile(name: string, panel?: string): string {
  return panel ? `${name}-${panel}.svg` : `${name}.svg`;
}

/** JSON has no NaN or Infinity: they are written as null so that the data file stays valid JSON. */
function finiteOrNull(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, finiteOrNull);
  if (Array.isArray(value)) return value.map(finiteOrNull);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteOrNull(v)]));
  }
  return value;
}

/** Writes the figure data (with its catalogue entry and config) as `<outDir>/<name>.json`. */
export function writeFigureData(outDir: string, info: FigureInfo, config: unknown, data: unknown): void {
  const document = { figure: info.name, paperFigure: info.paperFigure, description: info.description, config, data };
  writeFileAtomic(join(outDir, figureDataFile(info.name)), stableJson(finiteOrNull(document)));
}

/** Writes one panel of a figure as SVG and as PNG (same base name). */
export function writeFigurePanel(outDir: string, name: string, panel: string | undefined, svg: string): void {
  writeSvgAndPng(join(outDir, figurePanelFile(name, panel)), svg);
}

/**
 * The structural model of Schmidt et al. 2018a: the indegrees derived from the data, without the
 * stabilized K' of Schuecker et al. 2017, and cortico-cortical weights not scaled up (chi = chi_I = 1),
 * both of which the default model (2018b) has. The published Figs. 5D, 7 and 8 were made from it.
 */
export const STRUCTURE_2018A: ModelParams = { connection_params: { K_stable: null, cc_weights_factor: 1, cc_weights_I_factor: 1 } };

/** A subtitle line saying which indegrees a model-based figure shows. */
export function stabilizationNote(params: ModelParams): string {
  const kStable = (params.connection_params as Record<string, unknown> | undefined)?.K_stable;
  return kStable === null ? 'structural model of 2018a: indegrees before stabilization (K_stable: null)' : "stabilized indegrees K' (K_stable)";
}

const models = new Map<string, MultiAreaModel>();

/** The model for these custom parameters, built once per process (building takes ~0.2 s). */
export function modelFor(params: ModelParams): MultiAreaModel {
  const key = stableJson(params);
  let model = models.get(key);
  if (model === undefined) {
    model = new MultiAreaModel(params as never);
    models.set(key, model);
  }
  return model;
}

/** Ordinary least squares y = intercept + slope x over the finite pairs, with Pearson's r. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>, what: string): { intercept: number; slope: number; r: number; n: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  const n = xs.length;
  if (n < 2) throw new Error(`${what}: got ${n} finite (x, y) pairs; expected at least 2 for a linear fit`);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) throw new Error(`${what}: all x values equal ${mx}; expected at least two distinct x values`);
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope, r: sxy / Math.sqrt(sxx * syy), n };
}

/** `count` evenly spaced values from `from` to `to` inclusive. */
export function linspace(from: number, to: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 2) throw new Error(`linspace count: got ${count}; expected an integer >= 2`);
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

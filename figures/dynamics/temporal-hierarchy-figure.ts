/**
 * Temporal hierarchy of the resting state (Schmidt et al. 2018b, Fig. 7 A-D; upstream
 * Fig7_temporal_hierarchy.py): A the rate of every area over 500 ms, divided by its mean and sorted by
 * the first bin above twice the mean; B cross-correlation functions of V1 with V1, V2 and FEF with the
 * lags of their extrema; C the lag matrix of the correlation extrema (Area A x Area B) in model order;
 * D the same sorted by the temporal hierarchy (areas without cortico-cortical input, MDP, first), and
 * the hierarchy positions themselves (the paper's surface maps G). E-F (theory eigenvalues) are not drawn.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Rule } from '../rules.ts';
import { heatmapSvg, renderVegaLite } from '../plot/index.ts';
import { writeFigurePanel, type FigureInfo } from '../paper/index.ts';
import { captioned, writeDynamicsFigureData } from './figure-parts.ts';
import { readInteractions, type StateInteractions } from './interactions-rule.ts';
import type { RunInfo } from './run-source.ts';
import { readStatistics } from './statistics-rule.ts';

export const TEMPORAL_HIERARCHY_FIGURE: FigureInfo = {
  name: 'temporal-hierarchy',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), Fig. 7 A-D (G as positions)',
  description:
    'Resting state: normalised area rates over 500 ms sorted by onset; cross-correlations of V1 with V1, V2, FEF; ' +
    'matrix of the lags of the correlation extrema, in model order and sorted by the temporal hierarchy; hierarchy positions.',
};

export interface TemporalHierarchyConfig {
  statistics: string;
  interactions: string;
  /** Start of the 500-ms stretch of panel A, from the start of the analysis window (ms). */
  rateMatrixOffset_ms: number;
  rateMatrixDuration_ms: number;
}

export interface TemporalHierarchyData {
  rateMatrix: { t_ms: number[]; areas: string[]; normalisedRate: number[][] };
  crossCorrelations: NonNullable<StateInteractions['hierarchy']>['crossCorrelations'];
  peakLags: { areas: string[]; lag_ms: (number | null)[][] };
  sorted: { areas: string[]; lag_ms: (number | null)[][] };
  hierarchy: { order: string[]; position: number[]; violations: number; excluded: string[] };
}

/** Panel A: each area's rate over the stretch divided by its mean there, areas sorted by the first bin above 2x the mean. */
export function normalisedRateMatrix(areas: readonly string[], rates: readonly Float64Array[], from: number, to: number): { areas: string[]; values: number[][] } {
  const rows = areas.map((area, i) => {
    const stretch = Array.from(rates[i].subarray(from, to));
    const mean = stretch.reduce((a, b) => a + b, 0) / stretch.length;
    const onset = stretch.findIndex((r) => r > 2 * mean);
    return { area, onset: onset < 0 ? stretch.length - 1 : onset, values: stretch.map((r) => (mean > 0 ? r / mean : 0)) };
  });
  // A stable sort keeps model order among equal onsets, as numpy's argsort of the transition bins.
  rows.sort((a, b) => a.onset - b.onset);
  return { areas: rows.map((r) => r.area), values: rows.map((r) => r.values) };
}

export function temporalHierarchyData(config: TemporalHierarchyConfig, inputs: Record<string, string>): { run: RunInfo; data: TemporalHierarchyData } {
  const { statistics, binned } = readStatistics(inputs[config.statistics]);
  const interactions = readInteractions(inputs[config.interactions]);
  const h = interactions.hierarchy;
  if (!h) throw new Error(`temporal-hierarchy figure: the interactions rule ${config.interactions} computed no hierarchy`);
  const from = Math.round(config.rateMatrixOffset_ms / statistics.series.binSize_ms);
  const to = Math.min(statistics.series.bins, from + Math.round(config.rateMatrixDuration_ms / statistics.series.binSize_ms));
  if (to - from < 2) throw new Error(`temporal-hierarchy figure: rateMatrixOffset_ms = ${config.rateMatrixOffset_ms} leaves no stretch of the ${statistics.series.bins}-ms analysed rate`);
  const matrix = normalisedRateMatrix(statistics.areas.labels, binned, from, to);
  const labels = h.peakLags.labels;
  const rank = [...h.excluded, ...h.order];
  const sortedIndex = rank.map((a) => labels.indexOf(a));
  return {
    run: statistics.run,
    data: {
      rateMatrix: {
        t_ms: Array.from({ length: to - from }, (_, k) => statistics.series.t0_ms + (from + k) * statistics.series.binSize_ms),
        areas: matrix.areas,
        normalisedRate: matrix.values,
      },
      crossCorrelations: h.crossCorrelations,
      peakLags: { areas: labels, lag_ms: h.peakLags.values },
      sorted: { areas: rank, lag_ms: sortedIndex.map((i) => sortedIndex.map((j) => h.peakLags.values[i][j])) },
      hierarchy: { order: h.order, position: h.position, violations: h.violations, excluded: h.excluded },
    },
  };
}

async function rateMatrixSvg(data: TemporalHierarchyData, run: RunInfo): Promise<string> {
  const { t_ms, areas, normalisedRate } = data.rateMatrix;
  const cells = areas.flatMap((area, i) => t_ms.map((t, k) => ({ area, t, t2: t + (t_ms[1] - t_ms[0] || 1), v: normalisedRate[i][k] })));
  const max = Math.max(...cells.map((c) => c.v));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned('Area rates / their mean, sorted by onset', [run]),
    width: 360,
    height: Math.max(100, 10 * areas.length),
    data: { values: cells },
    // 16 000 cells: without ARIA labels the SVG is half as large.
    mark: { type: 'rect', aria: false },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'Time (ms)', scale: { domain: [t_ms[0], t_ms[t_ms.length - 1]], nice: false, zero: false }, axis: { format: 'd' } },
      x2: { field: 't2' },
      y: { field: 'area', type: 'nominal', sort: areas, title: 'Area', axis: { labelFontSize: 8 } },
      color: { field: 'v', type: 'quantitative', title: 'rate / mean', scale: { scheme: 'inferno', domain: [0, max], clamp: true } },
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

async function crossCorrelationSvg(data: TemporalHierarchyData, run: RunInfo): Promise<string> {
  const cc = data.crossCorrelations;
  const names = cc.pairs.map((p) => `${p.a}-${p.b}`);
  const greys = ['#000000', '#666666', '#aaaaaa', '#4c72b0', '#c44e52'];
  const lines = cc.pairs.flatMap((p) => cc.lag_ms.map((lag, k) => ({ pair: `${p.a}-${p.b}`, lag, c: p.values[k] })));
  const peaks = cc.pairs.filter((p) => p.peakLag_ms !== null && Number.isFinite(p.peakLag_ms)).map((p) => ({ pair: `${p.a}-${p.b}`, lag: p.peakLag_ms }));
  const color = { field: 'pair', type: 'nominal', title: null, scale: { domain: names, range: greys.slice(0, names.length) } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned('Cross-correlation of area rates (dashed: lag of the extremum)', [run]),
    width: 320,
    height: 200,
    layer: [
      { data: { values: lines }, mark: { type: 'line', strokeWidth: 1.2 }, encoding: {
        x: { field: 'lag', type: 'quantitative', title: 'Time lag τ (ms)' },
        y: { field: 'c', type: 'quantitative', title: 'C(τ) ((spikes/s)²)' },
        color,
      } },
      { data: { values: peaks }, mark: { type: 'rule', strokeDash: [4, 3] }, encoding: { x: { field: 'lag', type: 'quantitative' }, color } },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

async function lagMatrixSvg(title: string, areas: string[], lags: (number | null)[][], run: RunInfo): Promise<string> {
  const finite = lags.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const limit = Math.max(1, ...finite.map(Math.abs));
  return heatmapSvg({
    title: captioned(title, [run]),
    rows: areas,
    columns: areas,
    values: lags.map((row) => row.map((v) => v ?? Number.NaN)),
    scale: 'linear',
    scheme: 'blueorange',
    domain: [-limit, limit],
    xTitle: 'Area B',
    yTitle: 'Area A',
    colorTitle: 'extremum lag (ms)',
    cellSize: 11,
  });
}

async function positionsSvg(data: TemporalHierarchyData, run: RunInfo): Promise<string> {
  const values = data.hierarchy.order.map((area, k) => ({ area, position: data.hierarchy.position[k] }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned(`Temporal hierarchy (${data.hierarchy.violations} pairs against their lag)`, [run]),
    width: 220,
    height: 11 * values.length,
    data: { values },
    mark: { type: 'bar', color: '#4c72b0' },
    encoding: {
      y: { field: 'area', type: 'nominal', sort: data.hierarchy.order, title: 'Area (early to late)', axis: { labelFontSize: 8 } },
      x: { field: 'position', type: 'quantitative', title: 'Hierarchy position', scale: { domain: [0, 1] } },
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

export async function writeTemporalHierarchyFigure(outDir: string, config: TemporalHierarchyConfig, run: RunInfo, data: TemporalHierarchyData): Promise<void> {
  writeDynamicsFigureData(outDir, TEMPORAL_HIERARCHY_FIGURE, config, [run], data);
  const name = TEMPORAL_HIERARCHY_FIGURE.name;
  writeFigurePanel(outDir, name, 'rate-matrix', await rateMatrixSvg(data, run));
  writeFigurePanel(outDir, name, 'cross-correlation', await crossCorrelationSvg(data, run));
  writeFigurePanel(outDir, name, 'lags', await lagMatrixSvg('Lag of the correlation extremum, model order', data.peakLags.areas, data.peakLags.lag_ms, run));
  writeFigurePanel(outDir, name, 'lags-sorted', await lagMatrixSvg('Lag of the correlation extremum, sorted by the temporal hierarchy', data.sorted.areas, data.sorted.lag_ms, run));
  writeFigurePanel(outDir, name, 'positions', await positionsSvg(data, run));
}

export function temporalHierarchyRule(config: TemporalHierarchyConfig): Rule<TemporalHierarchyConfig> {
  return {
    name: TEMPORAL_HIERARCHY_FIGURE.name,
    config,
    needs: [config.statistics, config.interactions],
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const { run, data } = temporalHierarchyData(c, inputs);
      await writeTemporalHierarchyFigure(outDir, c, run, data);
    },
  };
}

/**
 * Metastability (Schmidt et al. 2018b, Fig. 4; upstream Fig4_metastability.py): A the rate of one area
 * (V1) over time for every simulated chi, C lambda_max of the mean-field theory of every state (the
 * largest real part of the gain matrix's eigenvalues; stable iff < 1), E the rates of every population
 * of the resting state (populations x areas, log colour scale) with their histogram. Panel B (histograms
 * of the theory from many random initial conditions) and the phase-space sketch D are not drawn.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Rule } from '../rules.ts';
import { heatmapSvg, renderVegaLite } from '../plot/index.ts';
import { writeFigurePanel, type FigureInfo } from '../paper/index.ts';
import { captioned, chiColor, logLegendValues, populationName, POPULATIONS, stackedLinesSvg, writeDynamicsFigureData } from './figure-parts.ts';
import { areaIndex, loadStatistics, loadTheory, stateName, type StateHeader, type StateRoles, type StateRules } from './state-comparison.ts';
import type { RunInfo } from './run-source.ts';
import type { TheoryRecord } from './state-rules.ts';

export const METASTABILITY_FIGURE: FigureInfo = {
  name: 'metastability',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), Fig. 4 (A, C, E)',
  description:
    'Rate of V1 over time for every simulated cortico-cortical weight factor chi; lambda_max of the mean-field theory per chi; ' +
    'rates of all populations of the resting state (chi = 1.9) and their histogram.',
};

export interface MetastabilityConfig extends StateRoles {
  states: Pick<StateRules, 'state' | 'chi' | 'chi_I' | 'statistics' | 'theory' | 'fullScaleTheory'>[];
  /** Area of the rate time series (upstream V1). */
  area: string;
}

export interface TheorySummary {
  lambdaMax: number;
  lambdaMaxAt: string;
  converged: boolean;
  lastChange_Hz: number;
  meanRate_spikes_per_s: number;
}

function theorySummary(t: TheoryRecord): TheorySummary {
  return {
    lambdaMax: t.lambdaMax,
    lambdaMaxAt: t.lambdaMaxAt,
    converged: t.converged,
    lastChange_Hz: t.lastChange_Hz,
    meanRate_spikes_per_s: t.rates.reduce((a, b) => a + b, 0) / t.rates.length,
  };
}

export interface MetastabilityData {
  area: string;
  states: (StateHeader & {
    t_ms: number[];
    rate_spikes_per_s: number[];
    meanRate_spikes_per_s: number;
    /** Mean-field theory of the simulated network and of its full-scale counterpart (null: simulated at full scale). */
    theory: TheorySummary;
    fullScaleTheory: TheorySummary | null;
  })[];
  resting: { run: string; populations: string[]; areas: string[]; rates_spikes_per_s: (number | null)[][]; histogram: { edges_spikes_per_s: number[]; counts: number[]; silent: number } };
}

/** Histogram of rates over log-spaced bins (decades split in `perDecade`); rates of 0 are counted apart. */
export function logHistogram(values: readonly number[], perDecade = 8): { edges_spikes_per_s: number[]; counts: number[]; silent: number } {
  const positive = values.filter((v) => v > 0);
  const silent = values.filter((v) => v === 0).length;
  if (positive.length === 0) return { edges_spikes_per_s: [], counts: [], silent };
  const lo = Math.floor(Math.log10(Math.min(...positive)) * perDecade);
  const hi = Math.floor(Math.log10(Math.max(...positive)) * perDecade) + 1;
  const edges_spikes_per_s = Array.from({ length: hi - lo + 1 }, (_, k) => 10 ** ((lo + k) / perDecade));
  const counts = new Array<number>(hi - lo).fill(0);
  for (const v of positive) counts[Math.min(hi - lo - 1, Math.floor(Math.log10(v) * perDecade) - lo)]++;
  return { edges_spikes_per_s, counts, silent };
}

export function metastabilityData(config: MetastabilityConfig, inputs: Record<string, string>): { runs: RunInfo[]; data: MetastabilityData } {
  const loaded = loadStatistics(config.states, inputs);
  const theories = loadTheory(config.states, inputs);
  const states = loaded.map(({ rules, run, statistics, binned }, k) => {
    const i = areaIndex(statistics.areas.labels, config.area, run);
    const theory = theories[k];
    return {
      state: rules.state,
      chi: rules.chi,
      chi_I: rules.chi_I,
      run: run.label,
      t_ms: Array.from(binned[i], (_, b) => statistics.series.t0_ms + b * statistics.series.binSize_ms),
      rate_spikes_per_s: Array.from(binned[i]),
      meanRate_spikes_per_s: statistics.areas.rate_spikes_per_s[i],
      theory: theorySummary(theory.simulated),
      fullScaleTheory: theory.fullScale ? theorySummary(theory.fullScale) : null,
    };
  });
  const resting = loaded.find((s) => s.rules.chi === config.restingChi);
  if (!resting) throw new Error(`metastability figure: no state with chi = ${config.restingChi} among its inputs`);
  const pops = resting.statistics.populations;
  const areas = resting.statistics.areas.labels;
  const table = new Map(pops.labels.map((label, i) => [label, pops.rate_spikes_per_s[i]]));
  const rates = POPULATIONS.map((pop) => areas.map((area) => table.get(`${area}-${pop}`) ?? null));
  const data: MetastabilityData = {
    area: config.area,
    states,
    resting: {
      run: resting.run.label,
      populations: [...POPULATIONS],
      areas,
      rates_spikes_per_s: rates,
      histogram: logHistogram(pops.rate_spikes_per_s.filter((v): v is number => v !== null && Number.isFinite(v))),
    },
  };
  return { runs: loaded.map((s) => s.run), data };
}

async function lambdaMaxSvg(data: MetastabilityData, runs: RunInfo[]): Promise<string> {
  const reached = (t: TheorySummary): string => (t.converged ? 'fixed point' : 'not settled (end of integration)');
  const values = data.states.flatMap((s) => [
    { state: stateName(s), lambda: s.theory.lambdaMax, network: 'as simulated', at: reached(s.theory) },
    ...(s.fullScaleTheory ? [{ state: stateName(s), lambda: s.fullScaleTheory.lambdaMax, network: 'full scale', at: reached(s.fullScaleTheory) }] : []),
  ]);
  const states = data.states.map((s) => stateName(s));
  const top = Math.max(2, ...values.map((v) => v.lambda).filter(Number.isFinite)) * 1.1;
  const ticks = [0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500].filter((t) => t <= top);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned('Mean-field stability: λ_max of the gain matrix (stable if < 1)', runs),
    width: 280,
    height: 26 * states.length,
    layer: [
      { data: { values: [{ x: 1 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: 'grey' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values }, mark: { type: 'point', filled: true, size: 70, opacity: 0.9 }, encoding: {
        x: { field: 'lambda', type: 'quantitative', title: 'λ_max = max Re(λ_i)', scale: { type: 'symlog', constant: 1, domain: [0, top] }, axis: { values: ticks, format: '~g' } },
        y: { field: 'state', type: 'nominal', sort: states, title: null },
        color: { field: 'network', type: 'nominal', title: 'network', scale: { domain: ['as simulated', 'full scale'], range: ['#4c72b0', '#c44e52'] } },
        shape: { field: 'at', type: 'nominal', title: 'theory reached', scale: { domain: ['fixed point', 'not settled (end of integration)'], range: ['circle', 'triangle-up'] }, legend: { labelLimit: 300 } },
      } },
    ],
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

async function histogramSvg(data: MetastabilityData, run: RunInfo): Promise<string> {
  const h = data.resting.histogram;
  const bars = h.counts.map((count, k) => ({ lo: h.edges_spikes_per_s[k], hi: h.edges_spikes_per_s[k + 1], count }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: captioned(`Rates of all populations${h.silent > 0 ? ` (${h.silent} silent ones not shown)` : ''}`, [run]),
    width: 300,
    height: 140,
    data: { values: bars },
    mark: { type: 'rect', color: '#555555', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'lo', type: 'quantitative', title: 'Rate (spikes/s)', scale: { type: 'log' }, axis: { format: '~g' } },
      x2: { field: 'hi' },
      y: { field: 'count', type: 'quantitative', title: 'Populations' },
    },
  } as TopLevelSpec;
  return renderVegaLite(spec);
}

export async function writeMetastabilityFigure(outDir: string, config: MetastabilityConfig, runs: RunInfo[], data: MetastabilityData): Promise<void> {
  writeDynamicsFigureData(outDir, METASTABILITY_FIGURE, config, runs, data);
  const chis = data.states.map((s) => s.chi);
  const name = METASTABILITY_FIGURE.name;
  writeFigurePanel(
    outDir,
    name,
    'rate-series',
    await stackedLinesSvg({
      title: captioned(`${data.area} rate (spikes/s, 1 ms bins)`, runs),
      panels: data.states.map((s) => ({
        label: stateName(s),
        series: [{ name: stateName(s), color: chiColor(s.chi, config.groundChi, config.restingChi, chis), x: s.t_ms, y: s.rate_spikes_per_s, width: 0.8 }],
      })),
      xTitle: 'Time (ms)',
      yTitle: 'spikes/s',
      legend: false,
    }),
  );
  writeFigurePanel(outDir, name, 'lambda-max', await lambdaMaxSvg(data, runs));
  const resting = runs.find((r) => r.label === data.resting.run)!;
  const rates = data.resting.rates_spikes_per_s.map((row) => row.map((v) => v ?? Number.NaN));
  const positive = rates.flat().filter((v) => v > 0);
  writeFigurePanel(
    outDir,
    name,
    'resting-rates',
    await heatmapSvg({
      title: captioned('Population rates of the resting state (blank: silent or absent)', [resting]),
      rows: data.resting.populations.map(populationName),
      columns: data.resting.areas,
      values: rates,
      xTitle: 'Area',
      yTitle: 'Population',
      colorTitle: 'spikes/s',
      domain: positive.length > 0 ? [Math.min(...positive), Math.max(...positive)] : undefined,
      legendFormat: '~g',
      legendValues: positive.length > 0 ? logLegendValues(Math.min(...positive), Math.max(...positive)) : undefined,
      cellSize: 14,
    }),
  );
  writeFigurePanel(outDir, name, 'resting-rate-histogram', await histogramSvg(data, resting));
}

export function metastabilityRule(config: MetastabilityConfig): Rule<MetastabilityConfig> {
  return {
    name: METASTABILITY_FIGURE.name,
    config,
    needs: config.states.flatMap((s) => [s.statistics, s.theory, ...(s.fullScaleTheory ? [s.fullScaleTheory] : [])]),
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const { runs, data } = metastabilityData(c, inputs);
      await writeMetastabilityFigure(outDir, c, runs, data);
    },
  };
}

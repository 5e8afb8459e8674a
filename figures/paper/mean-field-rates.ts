/**
 * Mean-field rates per population (Schmidt et al. 2018b, PLOS Comput Biol; the ground state with
 * cc_weights_factor = cc_weights_I_factor = 1 is the state of its Figs. 3 and 5). Two rules: one integrates
 * the Siegert rate equations of one model variant and keeps the theory's convergence report, the figure
 * rule plots the variants side by side, as a fixed point only where the integration settled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableJson, writeFileAtomic } from '../../core/index.ts';
import { splitPopulationLabel } from '../../multiarea/index.ts';
import { Theory } from '../../theory/index.ts';
import type { Rule } from '../rules.ts';
import { heatmapSvg, histogramSvg } from '../plot/index.ts';
import { modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';
import { RATE_COLOR_SCALE, RATE_FLOOR_HZ, convergenceText, rateHistogramEdges } from './rate-display.ts';

export const MEAN_FIELD_RATES_FIGURE: FigureInfo = {
  name: 'mean-field-rates',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), population rates of the mean-field theory (cf. Figs. 2, 3, 5)',
  description:
    'Rates (spikes/s) of every population from the pseudo-time integration of the mean-field theory, for the ' +
    'default model and its ground state (cc_weights_factor = cc_weights_I_factor = 1); areas as rows, ' +
    'populations as columns; a fixed point only where the integration settled (theory convergence report), ' +
    'otherwise the rates at the end of the integration. Histograms of the rates of E and I populations.',
};

/** Rates written by a mean-field rule: `<outDir>/rates.json`. */
export const MEAN_FIELD_RATES_FILE = 'rates.json';

export interface MeanFieldConfig {
  /** Custom network parameters of the model variant. */
  model: ModelParams;
  /** Theory parameters (T, dt, initial rates, ...; defaults as upstream). */
  theory: Record<string, unknown>;
}

export interface MeanFieldRates {
  structureVec: string[];
  /** Rates at the end of the integration (spikes/s). */
  rates: number[];
  /** The theory's convergence report of the run: converged = lastChange_Hz < convergenceTol_Hz. */
  converged: boolean;
  /** Largest range of a rate within the last convergenceWindow_ms of the integration (spikes/s). */
  lastChange_Hz: number;
  convergenceWindow_ms: number;
  convergenceTol_Hz: number;
  /** Pseudo-time of the integration (ms). */
  T_ms: number;
}

export function meanFieldRates(config: MeanFieldConfig): MeanFieldRates {
  const model = modelFor(config.model);
  const theory = new Theory({ arrays: model.arrays(), params: model.params }, config.theory);
  const run = theory.integrateSiegert().runs[0];
  return {
    structureVec: [...model.structureVec],
    rates: Array.from(run.final),
    converged: run.converged,
    lastChange_Hz: run.lastChange_Hz,
    convergenceWindow_ms: run.convergenceWindow_ms,
    convergenceTol_Hz: run.convergenceTol_Hz,
    T_ms: theory.params.T,
  };
}

/** A rule computing the rates of one model variant. */
export function meanFieldRule(name: string, config: MeanFieldConfig): Rule<MeanFieldConfig> {
  return {
    name,
    config,
    version: 2,
    run: ({ config: c, outDir }) => writeFileAtomic(join(outDir, MEAN_FIELD_RATES_FILE), stableJson(meanFieldRates(c))),
  };
}

export function readMeanFieldRates(dir: string): MeanFieldRates {
  const path = join(dir, MEAN_FIELD_RATES_FILE);
  let value: MeanFieldRates;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as MeanFieldRates;
  } catch (err) {
    throw new Error(`${path}: cannot be read as JSON (${(err as Error).message}); expected the rates written by a mean-field rule`);
  }
  if (!Array.isArray(value.structureVec) || !Array.isArray(value.rates) || value.rates.length !== value.structureVec.length) {
    throw new Error(`${path}: expected {structureVec, rates} of equal lengths`);
  }
  if (typeof value.converged !== 'boolean' || typeof value.lastChange_Hz !== 'number') {
    throw new Error(`${path}: no convergence report (converged, lastChange_Hz); expected the rates written by a mean-field rule of this version`);
  }
  return value;
}

export interface MeanFieldFigureConfig {
  /** Rule name -> variant title, in panel order. */
  variants: Record<string, string>;
  populations: string[];
}

export interface MeanFieldFigureData {
  variants: {
    rule: string;
    title: string;
    areas: string[];
    populations: string[];
    /** [area][population] spikes/s; NaN where an area lacks the population. */
    rates: number[][];
    converged: boolean;
    lastChange_Hz: number;
    convergenceWindow_ms: number;
    convergenceTol_Hz: number;
    T_ms: number;
  }[];
}

/** Arranges the rates of each variant as an area x population table. */
export function meanFieldFigureData(config: MeanFieldFigureConfig, inputs: Record<string, string>): MeanFieldFigureData {
  return {
    variants: Object.entries(config.variants).map(([rule, title]) => {
      const dir = inputs[rule];
      if (dir === undefined) throw new Error(`mean-field-rates variants: rule "${rule}" is not an input of this figure`);
      const result = readMeanFieldRates(dir);
      const areas: string[] = [];
      const table = new Map<string, Map<string, number>>();
      result.structureVec.forEach((label, i) => {
        const { area, pop: population } = splitPopulationLabel(label);
        if (!table.has(area)) {
          table.set(area, new Map());
          areas.push(area);
        }
        table.get(area)!.set(population, result.rates[i]);
      });
      const rates = areas.map((area) => config.populations.map((pop) => table.get(area)!.get(pop) ?? Number.NaN));
      const { converged, lastChange_Hz, convergenceWindow_ms, convergenceTol_Hz, T_ms } = result;
      return { rule, title, areas, populations: config.populations, rates, converged, lastChange_Hz, convergenceWindow_ms, convergenceTol_Hz, T_ms };
    }),
  };
}

type Variant = MeanFieldFigureData['variants'][number];

function matrixPanel(variant: Variant): Promise<string> {
  return heatmapSvg({
    title: variant.converged ? `Mean-field fixed point: ${variant.title}` : `Mean-field rates at T = ${variant.T_ms} ms: ${variant.title} (not settled)`,
    subtitle: convergenceText(variant),
    rows: variant.areas,
    columns: variant.populations,
    values: variant.rates,
    xTitle: 'Population',
    yTitle: 'Area',
    cellSize: 16,
    ...RATE_COLOR_SCALE,
  });
}

function histogramPanel(variant: Variant): Promise<string> {
  const pick = (suffix: string) => variant.rates.flatMap((row) => row.filter((r, j) => variant.populations[j].endsWith(suffix) && Number.isFinite(r)));
  const below = [...pick('E'), ...pick('I')].filter((r) => r < RATE_FLOOR_HZ).length;
  return histogramSvg({
    title: `Rate distribution: ${variant.title}${variant.converged ? '' : ' (not settled)'}`,
    subtitle: [...convergenceText(variant), `${below} population(s) below ${RATE_FLOOR_HZ} spikes/s not shown`],
    series: [
      { name: 'excitatory populations', values: pick('E') },
      { name: 'inhibitory populations', values: pick('I') },
    ],
    colors: ['#4c72b0', '#c44e52'],
    bins: rateHistogramEdges(),
    xScale: 'log',
    xTitle: 'Rate (spikes/s)',
    yTitle: 'Populations',
  });
}

export function meanFieldFigureRule(config: MeanFieldFigureConfig): Rule<MeanFieldFigureConfig> {
  return {
    name: MEAN_FIELD_RATES_FIGURE.name,
    config,
    needs: Object.keys(config.variants),
    version: 2,
    run: async ({ config: c, inputs, outDir }) => {
      const data = meanFieldFigureData(c, inputs);
      writeFigureData(outDir, MEAN_FIELD_RATES_FIGURE, c, data);
      for (const variant of data.variants) {
        const panel = variant.rule.replace(/^mean-field-/, '');
        writeFigurePanel(outDir, MEAN_FIELD_RATES_FIGURE.name, panel, await matrixPanel(variant));
        writeFigurePanel(outDir, MEAN_FIELD_RATES_FIGURE.name, `${panel}-histogram`, await histogramPanel(variant));
      }
    },
  };
}

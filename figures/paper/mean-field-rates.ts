/**
 * Mean-field stationary rates per population (Schmidt et al. 2018b, PLOS Comput Biol, Fig. 5 / S; the
 * ground state with cc_weights_factor = cc_weights_I_factor = 1 is the state of its Fig. 3 and 5). Two
 * rules: one computes the rates of one model variant (pseudo-time integration of the Siegert rate
 * equations), the figure rule plots the variants it needs side by side.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stableJson, writeFileAtomic } from '../../core/index.ts';
import { splitPopulationLabel } from '../../multiarea/index.ts';
import { Theory } from '../../theory/index.ts';
import type { Rule } from '../rules.ts';
import { heatmapSvg } from '../plot/index.ts';
import { modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from './figure-common.ts';

export const MEAN_FIELD_RATES_FIGURE: FigureInfo = {
  name: 'mean-field-rates',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), population rates of the mean-field theory (cf. Fig. 3, 5)',
  description:
    'Stationary rates (spikes/s) of every population from the mean-field theory, for the default model and ' +
    'for its ground state (cc_weights_factor = cc_weights_I_factor = 1); areas as rows, populations as columns.',
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
  /** Largest |rate change| over the last sample interval (spikes/s); small when the integration has settled. */
  lastChange: number;
}

export function meanFieldRates(config: MeanFieldConfig): MeanFieldRates {
  const model = modelFor(config.model);
  const theory = new Theory({ arrays: model.arrays(), params: model.params }, config.theory);
  const run = theory.integrateSiegert().runs[0];
  let lastChange = 0;
  for (const series of run.rates) {
    const k = series.length - 1;
    if (k >= 1) lastChange = Math.max(lastChange, Math.abs(series[k] - series[k - 1]));
  }
  return { structureVec: [...model.structureVec], rates: Array.from(run.final), lastChange };
}

/** A rule computing the rates of one model variant. */
export function meanFieldRule(name: string, config: MeanFieldConfig): Rule<MeanFieldConfig> {
  return {
    name,
    config,
    version: 1,
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
    lastChange: number;
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
      return { rule, title, areas, populations: config.populations, rates, lastChange: result.lastChange };
    }),
  };
}

export function meanFieldFigureRule(config: MeanFieldFigureConfig): Rule<MeanFieldFigureConfig> {
  return {
    name: MEAN_FIELD_RATES_FIGURE.name,
    config,
    needs: Object.keys(config.variants),
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const data = meanFieldFigureData(c, inputs);
      writeFigureData(outDir, MEAN_FIELD_RATES_FIGURE, c, data);
      for (const variant of data.variants) {
        writeFigurePanel(
          outDir,
          MEAN_FIELD_RATES_FIGURE.name,
          variant.rule.replace(/^mean-field-/, ''),
          await heatmapSvg({
            title: `Mean-field rates: ${variant.title}`,
            rows: variant.areas,
            columns: variant.populations,
            values: variant.rates,
            xTitle: 'Population',
            yTitle: 'Area',
            colorTitle: 'spikes/s',
            cellSize: 16,
          }),
        );
      }
    },
  };
}

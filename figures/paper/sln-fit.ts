/**
 * Schmidt et al. 2018a (Brain Struct Funct), Fig. 5A: SLN of Markov et al. (2014) against the log ratio of
 * the overall neuron densities of target and source area, with the beta-binomial probit fit
 * SLN = Phi(intercept + slope * ln(rho_target / rho_source)) that completes missing SLN values: the
 * published coefficients and those of our own fit of the same table.
 */
import { fitSlnProbit, getSlnFitTable, PUBLISHED_SLN_FIT_COEFFICIENTS, slnFitInput, type SlnFitMethod } from '../../multiarea/index.ts';
import { normalCdf } from '../../core/index.ts';
import type { Rule } from '../rules.ts';
import { scatterLineSvg } from '../plot/index.ts';
import { linspace, writeFigureData, writeFigurePanel, type FigureInfo } from './figure-common.ts';

export const SLN_FIT_FIGURE: FigureInfo = {
  name: 'sln-fit',
  paperFigure: 'Schmidt et al. 2018a (Brain Struct Funct), Fig. 5A',
  description:
    'SLN (fraction of supragranular labelled neurons) of every injection/source pair vs ln(rho_target / ' +
    'rho_source) of the overall neuron densities, with the probit curves of the published fit and of our fit.',
};

export interface SlnFitFigureConfig {
  /** Our fit: 'aod' replays R's aod::betabin (reproduces the published values), 'mle' the exact maximum. */
  method: SlnFitMethod;
  curvePoints: number;
}

export const DEFAULT_SLN_FIT_CONFIG: SlnFitFigureConfig = { method: 'aod', curvePoints: 101 };

export interface SlnFitFigureData {
  observations: { target: string; source: string; logDensityRatio: number; SLN: number; supragranular: number; infragranular: number }[];
  published: { intercept: number; slope: number };
  fitted: { intercept: number; slope: number; phi: number; logLikelihood: number; method: SlnFitMethod; converged: boolean };
  /** Curves on a grid of ln density ratios: Phi(intercept + slope * x) for both coefficient sets. */
  curve: { logDensityRatio: number[]; published: number[]; fitted: number[] };
}

export function slnFitFigureData(config: SlnFitFigureConfig = DEFAULT_SLN_FIT_CONFIG): SlnFitFigureData {
  const table = getSlnFitTable();
  const fit = fitSlnProbit(slnFitInput(table), { method: config.method });
  const [pubIntercept, pubSlope] = PUBLISHED_SLN_FIT_COEFFICIENTS;
  const xs = table.map((row) => row.logDensityRatio);
  const grid = linspace(Math.min(...xs), Math.max(...xs), config.curvePoints);
  return {
    observations: table.map((row) => ({
      target: row.target,
      source: row.source,
      logDensityRatio: row.logDensityRatio,
      SLN: row.SLN,
      supragranular: row.S,
      infragranular: row.I,
    })),
    published: { intercept: pubIntercept, slope: pubSlope },
    fitted: {
      intercept: fit.intercept,
      slope: fit.slope,
      phi: fit.phi,
      logLikelihood: fit.logLikelihood,
      method: fit.method,
      converged: fit.converged,
    },
    curve: {
      logDensityRatio: grid,
      published: grid.map((x) => normalCdf(pubIntercept + pubSlope * x)),
      fitted: grid.map((x) => normalCdf(fit.intercept + fit.slope * x)),
    },
  };
}

export async function writeSlnFitFigure(outDir: string, config: SlnFitFigureConfig): Promise<void> {
  const data = slnFitFigureData(config);
  writeFigureData(outDir, SLN_FIT_FIGURE, config, data);
  writeFigurePanel(
    outDir,
    SLN_FIT_FIGURE.name,
    undefined,
    await scatterLineSvg({
      title: 'A  SLN vs log ratio of neuron densities',
      subtitle: 'Markov et al. (2014) injections; beta-binomial probit fits',
      xTitle: 'ln(ρ target / ρ source)',
      yTitle: 'SLN (fraction supragranular)',
      yDomain: [0, 1],
      series: [
        { name: 'data', kind: 'points', x: data.observations.map((o) => o.logDensityRatio), y: data.observations.map((o) => o.SLN) },
        { name: 'published fit', kind: 'line', x: data.curve.logDensityRatio, y: data.curve.published },
        { name: `our fit (${config.method})`, kind: 'line', dashed: true, x: data.curve.logDensityRatio, y: data.curve.fitted },
      ],
    }),
  );
}

export function slnFitRule(config: SlnFitFigureConfig = DEFAULT_SLN_FIT_CONFIG): Rule<SlnFitFigureConfig> {
  return { name: SLN_FIT_FIGURE.name, config, version: 2, run: ({ config: c, outDir }) => writeSlnFitFigure(outDir, c) };
}

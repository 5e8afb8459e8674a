/**
 * Bistability of the mean-field theory (Schuecker, Schmidt et al. 2017, Figs. 3-4; Schmidt et al. 2018b,
 * Fig. 2): for each value of a parameter, the rate equations are integrated from zero rates (low branch)
 * and from high rates (high branch). A run that settled (the theory's convergence report) is refined by
 * Newton's method to its fixed point; two branches that settle on different fixed points mean two stable
 * fixed points (bistability). Runs that did not settle are kept and shown as such, never as fixed points.
 * Parameters: 'kappa', the external drive onto 5E and 6E of the 2017 paper, and 'chi', the
 * cortico-cortical weight factor (cc_weights_factor) of 2018b.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nestedMerge, stableJson, writeFileAtomic } from '../../core/index.ts';
import { splitPopulationLabel } from '../../multiarea/index.ts';
import { kappaDrive, SAME_FIXED_POINT_TOL_HZ, Theory, type Trajectory } from '../../theory/index.ts';
import type { Rule } from '../rules.ts';
import { scatterLineSvg, type Series } from '../plot/index.ts';
import { modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from '../paper/index.ts';

export type ScanParameter = 'kappa' | 'chi';

export interface BistabilityScanConfig {
  /** Network parameters the scanned parameter is set in. */
  model: ModelParams;
  parameter: ScanParameter;
  values: number[];
  /** With 'chi': cc_weights_I_factor, a number or 'same' (= chi). */
  chiI: number | 'same';
  /** Theory parameters of the integrations (T, dt). */
  theory: Record<string, unknown>;
  /** Initial rate of every population on the high branch (spikes/s). */
  highInitialRate_Hz: number;
}

/** One branch (initial condition) at one parameter value. */
export interface BranchResult {
  converged: boolean;
  lastChange_Hz: number;
  /** Mean rate over all populations at the end of the integration, or of the fixed point (spikes/s). */
  meanRate_Hz: number;
  /** Mean rate of the 5E and 6E populations (the 2017 paper's measure), spikes/s. */
  mean5E6E_Hz: number;
  /** Newton's residual max |nu - Phi(nu)| at the refined fixed point (spikes/s); null if not settled. */
  fixedPointResidual_Hz: number | null;
  /** The fixed point (settled runs) or the rates at T (others), spikes/s, in model population order. */
  rates_Hz: number[];
}

export interface BistabilityScan {
  parameter: ScanParameter;
  values: number[];
  low: BranchResult[];
  high: BranchResult[];
  /** Both branches settled on fixed points that differ by more than SAME_FIXED_POINT_TOL_HZ in some population. */
  bistable: boolean[];
  T_ms: number;
}

export const SCAN_FILE = 'scan.json';

/** The network parameters at one value of the scanned parameter. */
export function scanModelParams(config: BistabilityScanConfig, value: number): ModelParams {
  if (config.parameter === 'kappa') return nestedMerge(config.model, { connection_params: kappaDrive(value) }) as ModelParams;
  const chiI = config.chiI === 'same' ? value : config.chiI;
  return nestedMerge(config.model, { connection_params: { cc_weights_factor: value, cc_weights_I_factor: chiI } }) as ModelParams;
}

function branch(theory: Theory, run: Trajectory, is5E6E: boolean[]): { result: BranchResult; rates: Float64Array } {
  let rates = run.final;
  let residual: number | null = null;
  if (run.converged) {
    const fp = theory.fixedPoint(run.final);
    if (fp.converged) rates = fp.rates;
    residual = fp.residual;
  }
  const mean = (pick: (i: number) => boolean) => {
    let s = 0;
    let k = 0;
    rates.forEach((r, i) => {
      if (pick(i)) {
        s += r;
        k++;
      }
    });
    return s / k;
  };
  return {
    result: {
      converged: run.converged,
      lastChange_Hz: run.lastChange_Hz,
      meanRate_Hz: mean(() => true),
      mean5E6E_Hz: mean((i) => is5E6E[i]),
      fixedPointResidual_Hz: residual,
      rates_Hz: Array.from(rates),
    },
    rates,
  };
}

export function bistabilityScan(config: BistabilityScanConfig): BistabilityScan {
  if (config.values.length === 0 || config.values.some((v) => !(Number.isFinite(v) && v >= 0))) {
    throw new Error(`bistability values: got ${JSON.stringify(config.values)}; expected a non-empty list of numbers >= 0`);
  }
  if (!(config.highInitialRate_Hz > 0)) throw new Error(`bistability highInitialRate_Hz: got ${config.highInitialRate_Hz}; expected a rate > 0 (spikes/s)`);
  const out: BistabilityScan = { parameter: config.parameter, values: [...config.values], low: [], high: [], bistable: [], T_ms: 0 };
  for (const value of config.values) {
    const model = modelFor(scanModelParams(config, value));
    const is5E6E = model.structureVec.map((l) => ['5E', '6E'].includes(splitPopulationLabel(l).pop));
    const zero = Theory.fromModel(model, config.theory);
    const high = Theory.fromModel(model, { ...config.theory, initial_rates: new Array(model.structureVec.length).fill(config.highInitialRate_Hz) });
    const lo = branch(zero, zero.integrateSiegert().runs[0], is5E6E);
    const hi = branch(zero, high.integrateSiegert().runs[0], is5E6E);
    out.T_ms = zero.params.T;
    out.low.push(lo.result);
    out.high.push(hi.result);
    const differ = lo.rates.some((r, i) => Math.abs(r - hi.rates[i]) > SAME_FIXED_POINT_TOL_HZ);
    out.bistable.push(lo.result.converged && hi.result.converged && differ);
  }
  return out;
}

/** A rule computing one scan into `<outDir>/scan.json`. */
export function bistabilityScanRule(name: string, config: BistabilityScanConfig): Rule<BistabilityScanConfig> {
  return { name, config, version: 2, run: ({ config: c, outDir }) => writeFileAtomic(join(outDir, SCAN_FILE), stableJson(bistabilityScan(c))) };
}

export function readBistabilityScan(dir: string): BistabilityScan {
  const path = join(dir, SCAN_FILE);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BistabilityScan;
  } catch (err) {
    throw new Error(`${path}: cannot be read as JSON (${(err as Error).message}); expected the scan written by a bistability-scan rule`);
  }
}

export const BISTABILITY_FIGURE: FigureInfo = {
  name: 'bistability',
  paperFigure: 'Schuecker, Schmidt et al. 2017 (PLOS Comput Biol), Figs. 3-4 (kappa); Schmidt et al. 2018b, Fig. 2 (chi)',
  description:
    'Mean rates of the low branch (integration from zero rates) and the high branch (from high rates) of the ' +
    'mean-field theory against the external drive kappa onto 5E/6E (2017 network) and the cortico-cortical ' +
    'weight factor chi; filled: fixed points (settled, refined by Newton), hollow: not settled by T.',
};

export interface BistabilityFigureConfig {
  /** Scan rule name -> panel title, in panel order. */
  scans: Record<string, string>;
}

const PARAMETER_TITLE: Record<ScanParameter, string> = {
  kappa: 'κ: external drive onto 5E and 6E (fac_nu_ext_5E)',
  chi: 'χ: cortico-cortical weight factor (cc_weights_factor)',
};

/** The values where both branches settled on different fixed points, as text. */
export function bistableRangeText(scan: BistabilityScan): string {
  const values = scan.values.filter((_, k) => scan.bistable[k]);
  return values.length === 0 ? 'no value with two fixed points' : `two stable fixed points at ${scan.parameter} = ${values.map((v) => +v.toFixed(4)).join(', ')}`;
}

function scanPanel(scan: BistabilityScan, title: string): Promise<string> {
  const pick = (branchOf: BranchResult[], settled: boolean) => ({
    x: scan.values.filter((_, k) => branchOf[k].converged === settled),
    y: branchOf.filter((b) => b.converged === settled).map((b) => b.meanRate_Hz),
  });
  const series: Series[] = [
    { name: 'from zero rates: fixed point', kind: 'points', ...pick(scan.low, true) },
    { name: 'from high rates: fixed point', kind: 'points', ...pick(scan.high, true) },
    { name: 'from zero rates: not settled (rates at T)', kind: 'points', hollow: true, ...pick(scan.low, false) },
    { name: 'from high rates: not settled (rates at T)', kind: 'points', hollow: true, ...pick(scan.high, false) },
  ];
  return scatterLineSvg({
    title,
    subtitle: [bistableRangeText(scan), `pseudo-time integration to T = ${scan.T_ms} ms; not settled: change >= 1e-3 spikes/s within the last 1 ms`],
    series,
    colors: ['#4c72b0', '#c44e52', '#4c72b0', '#c44e52'],
    xTitle: PARAMETER_TITLE[scan.parameter],
    yTitle: 'Mean rate over all populations (spikes/s)',
    yScale: 'log',
    pointSize: 50,
    width: 360,
    height: 240,
  });
}

export function bistabilityFigureRule(config: BistabilityFigureConfig): Rule<BistabilityFigureConfig> {
  return {
    name: BISTABILITY_FIGURE.name,
    config,
    needs: Object.keys(config.scans),
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const scans = Object.entries(c.scans).map(([rule, title]) => ({ rule, title, scan: readBistabilityScan(inputs[rule]) }));
      writeFigureData(outDir, BISTABILITY_FIGURE, c, { scans: scans.map(({ rule, title, scan }) => ({ rule, title, ...scan })) });
      for (const { scan, title } of scans) writeFigurePanel(outDir, BISTABILITY_FIGURE.name, scan.parameter, await scanPanel(scan, title));
    },
  };
}

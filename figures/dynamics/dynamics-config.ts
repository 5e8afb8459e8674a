/**
 * Configuration of the simulation figures of Schmidt et al. 2018b (PLOS Comput Biol): which network
 * states are simulated (cortico-cortical weight factors chi), at which scale and for how long, the
 * analysis window and the plotting choices. Every entry enters the keys of the rules that use it.
 *
 * The defaults are a laptop version: N_scaling = K_scaling = 1 %, 2 s of biological time per state,
 * analysed from 500 ms (upstream: full scale, 10.5 s for rasters and 100.5 s for statistics). Published
 * versions come from full-scale runs given with `--from-run`.
 */
import { z } from 'zod';
import { mergeAndValidate, ParameterError } from '../../core/index.ts';
import { MODEL_AREA_LIST } from '../../multiarea/index.ts';
import type { ModelParams } from '../paper/index.ts';

export interface DynamicsConfig {
  /** N_scaling = K_scaling of the simulated network (1 = full scale). */
  scale: number;
  /** Simulated biological time per state (ms). */
  t_sim_ms: number;
  /** Start of the analysis window (ms); upstream 500 ms. The window ends with the run. */
  t_min_ms: number;
  /** rng_seed of the simulations. */
  seed: number;
  /** Simulated areas (areas_simulated; input from other areas is dropped); null: all 32. */
  areas: string[] | null;
  /** Further custom network parameters (upstream nesting) applied to every state. */
  model: ModelParams;
  /** Cortico-cortical weight factors chi of the simulated states (chi_I = 1 for chi = 1, else 2, as upstream). */
  chi: number[];
  /** chi of the ground state (2018b Fig. 3) and of the metastable resting state (Figs. 5, 7-9). */
  groundChi: number;
  restingChi: number;
  /**
   * Theory parameters of the mean-field rates and lambda_max of every state; dt = 0.01 ms as the other
   * figure rules (at upstream's 0.1 ms the default model's integration does not settle, docs/theory.md).
   */
  theory: { T: number; dt: number };
  /** Area of the state comparisons (rate series, spectra, rate distributions; Figs. 4, 6) and of the cross-correlations (Fig. 7 B, with each raster area). */
  comparisonArea: string;
  /** Areas of the raster plots and rate time series (Figs. 3, 5). */
  rasterAreas: string[];
  /** Length of the raster window at the end of the run (ms); upstream 500 ms. */
  rasterDuration_ms: number;
  /** Fraction of each population drawn in a raster, of its full-scale size (upstream 3 %): all neurons of a 1 % network. */
  rasterFraction: number;
  /** Sigma (ms) of the Gaussian kernel of the smoothed rate time series (upstream: Shimazaki's optimal width). */
  smoothing_ms: number;
  /** BOLD signal left out as transient (ms); upstream 5000 ms, which needs runs longer than 5 s. */
  boldTransient_ms: number;
  /** Lags (1 ms bins) of the VAR models of the Granger causality; upstream 25. */
  grangerOrder: number;
  /** Seed of the Louvain community detection. */
  louvainSeed: number;
}

export const DEFAULT_DYNAMICS_CONFIG: DynamicsConfig = {
  scale: 0.01,
  t_sim_ms: 2000,
  t_min_ms: 500,
  seed: 1,
  areas: null,
  model: {},
  chi: [1, 1.5, 1.9, 2.1, 2.5],
  groundChi: 1,
  restingChi: 1.9,
  theory: { T: 50, dt: 0.01 },
  comparisonArea: 'V1',
  rasterAreas: ['V1', 'V2', 'FEF'],
  rasterDuration_ms: 500,
  rasterFraction: 0.03,
  smoothing_ms: 5,
  boldTransient_ms: 500,
  grangerOrder: 25,
  louvainSeed: 1,
};

const positive = z.number().gt(0);
const schema = z.strictObject({
  scale: z.number().gt(0).max(1),
  t_sim_ms: positive,
  t_min_ms: z.number().min(0),
  seed: z.int().min(0),
  areas: z.union([z.array(z.enum(MODEL_AREA_LIST as unknown as [string, ...string[]])).min(1), z.null()]),
  model: z.record(z.string(), z.unknown()),
  chi: z.array(positive).min(1),
  groundChi: positive,
  restingChi: positive,
  theory: z.strictObject({ T: positive, dt: positive }),
  comparisonArea: z.enum(MODEL_AREA_LIST as unknown as [string, ...string[]]),
  rasterAreas: z.array(z.enum(MODEL_AREA_LIST as unknown as [string, ...string[]])).min(1),
  rasterDuration_ms: positive,
  rasterFraction: z.number().gt(0).max(1),
  smoothing_ms: positive,
  boldTransient_ms: z.number().min(0),
  grangerOrder: z.int().min(1),
  louvainSeed: z.int().min(0),
});

/** The defaults with `custom` merged in, checked; errors name the entry, its value and what is allowed. */
export function resolveDynamicsConfig(custom: unknown = {}): DynamicsConfig {
  const config = mergeAndValidate(schema, DEFAULT_DYNAMICS_CONFIG, custom, 'figure dynamics config') as DynamicsConfig;
  const problems: string[] = [];
  if (config.t_min_ms + 100 > config.t_sim_ms) {
    problems.push(`t_sim_ms = ${config.t_sim_ms}: expected at least t_min_ms + 100 = ${config.t_min_ms + 100} ms (an analysis window of >= 100 ms)`);
  }
  for (const name of ['groundChi', 'restingChi'] as const) {
    if (!config.chi.includes(config[name])) problems.push(`${name} = ${config[name]}: expected one of chi = [${config.chi.join(', ')}]`);
  }
  for (const [entry, area] of config.areas === null ? [] : [...config.rasterAreas.map((a) => ['rasterAreas', a]), ['comparisonArea', config.comparisonArea]]) {
    if (!config.areas!.includes(area)) problems.push(`${entry}: '${area}' is not simulated; expected one of areas = [${config.areas!.join(', ')}]`);
  }
  if (new Set(config.chi).size !== config.chi.length) problems.push(`chi = [${config.chi.join(', ')}]: expected distinct values`);
  if (problems.length > 0) throw new ParameterError('figure dynamics config', problems);
  return { ...config, chi: [...config.chi].sort((a, b) => a - b) };
}

/** One simulated network state. */
export interface StateVariant {
  /** Rule-name suffix, e.g. 'chi1.9'. */
  name: string;
  chi: number;
  chi_I: number;
}

/** chi_I of a state with weight factor chi, as upstream's simulations (Schmidt2018_dyn/network_simulations.py). */
export function chiInhibitory(chi: number): number {
  return chi === 1 ? 1 : 2;
}

export function stateVariant(chi: number, chi_I = chiInhibitory(chi)): StateVariant {
  return { name: chi_I === chiInhibitory(chi) ? `chi${chi}` : `chi${chi}-chiI${chi_I}`, chi, chi_I };
}

/**
 * Replacement of cortico-cortical input (upstream's replace_non_simulated_areas and replace_cc): which
 * inputs are replaced, dropped or kept, and the rates or time series that replace them. Input files
 * are read and checked here, before anything is built.
 */
import { dataSource, describeValue, hostCwd, hostPath, rateOf, readNpy, readRatesFile, type RatesByPopulation } from '../../core/index.ts';
import type { ConnectionParams, InputParams } from '../../multiarea/index.ts';
import type { ReplacementMode, ReplacementScope } from './network-types.ts';

const MODES: readonly ReplacementMode[] = ['hom_poisson_stat', 'het_poisson_stat', 'het_current_nonstat'];
const SOURCE_PARAM = 'connection_params.replace_cc_input_source';

/** What becomes of the input that a simulated population receives from another area. */
export type InputFate = 'connect' | 'replace' | 'drop';

export interface InputReplacement {
  scope: ReplacementScope | null;
  mode: ReplacementMode | null;
  /** Absolute path of the rates file or base name of the time series (null: none needed). */
  source: string | null;
  /** Fate of input from another area, simulated or not. */
  fate(sourceSimulated: boolean): InputFate;
  /** Rate (spikes/s) of a replaced source population (hom_ / het_poisson_stat). */
  rate(area: string, pop: string): number;
  /** The time series (spikes/s, one value per ms) of a replaced source population (het_current_nonstat). */
  series(area: string, pop: string): { file: string; values: Float64Array };
}

export interface ReplacementOptions {
  /** Folder against which a relative replace_cc_input_source is resolved (default: current directory). */
  baseDir?: string;
}

/**
 * The replacement rules of upstream: with replace_cc, input between simulated areas is replaced and
 * input from areas not simulated is dropped; otherwise input from areas not simulated is replaced
 * when replace_non_simulated_areas is set, else dropped.
 */
export function inputReplacement(
  cp: ConnectionParams,
  ip: InputParams,
  allAreasSimulated: boolean,
  t_sim_ms: number,
  options: ReplacementOptions = {},
): InputReplacement {
  const replaceCc = cp.replace_cc || null;
  const replaceNonSimulated = !allAreasSimulated && !replaceCc ? cp.replace_non_simulated_areas : null;
  const mode = replaceCc ?? replaceNonSimulated;
  if (mode !== null && !MODES.includes(mode)) {
    const param = replaceCc ? 'connection_params.replace_cc' : 'connection_params.replace_non_simulated_areas';
    throw new Error(`${param}: got ${describeValue(mode)}; expected ${MODES.join(', ')}`);
  }
  const scope: ReplacementScope | null = replaceCc ? 'replace_cc' : replaceNonSimulated ? 'replace_non_simulated_areas' : null;
  let source: string | null = null;
  if (mode === 'het_poisson_stat' || mode === 'het_current_nonstat') {
    const src = cp.replace_cc_input_source;
    if (typeof src !== 'string' || src === '') {
      const needs = mode === 'het_poisson_stat' ? 'a JSON file of rates' : 'the base name of .npy time series';
      throw new Error(`${SOURCE_PARAM}: got ${describeValue(src)}; ${mode} needs ${needs}`);
    }
    source = hostPath.isAbsolute(src) ? src : hostPath.resolve(options.baseDir ?? hostCwd(), src);
  }
  const rates: RatesByPopulation | null = mode === 'het_poisson_stat' ? readRatesFile(source!, SOURCE_PARAM) : null;
  if (mode === 'hom_poisson_stat' && !(Number.isFinite(ip.rate_ext) && ip.rate_ext >= 0)) {
    throw new Error(`input_params.rate_ext: got ${describeValue(ip.rate_ext)}; expected a rate >= 0 (spikes/s) for hom_poisson_stat input`);
  }
  const where = `${SOURCE_PARAM} (${source})`;
  const seriesCache = new Map<string, Float64Array>();
  const expectedLength = Math.trunc(t_sim_ms);

  return {
    scope,
    mode,
    source,
    fate(sourceSimulated) {
      if (replaceCc) return sourceSimulated ? 'replace' : 'drop';
      if (sourceSimulated) return 'connect';
      return replaceNonSimulated ? 'replace' : 'drop';
    },
    rate(area, pop) {
      if (mode === 'hom_poisson_stat') return ip.rate_ext;
      if (rates === null) throw new Error(`replaced input of ${area}-${pop}: mode ${describeValue(mode)} has no rates`);
      return rateOf(rates, area, pop, where);
    },
    series(area, pop) {
      if (mode !== 'het_current_nonstat') throw new Error(`replaced input of ${area}-${pop}: mode ${describeValue(mode)} has no time series`);
      const file = `${source}-${area}-${pop}.npy`;
      let values = seriesCache.get(file);
      if (!values) {
        if (!dataSource().exists(file)) throw new Error(`${SOURCE_PARAM}: time series ${file} not found; expected one .npy file per replaced source population`);
        values = readNpy(file).data;
        if (values.length !== expectedLength) {
          throw new Error(`${SOURCE_PARAM}: time series ${file}: ${values.length} values; expected int(t_sim) = ${expectedLength} (one rate per ms)`);
        }
        seriesCache.set(file, values);
      }
      return { file, values };
    },
  };
}

/**
 * SLN (fraction of supragranular labelled neurons) of all cortico-cortical connections (Schmidt et al.
 * 2018, Methods "SLN"): Markov et al. injections are averaged per FV91 target, sources are mapped to
 * FV91 weighting the supra- and infragranular parts by overlap and FLN, and missing connections get
 * SLN = Phi(intercept + slope * ln(rho_target / rho_source)) with the overall neuron densities rho.
 */
// Upstream integrates the normal density numerically from -1000 to x, which equals Phi(x) to double precision.
import { normalCdf } from '../../../core/index.ts';
import { averageInjectionsByFV91Target, m132OverlapKey, overlapsWithModelAreas } from './parcellation.ts';
import type {
  CompletedCocomacEntry,
  InjectionTarget,
  LayerDensities,
  RawData,
  SlnFitCoefficients,
  SlnObservation,
} from './processed-types.ts';

/** SLN data per FV91 target and FV91 source. */
export function mapSlnToFV91(
  slnData: RawData['SLN_Data'],
  flnByTarget: Map<string, Map<string, number>>,
  injectionSites: Record<string, InjectionTarget>,
  overlapAll: Record<string, Record<string, number>>,
  areaList: readonly string[],
): Record<string, Record<string, number>> {
  const slnByTarget = averageInjectionsByFV91Target(slnData, injectionSites, areaList, (e) => e.SLN, 'SLN_Data');
  const mapped: Record<string, Record<string, number>> = {};
  for (const [target, bySource] of slnByTarget) {
    const supra = new Map<string, number>();
    const infra = new Map<string, number>();
    for (const [source, sln] of bySource) {
      const fln = flnByTarget.get(target)?.get(source);
      if (fln === undefined) throw new Error(`FLN_Data: no FLN for SLN connection ${source} -> ${target}; expected FLN data for every SLN datum`);
      for (const [fv91, fraction] of overlapsWithModelAreas(source, overlapAll, areaList)) {
        const s = fraction * sln * fln;
        const i = fraction * (1 - sln) * fln;
        supra.set(fv91, (supra.get(fv91) ?? 0) + s);
        infra.set(fv91, (infra.get(fv91) ?? 0) + i);
      }
    }
    const out: Record<string, number> = {};
    for (const [fv91, s] of supra) out[fv91] = s / (s + infra.get(fv91)!);
    mapped[target] = out;
  }
  return mapped;
}

/** The SLN model: Phi(intercept + slope * (ln rho_target - ln rho_source)). */
export function slnFromDensities(targetDensity: number, sourceDensity: number, [intercept, slope]: SlnFitCoefficients): number {
  return normalCdf(slope * (Math.log(targetDensity) - Math.log(sourceDensity)) + intercept);
}

export function completeSln(
  slnMapped: Record<string, Record<string, number>>,
  cocomacCompleted: Record<string, Record<string, CompletedCocomacEntry>>,
  densities: Record<string, LayerDensities>,
  coefficients: SlnFitCoefficients,
  areaList: readonly string[],
): Record<string, Record<string, number>> {
  const completed: Record<string, Record<string, number>> = {};
  for (const target of areaList) {
    const out: Record<string, number> = {};
    for (const source of Object.keys(cocomacCompleted[target])) {
      if (!areaList.includes(source) || source === target) continue;
      const datum = slnMapped[target]?.[source];
      out[source] =
        datum !== undefined ? datum : slnFromDensities(densities[target].overall, densities[source].overall, coefficients);
    }
    completed[target] = out;
  }
  return completed;
}

/** One row of the SLN-fit table (as RData_prepared_logdensities.txt): counts vs log density ratio. */
export interface SlnFitTableRow extends SlnObservation {
  /** ln(rho_target / rho_source) of the overall neuron densities (column DENS of the prepared table). */
  logDensityRatio: number;
}

/**
 * Overall density of an M132 area: that of the FV91 area of the same name if it is a model area, else
 * the overlap-weighted mean over the model areas it overlaps ('FVE_all.' entries of overlap.all).
 */
export function m132OverallDensity(
  m132Area: string,
  densities: Record<string, LayerDensities>,
  overlapAll: Record<string, Record<string, number>>,
  areaList: readonly string[],
): number {
  if (areaList.includes(m132Area)) return densities[m132Area].overall;
  let weighted = 0;
  let weights = 0;
  const key = m132OverlapKey(m132Area);
  const row = overlapAll[key];
  if (row === undefined) throw new Error(`overlap.all: no entry "${key}" for M132 area "${m132Area}"; expected an overlap row to map its density`);
  for (const [fvKey, percent] of Object.entries(row)) {
    if (!fvKey.startsWith('FVE_all.')) continue;
    const fv91 = fvKey.slice('FVE_all.'.length);
    if (!areaList.includes(fv91)) continue;
    weighted += percent * densities[fv91].overall;
    weights += percent;
  }
  if (!(weights > 0)) throw new Error(`overlap.all: M132 area "${m132Area}" overlaps no model area; expected a positive overlap to map its density`);
  return weighted / weights;
}

/**
 * The input table of the SLN fit: every SLN_Data.csv row with the log ratio of the overall densities of
 * target and source (M132 areas mapped to FV91 densities). Reproduces RData_prepared_logdensities.txt.
 */
export function buildSlnFitTable(
  rows: readonly SlnObservation[],
  densities: Record<string, LayerDensities>,
  overlapAll: Record<string, Record<string, number>>,
  areaList: readonly string[],
): SlnFitTableRow[] {
  const cache = new Map<string, number>();
  const density = (area: string): number => {
    let d = cache.get(area);
    if (d === undefined) cache.set(area, (d = m132OverallDensity(area, densities, overlapAll, areaList)));
    return d;
  };
  return rows.map((row) => ({ ...row, logDensityRatio: Math.log(density(row.target) / density(row.source)) }));
}

/** Rows in the form of the probit fit's input: x = ln density ratio, successes = S, trials = S + I. */
export function slnFitInput(table: readonly SlnFitTableRow[]): { x: number; successes: number; trials: number }[] {
  return table.map((r) => ({ x: r.logDensityRatio, successes: r.S, trials: r.S + r.I }));
}

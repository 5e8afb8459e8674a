/**
 * FLN (fraction of labelled neurons) of all cortico-cortical connections (Schmidt et al. 2018, Methods
 * "FLN"): Markov et al. injections are averaged per FV91 target, sources are mapped to FV91 by overlap,
 * and connections that exist (CoCoMac or Markov) but lack data get the exponential distance rule
 * FLN = exp(intercept + slope * distance) fitted to the data in log space. FLN from areas outside the
 * model is summed into 'external'.
 */
import { linearRegression } from './numeric.ts';
import { averageInjectionsByFV91Target, overlapsWithModelAreas } from './parcellation.ts';
import type { CompletedCocomacEntry, InjectionTarget, RawData } from './processed-types.ts';

/** FLN per FV91 target and M132 source, averaged over injections. */
export function averageFlnByTarget(
  flnData: RawData['FLN_Data'],
  injectionSites: Record<string, InjectionTarget>,
  areaList: readonly string[],
): Map<string, Map<string, number>> {
  return averageInjectionsByFV91Target(flnData, injectionSites, areaList, (e) => e.FLN, 'FLN_Data');
}

/** FLN mapped to FV91 sources (intrinsic FLN dropped); targets without injections get {}. */
export function mapFlnToFV91(
  flnByTarget: Map<string, Map<string, number>>,
  overlapAll: Record<string, Record<string, number>>,
  areaList: readonly string[],
): Record<string, Record<string, number>> {
  const mapped: Record<string, Record<string, number>> = {};
  for (const [target, bySource] of flnByTarget) {
    const out: Record<string, number> = {};
    for (const [source, fln] of bySource) {
      for (const [fv91, fraction] of overlapsWithModelAreas(source, overlapAll, areaList)) {
        out[fv91] = (out[fv91] ?? 0) + fraction * fln;
      }
    }
    delete out[target];
    mapped[target] = out;
  }
  for (const area of areaList) if (!(area in mapped)) mapped[area] = {};
  return mapped;
}

export interface ExponentialDistanceRule {
  /** ln FLN at zero distance. */
  intercept: number;
  /** Decay per mm (negative). */
  slope: number;
}

/** Fit ln FLN = intercept + slope * distance (mm) to all non-zero mapped FLN values. */
export function fitExponentialDistanceRule(
  flnMapped: Record<string, Record<string, number>>,
  medianDistances: Record<string, Record<string, number>>,
  thomDistances: Record<string, Record<string, number>>,
): ExponentialDistanceRule {
  const distances: number[] = [];
  const logFln: number[] = [];
  for (const [target, bySource] of Object.entries(flnMapped)) {
    for (const [source, fln] of Object.entries(bySource)) {
      if (!(target in thomDistances && source in thomDistances) || !fln) continue;
      const d = medianDistances[target]?.[source];
      if (d === undefined) throw new Error(`median_distance_data: no distance ${target} -> ${source}; expected one for every model area pair`);
      distances.push(d);
      logFln.push(Math.log(fln));
    }
  }
  const { intercept, slope } = linearRegression(distances, logFln, 'exponential distance rule (ln FLN vs distance)');
  return { intercept, slope };
}

export function completeFln(
  flnMapped: Record<string, Record<string, number>>,
  cocomacCompleted: Record<string, Record<string, CompletedCocomacEntry>>,
  medianDistances: Record<string, Record<string, number>>,
  edr: ExponentialDistanceRule,
  areaList: readonly string[],
): Record<string, Record<string, number>> {
  const completed: Record<string, Record<string, number>> = {};
  for (const [target, sources] of Object.entries(cocomacCompleted)) {
    const data = flnMapped[target] ?? {};
    const out: Record<string, number> = { ...data };
    for (const source of Object.keys(sources)) {
      if (source in data || source === target || !(source in medianDistances)) continue;
      out[source] = Math.exp(edr.intercept + edr.slope * medianDistances[target][source]);
    }
    // Connections from outside the model are not modelled individually: sum them up.
    let external = 0;
    for (const source of Object.keys(out)) {
      if (!areaList.includes(source)) {
        external += out[source];
        delete out[source];
      }
    }
    out.external = external;
    completed[target] = out;
  }
  return completed;
}

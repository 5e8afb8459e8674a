/**
 * Intrinsic (within-area) connectivity: the Potjans & Diesmann (2014) microcircuit transferred to
 * every area (Schmidt et al. 2018, Methods "Intrinsic connectivity").
 *
 * 1. The connection probability of a population pair is the PD14 value rescaled by the Gaussian
 *    connection profile averaged over two random points of a disk of the area's size (Sheng 1985).
 * 2. Indegrees follow from the probability of at least one synapse, with the synapse count
 *    rounded to an integer, as in PD14.
 * 3. An area-specific factor converts these relative indegrees into synapse numbers that amount to
 *    the intrinsic FLN of all synapses of the area.
 */
import { integrate } from '../../core/index.ts';
import type { PopulationDict } from './model-types.ts';

/** Width (mm) of the Gaussian connection profile of PD14. */
export const SIGMA_MM = 0.29653208289812366;
/** Peak connection probability of the Gaussian profile, averaged over population pairs. */
export const C0 = 0.1429914097112598;

/** Surfaces (mm^2) from which upstream switches from log(1 - x) to a truncated series (see {@link seriesLog}). */
const SERIES_SURFACE_LIMIT_MM2 = 100;
const SERIES_TERMS = 20;

/** Python's round(): to nearest, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/**
 * Truncated alternating series sum_{k=1..terms} (-1)^(k+1) x^k / k, i.e. log(1 + x).
 *
 * Upstream uses this series in place of log(1 - x) for large surfaces (>= 100 mm^2), where 1 - x
 * would lose precision; the series is that of log(1 + x), not log(1 - x). We reproduce it because
 * the published network depends on it (it sets the full-scale indegrees that fix the intrinsic FLN
 * correction).
 */
export function seriesLog(x: number, terms = SERIES_TERMS): number {
  let sum = 0;
  let power = x;
  for (let k = 0; k < terms; k++) {
    sum += (k % 2 === 0 ? power : -power) / (k + 1);
    power *= x;
  }
  return sum;
}

/** Mean connection probability of PD14's own averaging (Gaussian over a disk of 1 mm^2 around a point). */
export function meanConnectionProbabilityPD14(): number {
  const r2 = 1 / Math.PI;
  return (2 / r2) * C0 * SIGMA_MM ** 2 * (1 - Math.exp(-r2 / (2 * SIGMA_MM ** 2)));
}

/**
 * Connection probability averaged over pairs of random points in a disk of the given surface (mm^2):
 * 2 C0 / S * int_0^{2R} r exp(-r^2 / 2 sigma^2) (4 phi - sin 4 phi) dr, phi = atan sqrt((2R - r)/(2R + r)).
 */
export function meanConnectionProbabilityDisk(surfaceMm2: number): number {
  const R = Math.sqrt(surfaceMm2 / Math.PI);
  const s2 = 2 * SIGMA_MM * SIGMA_MM;
  const integrand = (r: number): number => {
    const phi = Math.atan(Math.sqrt((2 * R - r) / (2 * R + r)));
    return r * Math.exp((-r * r) / s2) * (4 * phi - Math.sin(4 * phi));
  };
  // Beyond ~40 sigma the Gaussian is below 1e-300; integrating there only wastes subdivisions.
  const upper = Math.min(2 * R, 40 * SIGMA_MM);
  return ((2 * C0) / surfaceMm2) * integrate(integrand, 0, upper);
}

/**
 * Relative indegrees K'[target][source] (synapses per target neuron) of a microcircuit with the
 * V1 neuron densities of PD14 (`numV1`, neurons per mm^2) and the given surface (mm^2).
 */
export function microcircuitIndegrees(
  surfaceMm2: number,
  meanProbability: number,
  intrinsicConnectivity: Record<string, Record<string, number>>,
  numV1: Record<string, { neurons: number }>,
  populations: readonly string[],
  meanProbabilityPD14: number,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const useSeries = !(surfaceMm2 < SERIES_SURFACE_LIMIT_MM2);
  for (const target of populations) {
    const row: Record<string, number> = {};
    const nTarget = numV1[target].neurons;
    for (const source of populations) {
      const C = (intrinsicConnectivity[target][source] * meanProbability) / meanProbabilityPD14;
      const pairInverse = 1 / (nTarget * numV1[source].neurons * surfaceMm2 ** 2);
      const synapseCount = useSeries
        ? seriesLog(C) / seriesLog(pairInverse)
        : Math.log(1.0 - C) / Math.log(1 - pairInverse);
      row[source] = roundHalfEven(synapseCount) / (nTarget * surfaceMm2);
    }
    out[target] = row;
  }
  return out;
}

export interface IntrinsicResult {
  /** Relative indegrees of the modelled (surface-sized) areas. */
  indegreePrime: Record<string, Record<string, Record<string, number>>>;
  /** Relative indegrees of the areas at their real size. */
  indegreePrimeFullscale: Record<string, Record<string, Record<string, number>>>;
  /** Intrinsic FLN of each modelled area. */
  intrinsicFLN: Record<string, { mean: number; error: number }>;
  /** Intrinsic FLN assumed for the real-size areas (the literature mean). */
  intrinsicFLNFullscale: Record<string, { mean: number; error: number }>;
  conversionFactor: Record<string, number>;
  conversionFactorFullscale: Record<string, number>;
}

export function computeIntrinsic(args: {
  areas: readonly string[];
  populations: readonly string[];
  surface: number;
  areaSurfaces: Record<string, number>;
  totalThicknesses: Record<string, number>;
  intrinsicConnectivity: Record<string, Record<string, number>>;
  numV1: Record<string, { neurons: number }>;
  intrinsicFLNData: Record<string, { mean: number; error: number }>;
  rhoSyn: Record<string, number>;
  neuronNumbers: PopulationDict;
  neuronNumbersFullscale: PopulationDict;
}): IntrinsicResult {
  const { areas, populations, surface } = args;
  const cPD14 = meanConnectionProbabilityPD14();

  const indegreePrimeFullscale: IntrinsicResult['indegreePrimeFullscale'] = {};
  for (const area of areas) {
    const S = args.areaSurfaces[area];
    indegreePrimeFullscale[area] = microcircuitIndegrees(
      S, meanConnectionProbabilityDisk(S), args.intrinsicConnectivity, args.numV1, populations, cPD14,
    );
  }
  // The modelled areas all have the same surface, hence the same relative indegrees.
  const micro = microcircuitIndegrees(
    surface, meanConnectionProbabilityDisk(surface), args.intrinsicConnectivity, args.numV1, populations, cPD14,
  );
  const indegreePrime: IntrinsicResult['indegreePrime'] = {};
  for (const area of areas) indegreePrime[area] = micro;

  const { mean: meanFLN, error: errorFLN } = args.intrinsicFLNData.mean;
  const intrinsicFLNFullscale: IntrinsicResult['intrinsicFLNFullscale'] = {};
  const intrinsicFLN: IntrinsicResult['intrinsicFLN'] = {};
  for (const area of areas) {
    intrinsicFLNFullscale[area] = { mean: meanFLN, error: errorFLN };
    // A cut-out of the area loses the intrinsic synapses from outside it: scale the intrinsic FLN
    // by the mean ratio of cut-out to full-size indegrees.
    let sum = 0;
    let count = 0;
    for (const t of populations) {
      for (const s of populations) {
        const full = indegreePrimeFullscale[area][t][s];
        if (full > 0) {
          sum += indegreePrime[area][t][s] / full;
          count++;
        }
      }
    }
    intrinsicFLN[area] = { mean: meanFLN * (sum / count), error: errorFLN };
  }

  const conversionFactor: Record<string, number> = {};
  const conversionFactorFullscale: Record<string, number> = {};
  for (const area of areas) {
    let nsyn = 0;
    let nsynFull = 0;
    for (const t of populations) {
      for (const s of populations) {
        nsyn += indegreePrime[area][t][s] * args.neuronNumbers[area][t];
        nsynFull += indegreePrimeFullscale[area][t][s] * args.neuronNumbersFullscale[area][t];
      }
    }
    const D = args.totalThicknesses[area];
    conversionFactor[area] = (intrinsicFLN[area].mean * args.rhoSyn[area] * surface * D) / nsyn;
    conversionFactorFullscale[area] =
      (intrinsicFLNFullscale[area].mean * args.rhoSyn[area] * args.areaSurfaces[area] * D) / nsynFull;
  }
  return {
    indegreePrime, indegreePrimeFullscale, intrinsicFLN, intrinsicFLNFullscale,
    conversionFactor, conversionFactorFullscale,
  };
}

/** Number of synapses of an intrinsic connection: c_A K'_ij N_i (0 where a population is empty). */
export function intrinsicSynapses(
  conversion: number,
  indegreePrime: number,
  nTarget: number,
  nSource: number,
): number {
  return nSource === 0 || nTarget === 0 ? 0 : conversion * indegreePrime * nTarget;
}

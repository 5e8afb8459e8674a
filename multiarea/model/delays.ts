/**
 * Transmission delays of the model (ms): within an area the mean is delay_e for excitatory and
 * delay_i for inhibitory sources; between areas it is distance / interarea_speed; the standard
 * deviation is delay_rel times the mean (before the simulator clips draws at the time step).
 */
import type { NetworkArrays } from '../network-arrays.ts';
import type { DelayParams } from '../params/defaults.ts';
import { isInhibitoryPopulation, splitPopulationLabel } from '../population-label.ts';

/** Mean and standard deviation of the transmission delays (ms), populations x populations (target x source). */
export interface DelayMatrices {
  mean: number[][];
  sd: number[][];
}

/** Mean delay (ms) of a connection from `sourceArea`/`sourcePop` onto a population of `targetArea`. */
export function meanDelay(
  targetArea: string,
  sourceArea: string,
  sourcePop: string,
  delay: DelayParams,
  distances: NetworkArrays['distances'],
): number {
  if (sourceArea === targetArea) return isInhibitoryPopulation(sourcePop) ? delay.delay_i : delay.delay_e;
  const d = distances[targetArea]?.[sourceArea];
  if (typeof d !== 'number') throw new Error(`distances: no distance from ${sourceArea} to ${targetArea}; expected a number in mm`);
  return d / delay.interarea_speed;
}

export function delayMatrices(arrays: NetworkArrays, delay: DelayParams): DelayMatrices {
  const ids = arrays.structureVec.map(splitPopulationLabel);
  const mean = ids.map((t) => ids.map((s) => meanDelay(t.area, s.area, s.pop, delay, arrays.distances)));
  return { mean, sd: mean.map((row) => row.map((m) => m * delay.delay_rel)) };
}

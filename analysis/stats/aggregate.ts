/**
 * Area-level aggregates of population statistics.
 *
 * Upstream's area values ("total") treat an area as one population: its rate is all spikes of the area
 * / (sum of N * window length), which is the N-weighted mean of its population rates; its synchrony
 * and rate time series come from the merged spike trains (see mergeSpikeData). Weighted means are
 * computed directly from population values.
 */
import { areaOfLabel } from '../../multiarea/index.ts';

/** Areas in first-appearance order with the indices of their populations in `structureVec`. */
export function groupPopulationsByArea(structureVec: readonly string[]): Map<string, number[]> {
  const areas = new Map<string, number[]>();
  structureVec.forEach((label, i) => {
    const area = areaOfLabel(label);
    const list = areas.get(area);
    if (list) list.push(i);
    else areas.set(area, [i]);
  });
  return areas;
}

/**
 * sum_i w_i x_i / sum_i w_i over the given indices, skipping NaN values (and their weights); NaN when
 * no weight remains.
 */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>, indices?: readonly number[]): number {
  if (values.length !== weights.length) {
    throw new Error(`weightedMean: ${values.length} values but ${weights.length} weights; expected equal lengths`);
  }
  const idx = indices ?? Array.from({ length: values.length }, (_, i) => i);
  let sum = 0;
  let total = 0;
  for (const i of idx) {
    const w = weights[i];
    if (!(w >= 0)) throw new Error(`weightedMean: weights[${i}] = ${w}; expected a non-negative weight`);
    if (Number.isNaN(values[i]) || w === 0) continue;
    sum += w * values[i];
    total += w;
  }
  return total > 0 ? sum / total : NaN;
}

/**
 * Classes of cortico-cortical connections of Schmidt et al. 2018a (upstream figures/Schmidt2018/helpers.py):
 * the hierarchical relation from the SLN of the connection (feedforward above 0.65, feedback below 0.35,
 * lateral in between, bounds included), next to the structural gradient of analysis/ (architectural
 * types), and how population names are printed.
 */

export type HierarchicalRelation = 'FF' | 'FB' | 'lateral';

export const SLN_THRESHOLDS: [number, number] = [0.35, 0.65];

/** Relation of a connection with this SLN: 'FF' above the upper threshold, 'FB' below the lower, else 'lateral'. */
export function hierarchicalRelation(sln: number, thresholds: readonly [number, number] = SLN_THRESHOLDS): HierarchicalRelation {
  if (!Number.isFinite(sln)) throw new Error(`hierarchical relation: SLN = ${sln}; expected a number in [0, 1]`);
  if (sln > thresholds[1]) return 'FF';
  if (sln < thresholds[0]) return 'FB';
  return 'lateral';
}

/** Population names as the papers print them. */
export const POPULATION_DISPLAY: Readonly<Record<string, string>> = {
  '23E': '2/3E',
  '23I': '2/3I',
  '4E': '4E',
  '4I': '4I',
  '5E': '5E',
  '5I': '5I',
  '6E': '6E',
  '6I': '6I',
};

/** Hierarchical levels of areas: Reid et al. (2009) continuous hierarchy and Markov et al. (2014). */
import type { MarkovHierarchyEntry } from './raw-types.ts';
import { at, field, pandasNumber, pandasRecords, pandasText, pyFloat } from './table-common.ts';

/**
 * hierarchy_Reid.csv (tab-separated, two header lines): area and level, '?' where unknown. MIP and MDP
 * have no level in the table; upstream places them at 0.5.
 */
export function parseHierarchyReid(text: string, file = 'hierarchy_Reid.csv'): Record<string, number> {
  const levels: Record<string, number | '?'> = {};
  for (const { fields, index } of pandasRecords(text, '\t', 2, file)) {
    const where = at(file, index);
    const area = pandasText(field(fields, 0, where), where);
    const level = field(fields, 1, where);
    levels[area] = level === '?' ? '?' : pyFloat(level, where);
  }
  levels.MIP = 0.5;
  levels.MDP = 0.5;
  for (const [area, level] of Object.entries(levels)) {
    if (level === '?') throw new Error(`${file}: area ${area} has unknown level '?' (only MIP and MDP may)`);
  }
  return levels as Record<string, number>;
}

/** hierarchy_Markov.csv (comma-separated, two header lines): area, level, rescaled level. */
export function parseHierarchyMarkov(text: string, file = 'hierarchy_Markov.csv'): Record<string, MarkovHierarchyEntry> {
  const out: Record<string, MarkovHierarchyEntry> = {};
  for (const { fields, index } of pandasRecords(text, ',', 2, file)) {
    const where = at(file, index);
    const area = pandasText(field(fields, 0, where), where);
    out[area] = {
      level: pandasNumber(field(fields, 1, where), where),
      'rescaled level': pandasNumber(field(fields, 2, where), where),
    };
  }
  return out;
}

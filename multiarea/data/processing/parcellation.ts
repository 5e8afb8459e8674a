/**
 * Mapping between parcellations: injections (Markov et al. 2014, M132 atlas) are assigned to the FV91
 * area containing the injection site, and source areas are distributed over FV91 areas in proportion
 * to their spatial overlap (overlap.json, percentages).
 */
/** M132 area names of the FLN/SLN tables whose overlap-table key differs from `<name>_M132`. */
const M132_OVERLAP_NAMES: Record<string, string> = {
  ENTO: 'Entorhinal',
  POLE: 'Temporal-pole',
  Parainsula: 'Insula',
  SUB: 'Subiculum',
  PIRI: 'Piriform',
  PERI: 'Perirhinal',
  'Pro.St.': 'Prostriate',
  INSULA: 'Insula',
  CORE: 'Aud-core',
  '29/30': '29_30',
  'TEa/mp': 'TEam-p',
  'TH/TF': 'TH_TF',
  'TEa/ma': 'TEam-a',
  '9/46v': '9_46v',
  '9/46d': '9_46d',
  SII: 'S2',
};

/** Key of an M132 area in overlap.all. */
export function m132OverlapKey(area: string): string {
  return `${M132_OVERLAP_NAMES[area] ?? area}_M132`;
}

/** FV91 area named by an overlap-table key ('FVE_all.V4' and 'FVE.V4' both name V4). */
export function fv91AreaOfOverlapKey(key: string): string {
  // Same effect as removing the regular expressions "FVE_all." and then "FVE." (any character for the dot).
  return key.replace(/FVE_all./g, '').replace(/FVE./g, '');
}

/**
 * Overlaps (fractions, 0..1) of an M132 area with the model's FV91 areas, in table order; both the
 * 'FVE_all.' and 'FVE.' entries count, so an FV91 area may appear twice.
 */
export function overlapsWithModelAreas(
  m132Area: string,
  overlapAll: Record<string, Record<string, number>>,
  areaList: readonly string[],
): Array<[fv91: string, fraction: number]> {
  const key = m132OverlapKey(m132Area);
  const row = overlapAll[key];
  if (row === undefined) throw new Error(`overlap.all: no entry "${key}" for M132 area "${m132Area}"; expected an overlap row`);
  const result: Array<[string, number]> = [];
  for (const [fvKey, percent] of Object.entries(row)) {
    const fv91 = fv91AreaOfOverlapKey(fvKey);
    if (areaList.includes(fv91)) result.push([fv91, percent / 100]);
  }
  return result;
}

/**
 * Group per-injection values by the FV91 area of the injection site (model areas only) and average
 * over injections; a source missing in some injection of that target counts as 0 there.
 */
export function averageInjectionsByFV91Target<T>(
  injections: Record<string, { source_areas: Record<string, T> }>,
  injectionSites: Record<string, { FV91_area: string }>,
  areaList: readonly string[],
  valueOf: (entry: T) => number,
  what: string,
): Map<string, Map<string, number>> {
  const collected = new Map<string, Map<string, number[]>>();
  for (const [monkey, injection] of Object.entries(injections)) {
    const site = injectionSites[monkey] as { FV91_area: string } | undefined;
    if (site === undefined) throw new Error(`${what}: no injection site for monkey "${monkey}"; expected it in Markov2014_InjectionSites.csv`);
    const target = site.FV91_area;
    if (!areaList.includes(target)) continue;
    let bySource = collected.get(target);
    if (bySource === undefined) collected.set(target, (bySource = new Map()));
    for (const [source, entry] of Object.entries(injection.source_areas)) {
      const list = bySource.get(source);
      if (list === undefined) bySource.set(source, [valueOf(entry)]);
      else list.push(valueOf(entry));
    }
  }
  const averaged = new Map<string, Map<string, number>>();
  for (const [target, bySource] of collected) {
    let injectionsCount = 0;
    for (const list of bySource.values()) injectionsCount = Math.max(injectionsCount, list.length);
    const means = new Map<string, number>();
    for (const [source, list] of bySource) {
      let sum = 0;
      for (const v of list) sum += v;
      means.set(source, sum / injectionsCount);
    }
    averaged.set(target, means);
  }
  return averaged;
}

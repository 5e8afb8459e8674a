/**
 * Population labels "area-pop" (e.g. "V1-23E"): the one place that makes and splits them. Area names
 * may contain '-' (the split is at the last one); population names may not. A population whose name
 * ends in 'I' is inhibitory, every other one excitatory.
 */

export interface PopulationId {
  area: string;
  pop: string;
}

export function populationLabel(area: string, pop: string): string {
  return `${area}-${pop}`;
}

/** Splits "area-pop"; an error names the label when it has no '-' between two non-empty parts. */
export function splitPopulationLabel(label: string): PopulationId {
  const cut = label.lastIndexOf('-');
  if (cut <= 0 || cut === label.length - 1) throw new Error(`population label: got ${JSON.stringify(label)}; expected "area-pop", e.g. "V1-23E"`);
  return { area: label.slice(0, cut), pop: label.slice(cut + 1) };
}

export function areaOfLabel(label: string): string {
  return splitPopulationLabel(label).area;
}

export function isInhibitoryPopulation(pop: string): boolean {
  return pop.endsWith('I');
}

/**
 * Whether an analysis window holds enough spikes for the statistics of single-neuron spike trains.
 *
 * The CV of ISIs needs 2 spikes of a neuron, the LvR 3 (a neuron with fewer counts as 0 in upstream's
 * population LvR), the ISI serial correlations more. With few spikes per neuron the population value
 * comes from the few neurons that happen to have enough, and is biased low: for Poisson spike trains
 * (true CV 1) the mean CV is 0.16 at 1 spike per neuron on average, 0.31 at 2, 0.65 at 5, 0.85 at 10
 * and 0.93 at 20 (test/analysis/window-adequacy.test.ts checks these), and the LvR 0.08 at 1.
 *
 * Rule: a population's spike-train statistics are flagged when its neurons fired fewer than
 * MIN_SPIKES_PER_NEURON = 10 spikes each on average in the window (population rate x window length).
 * At 10 the CV of Poisson trains is within 15 % of its value.
 */
import type { Analysis } from './analysis.ts';

export const MIN_SPIKES_PER_NEURON = 10;

/** Statistics (mam analyze --what names) computed from single-neuron spike trains. */
export const SPIKE_TRAIN_STATISTICS = ['cv', 'lvr', 'isi-scc'] as const;

export interface ShortWindowPopulation {
  label: string;
  spikesPerNeuron: number;
  rate_spikes_per_s: number;
}

/** Mean number of spikes per neuron of every population in the analysis window. */
export function spikesPerNeuron(a: Analysis): { label: string; spikesPerNeuron: number; rate_spikes_per_s: number }[] {
  const seconds = (a.window.t_max_ms - a.window.t_min_ms) / 1000;
  const rates = a.rates().populations;
  return rates.labels.map((label, i) => ({ label, spikesPerNeuron: rates.values[i] * seconds, rate_spikes_per_s: rates.values[i] }));
}

/** The populations (with neurons) below MIN_SPIKES_PER_NEURON, fewest first. */
export function shortWindowPopulations(a: Analysis, min = MIN_SPIKES_PER_NEURON): ShortWindowPopulation[] {
  return spikesPerNeuron(a)
    .filter((p, i) => a.N[i] > 0 && p.spikesPerNeuron < min)
    .sort((x, y) => x.spikesPerNeuron - y.spikesPerNeuron);
}

/**
 * A warning for `statistics` (names as in mam analyze --what) when the window is too short for some
 * population, else null. Says which populations, how many spikes per neuron, and what window would do.
 */
export function shortWindowWarning(a: Analysis, statistics: readonly string[]): string | null {
  const asked = statistics.filter((s) => (SPIKE_TRAIN_STATISTICS as readonly string[]).includes(s));
  if (asked.length === 0) return null;
  const short = shortWindowPopulations(a);
  if (short.length === 0) return null;
  const { t_min_ms, t_max_ms } = a.window;
  const fewest = short.slice(0, 3).map((p) => `${p.label} ${Number(p.spikesPerNeuron.toPrecision(2))}`).join(', ');
  const firing = short.filter((p) => p.rate_spikes_per_s > 0);
  const silent = short.length - firing.length;
  const neededMs = firing.length > 0 ? Math.max(...firing.map((p) => (MIN_SPIKES_PER_NEURON / p.rate_spikes_per_s) * 1000)) : 0;
  const populations = a.N.filter((n) => n > 0).length;
  return (
    `${asked.join(', ')}: ${short.length} of ${populations} populations have fewer than ${MIN_SPIKES_PER_NEURON} spikes per neuron on average ` +
    `in the ${Number((t_max_ms - t_min_ms).toPrecision(6))} ms window [${t_min_ms}, ${t_max_ms}) (fewest: ${fewest}); their values come from the few neurons ` +
    'with enough spikes and are biased low (for Poisson trains the mean CV is 0.31 of its true value at 2 spikes per neuron, 0.65 at 5, 0.85 at 10)' +
    (firing.length > 0 ? `; a window of at least ${Math.ceil(neededMs)} ms gives each firing population ${MIN_SPIKES_PER_NEURON}` : '') +
    (silent > 0 ? `; ${silent} population(s) fired no spike in the window` : '')
  );
}

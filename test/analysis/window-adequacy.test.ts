/**
 * The short-window rule for spike-train statistics: the bias figures it quotes (CV and LvR of Poisson
 * trains at few spikes per neuron) and its threshold of 10 spikes per neuron.
 */
import { describe, expect, it } from 'vitest';
import { Analysis, cvIsi, lvr, MIN_SPIKES_PER_NEURON, shortWindowPopulations, shortWindowWarning, type SpikeData } from '../../analysis/index.ts';
import { uniformGenerator } from '../../core/index.ts';

/** N independent Poisson trains of `rate` (spikes/s) over [0, T) ms, sorted by time. */
function poisson(N: number, rate: number, T: number, seed: number): SpikeData {
  const rand = uniformGenerator(seed);
  const events: [number, number][] = [];
  for (let n = 0; n < N; n++) {
    for (let t = -Math.log(1 - rand()) / (rate / 1000); t < T; t += -Math.log(1 - rand()) / (rate / 1000)) events.push([t, n]);
  }
  events.sort((a, b) => a[0] - b[0]);
  return { times_ms: Float64Array.from(events, (e) => e[0]), senders: Int32Array.from(events, (e) => e[1]) };
}

/** One population of N neurons, each firing exactly `perNeuron` evenly spaced spikes in [0, T). */
function regular(N: number, perNeuron: number, T: number): SpikeData {
  const events: [number, number][] = [];
  for (let n = 0; n < N; n++) for (let k = 0; k < perNeuron; k++) events.push([((k + 0.5) * T) / perNeuron, n]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { times_ms: Float64Array.from(events, (e) => e[0]), senders: Int32Array.from(events, (e) => e[1]) };
}

describe('short analysis windows', () => {
  it('the bias the rule quotes: mean CV of Poisson trains (true CV 1) at 1, 2, 5, 10, 20 spikes per neuron, and the LvR at 1', () => {
    const window = { t_min_ms: 0, t_max_ms: 1000 };
    const N = 8000;
    const quoted: [number, number][] = [[1, 0.16], [2, 0.31], [5, 0.65], [10, 0.85], [20, 0.93]];
    for (const [m, cv] of quoted) expect(cvIsi(poisson(N, m, 1000, 11 + m), N, window).mean).toBeCloseTo(cv, 1.5);
    // 200 spikes per neuron recover CV 1.
    expect(cvIsi(poisson(2000, 200, 1000, 5), 2000, window).mean).toBeCloseTo(1, 1.5);
    expect(lvr(poisson(N, 1, 1000, 3), N, window, 2).mean).toBeCloseTo(0.08, 1.5);
  });

  it('flags exactly the populations below 10 spikes per neuron, and says what window would do', () => {
    const a = new Analysis({
      structureVec: ['V1-23E', 'V1-4E', 'V1-5E', 'V1-6E'],
      N: [10, 10, 10, 10],
      spikes: [regular(10, 9, 1000), regular(10, 10, 1000), regular(10, 2, 1000), { times_ms: new Float64Array(0), senders: new Int32Array(0) }],
      window: { t_min_ms: 0, t_max_ms: 1000 },
    });
    expect(MIN_SPIKES_PER_NEURON).toBe(10);
    expect(shortWindowPopulations(a).map((p) => [p.label, p.spikesPerNeuron])).toEqual([['V1-6E', 0], ['V1-5E', 2], ['V1-23E', 9]]);
    expect(shortWindowWarning(a, ['rates', 'synchrony'])).toBeNull();
    expect(shortWindowWarning(a, ['rates', 'cv', 'lvr'])).toBe(
      'cv, lvr: 3 of 4 populations have fewer than 10 spikes per neuron on average in the 1000 ms window [0, 1000) (fewest: V1-6E 0, V1-5E 2, V1-23E 9); ' +
        'their values come from the few neurons with enough spikes and are biased low (for Poisson trains the mean CV is 0.31 of its true value at 2 spikes per neuron, 0.65 at 5, 0.85 at 10); ' +
        'a window of at least 5000 ms gives each firing population 10; 1 population(s) fired no spike in the window',
    );
    const enough = new Analysis({ structureVec: ['V1-23E'], N: [10], spikes: [regular(10, 10, 1000)], window: { t_min_ms: 0, t_max_ms: 1000 } });
    expect(shortWindowWarning(enough, ['cv', 'lvr', 'isi-scc'])).toBeNull();
  });
});

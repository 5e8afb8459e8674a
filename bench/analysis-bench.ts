/**
 * Timings of the spike-train statistics on one full-scale area (run: npx tsx bench/analysis.ts).
 *
 * Spikes: independent Poisson trains at 3 spikes/s for the neurons of V1 in the default model
 * (about 2e5 neurons, 3.3 M spikes), 5.5 s simulated, analysed over [500, 5500] ms.
 */
import { Analysis } from '../analysis/index.ts';
import { MultiAreaModel } from '../multiarea/index.ts';
import { fromTrains, poissonTrains } from '../test/analysis/helpers.ts';

const model = new MultiAreaModel();
const net = model.arrays();
const labels = net.structureVec.filter((l) => l.startsWith('V1-'));
const N = labels.map((l) => Math.round(net.N[net.structureVec.indexOf(l)]));
const T = 5500;
let t0 = performance.now();
const spikes = labels.map((_, i) => fromTrains(poissonTrains(N[i], 3, T, 100 + i)));
const nSpikes = spikes.reduce((a, s) => a + s.times_ms.length, 0);
console.log(`V1: ${N.reduce((a, b) => a + b, 0)} neurons, ${(nSpikes / 1e6).toFixed(2)} M spikes (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

const time = (name: string, f: () => unknown): void => {
  t0 = performance.now();
  f();
  console.log(`  ${name.padEnd(28)} ${(performance.now() - t0).toFixed(0)} ms`);
};
let analysis!: Analysis;
time('constructor (validation)', () => (analysis = new Analysis({ structureVec: labels, N, spikes, window: { t_min_ms: 500, t_max_ms: T } })));
time('rates', () => analysis.rates());
time('rateDistributions', () => analysis.rateDistributions());
time('rateTimeSeries (1 ms)', () => analysis.rateTimeSeries());
time('rateTimeSeries (gauss 3 ms)', () => analysis.rateTimeSeries({ kernel: 'gauss', width_ms: 3 }));
time('cvIsi', () => analysis.cvIsi());
time('lvr', () => analysis.lvr());
time('synchrony', () => analysis.synchrony());
time('correlationCoefficients', () => analysis.correlationCoefficients());
time('spectra', () => analysis.spectra());
time('summary (again, warm)', () => analysis.summary());

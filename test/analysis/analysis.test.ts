import { describe, expect, it } from 'vitest';
import { Analysis, cvIsi, lvr, meanRate, mergeSpikeData, synchrony } from '../../analysis/index.ts';
import { fromTrains, poissonTrains } from './helpers.ts';

const structureVec = ['V1-23E', 'V1-23I', 'V2-23E'];
const N = [30, 10, 20];
const window = { t_min_ms: 500, t_max_ms: 3000 };
const spikes = [
  fromTrains(poissonTrains(30, 5, 3000, 1)),
  fromTrains(poissonTrains(10, 20, 3000, 2)),
  fromTrains(poissonTrains(20, 8, 3000, 3)),
];

describe('Analysis', () => {
  const analysis = new Analysis({ structureVec, N, spikes, window });

  it('keys population values by "area-pop" label and area values by area, in the given order', () => {
    const rates = analysis.rates();
    expect(rates.populations.labels).toEqual(structureVec);
    expect(rates.areas.labels).toEqual(['V1', 'V2']);
    structureVec.forEach((label, i) => expect(rates.populations.get(label)).toBe(meanRate(spikes[i], N[i], window)));
    expect(() => rates.areas.get('V4')).toThrow(/'V4' not found; expected one of V1, V2/);
  });

  it('keeps the model area order for integer-like area names such as "46" (JSON too)', () => {
    const labels = ['V1-23E', '46-23E', 'FEF-23E'];
    const a = new Analysis({ structureVec: labels, N: [30, 10, 20], spikes, window });
    const rates = a.rates();
    expect(rates.areas.labels).toEqual(['V1', '46', 'FEF']);
    expect(JSON.parse(JSON.stringify(rates.areas)).labels).toEqual(['V1', '46', 'FEF']);
    expect(JSON.parse(JSON.stringify(rates.areas)).values[1]).toBe(rates.areas.get('46'));
  });

  it('area rate = all spikes of the area / (N_area * window); area synchrony from the merged spikes', () => {
    const v1 = mergeSpikeData([
      { spikes: spikes[0], N: 30 },
      { spikes: spikes[1], N: 10 },
    ]);
    expect(v1.N).toBe(40);
    expect(analysis.rates().areas.get('V1')).toBeCloseTo(meanRate(v1.spikes, 40, window), 12);
    expect(analysis.synchrony().areas.get('V1')).toBe(synchrony(v1.spikes, window));
    expect(analysis.rates().areas.get('V2')).toBeCloseTo(meanRate(spikes[2], 20, window), 12);
  });

  it('area CV of ISIs = the CV of the merged area spikes (neurons without a CV carry no weight); LvR N-weighted', () => {
    // Population 0: 30 neurons, only 3 of which fire more than once; population 1: 10 Poisson neurons.
    const sparse = fromTrains([[600, 900, 1400], [700, 760], [800, 1000, 1100, 2000], ...Array.from({ length: 27 }, (_, i) => [1000 + i])]);
    const a = new Analysis({ structureVec: ['V1-23E', 'V1-23I'], N: [30, 10], spikes: [sparse, spikes[1]], window });
    const merged = mergeSpikeData([{ spikes: sparse, N: 30 }, { spikes: spikes[1], N: 10 }]);
    const cv = a.cvIsi();
    expect(cv.areas.get('V1')).toBeCloseTo(cvIsi(merged.spikes, 40, window).mean, 14);
    // The N-weighted mean would be far off: 3 of the 30 neurons carry population 0's CV.
    const nWeighted = (30 * cv.populations.get('V1-23E') + 10 * cv.populations.get('V1-23I')) / 40;
    expect(Math.abs(nWeighted - cv.areas.get('V1'))).toBeGreaterThan(0.05);
    expect(a.lvr().areas.get('V1')).toBeCloseTo(lvr(merged.spikes, 40, window, 2).mean, 14);
    structureVec.forEach((label, i) => expect(analysis.lvr().populations.get(label)).toBe(lvr(spikes[i], N[i], window, 2).mean));
  });

  it('produces JSON-serializable results with shared time axes', () => {
    const series = analysis.rateTimeSeries({ binSize_ms: 5 });
    expect(series.t_ms).toHaveLength(500);
    expect(series.populations.get('V2-23E')).toHaveLength(500);
    expect(series.areas.get('V1')).toHaveLength(500);
    const spectra = analysis.spectra();
    expect(spectra.populations.get('V1-23I').frequency_Hz).toHaveLength(512);
    const cc = analysis.correlationCoefficients();
    const dists = analysis.rateDistributions();
    const text = JSON.stringify({ summary: analysis.summary(), spectra, cc, dists });
    const back = JSON.parse(text);
    expect(back.summary.rates_spikes_per_s.populations.values[0]).toBe(analysis.rates().populations.get('V1-23E'));
    expect(back.dists.populations.values[1].probability).toHaveLength(100);
    expect(back.dists.areas.labels).toEqual(['V1', 'V2']);
    expect(analysis.perNeuronRates('V1-23I')).toHaveLength(10);
  });

  it('says why a statistic that needs the network cannot be computed', () => {
    expect(() => analysis.synapticInput()).toThrow(/synaptic input needs the network/);
    const a = new Analysis({ structureVec, N, spikes, window, networkMissing: 'params.json not found' });
    expect(() => a.functionalConnectivity()).toThrow(/params\.json not found/);
  });

  it('accepts spikes keyed by label and rejects inconsistent input with informative errors', () => {
    const byLabel = new Analysis({
      structureVec,
      N,
      spikes: Object.fromEntries(structureVec.map((l, i) => [l, spikes[i]])),
      window,
    });
    expect(byLabel.rates()).toEqual(analysis.rates());
    expect(() => new Analysis({ structureVec, N: [30, 10], spikes, window })).toThrow(/N has 2 entries for 3/);
    expect(() => new Analysis({ structureVec, N: [30, 10, -1], spikes, window })).toThrow(/V2-23E' = -1/);
    // Fractional N of a down-scaled network: trunc(N) neurons exist.
    expect(new Analysis({ structureVec, N: [30.7, 10.2, 20.999], spikes, window }).N).toEqual([30, 10, 20]);
    expect(() => new Analysis({ structureVec, N: [30, 10, 19.9], spikes, window })).toThrow(/\[0, 19\)/);
    expect(() => new Analysis({ structureVec, N: [30, 10, 5], spikes, window })).toThrow(/spikes of 'V2-23E': senders/);
    expect(() => new Analysis({ structureVec, N, spikes: {}, window })).toThrow(/no spikes given for population 'V1-23E'/);
    expect(() => new Analysis({ structureVec: ['V1'], N: [1], spikes: [fromTrains([[]])], window })).toThrow(/"area-pop"/);
    expect(() => analysis.perNeuronRates('V3-4E')).toThrow(/'V3-4E' not found/);
  });
});

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

  it('keys population values by "area-pop" label and area values by area', () => {
    const rates = analysis.rates();
    expect(Object.keys(rates.populations)).toEqual(structureVec);
    expect(Object.keys(rates.areas)).toEqual(['V1', 'V2']);
    structureVec.forEach((label, i) => expect(rates.populations[label]).toBe(meanRate(spikes[i], N[i], window)));
  });

  it('area rate = all spikes of the area / (N_area * window), the N-weighted mean of population rates', () => {
    const v1 = mergeSpikeData([
      { spikes: spikes[0], N: 30 },
      { spikes: spikes[1], N: 10 },
    ]);
    expect(v1.N).toBe(40);
    expect(analysis.rates().areas.V1).toBeCloseTo(meanRate(v1.spikes, 40, window), 12);
    expect(analysis.synchrony().areas.V1).toBeCloseTo(synchrony(v1.spikes, window), 12);
    expect(analysis.rates().areas.V2).toBeCloseTo(meanRate(spikes[2], 20, window), 12);
  });

  it('CV and LvR per population equal the functions; area values are N-weighted means', () => {
    const cv = analysis.cvIsi();
    const lv = analysis.lvr();
    structureVec.forEach((label, i) => {
      expect(cv.populations[label]).toBe(cvIsi(spikes[i], N[i], window).mean);
      expect(lv.populations[label]).toBe(lvr(spikes[i], N[i], window, 2).mean);
    });
    expect(cv.areas.V1).toBeCloseTo((30 * cv.populations['V1-23E'] + 10 * cv.populations['V1-23I']) / 40, 14);
  });

  it('produces JSON-serializable results with shared time axes', () => {
    const series = analysis.rateTimeSeries({ binSize_ms: 5 });
    expect(series.t_ms).toHaveLength(500);
    expect(series.populations['V2-23E']).toHaveLength(500);
    expect(series.areas.V1).toHaveLength(500);
    const spectra = analysis.spectra();
    expect(spectra.populations['V1-23I'].frequency_Hz).toHaveLength(512);
    const cc = analysis.correlationCoefficients();
    const dists = analysis.rateDistributions();
    const text = JSON.stringify({ summary: analysis.summary(), series, spectra, cc, dists });
    const back = JSON.parse(text);
    expect(back.summary.rates_spikes_per_s.populations['V1-23E']).toBe(analysis.rates().populations['V1-23E']);
    expect(back.dists['V1-23I'].probability).toHaveLength(100);
    expect(analysis.perNeuronRates('V1-23I')).toHaveLength(10);
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

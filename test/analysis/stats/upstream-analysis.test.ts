import { describe, expect, it } from 'vitest';
import {
  cvIsi,
  lvr,
  meanRate,
  pairwiseCorrelation,
  populationRateSpectrum,
  rateDistribution,
  synchrony,
} from '../../../analysis/index.ts';
import { readProjectJson } from '../../helpers/shared.ts';
import { fixtureSpikes } from '../upstream-fixture-data.ts';

// Values computed by upstream's own analysis functions on the same spike data (provenance in the file).
const upstream = readProjectJson<any>('test', 'fixtures', 'analysis_upstream_fixture.json');
const { spikes, N, window } = fixtureSpikes();

describe('agreement with upstream analysis_helpers on the same spikes', () => {
  it('population rate, CV of ISIs, LvR (R = 2 ms)', () => {
    expect(meanRate(spikes, N, window)).toBeCloseTo(upstream.pop_rate, 13);
    expect(cvIsi(spikes, N, window).mean).toBeCloseTo(upstream.pop_cv_isi, 13);
    expect(lvr(spikes, N, window, 2).mean).toBeCloseTo(upstream.pop_LvR, 13);
  });

  it("synchrony is upstream's synchrony() (std/mean of the rate), with its half-bin-shifted bins by default", () => {
    expect(synchrony(spikes, window)).toBeCloseTo(upstream.synchrony, 13);
    expect(synchrony(spikes, window, { binOffset_ms: 0.5 })).toBe(synchrony(spikes, window));
  });

  it('Welch spectrum of the population rate', () => {
    const p = populationRateSpectrum(spikes, N, window, { binOffset_ms: 0.5 });
    expect(p.power).toHaveLength(upstream.spectrum.length);
    upstream.spectrum.indices.forEach((k: number, j: number) => {
      expect(p.frequency_Hz[k]).toBe(upstream.spectrum.frequency_Hz[j]);
      expect(p.power[k] / upstream.spectrum.power[j]).toBeCloseTo(1, 12);
    });
    expect(p.power.reduce((a, b) => a + b, 0) / upstream.spectrum.sum).toBeCloseTo(1, 12);
  });

  it('mean pairwise correlation coefficient (compute_corrcoeff.py)', () => {
    expect(pairwiseCorrelation(spikes, N, window, { sampleSize: 40 }).mean).toBeCloseTo(upstream.corrcoeff_sample40, 14);
  });

  it("rate distribution mean exceeds upstream's by its one dropped spike per active neuron but the first", () => {
    const d = rateDistribution(spikes, N, window);
    const active = new Set(Array.from(spikes.senders)).size; // every listed neuron fires inside the window here
    expect(d.mean).toBeCloseTo(upstream.pop_rate, 13);
    expect(d.mean - upstream.pop_rate_distribution_mean).toBeCloseTo((active - 1) / (N * 2), 13);
  });
});

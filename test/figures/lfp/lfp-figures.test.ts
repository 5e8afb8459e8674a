import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaSignals, FourSphereVolumeConductor } from '../../../analysis/index.ts';
import { uniformGenerator } from '../../../core/index.ts';
import {
  DEFAULT_EEG_SETUP,
  DEFAULT_SIGNAL_OPTIONS,
  eegGain,
  lfpSignalsData,
  modelAreaConnectivity,
  modelFor,
  Pipeline,
  poissonDraw,
  poissonPopulationCounts,
  presynapticKernels,
  unitKernelsFor,
  areaKernelsRule,
  lfpTheoryRule,
  meanFieldRule,
  readMeanFieldRates,
} from '../../../figures/index.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('Poisson surrogate activity', () => {
  it('draws counts with the Poisson mean and variance (small and chunked large means)', () => {
    const rand = uniformGenerator(7);
    for (const mean of [0.5, 7, 35]) {
      const n = 40000;
      const x = Array.from({ length: n }, () => poissonDraw(mean, rand));
      const m = x.reduce((a, b) => a + b, 0) / n;
      const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
      expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
      expect(Math.abs(v / mean - 1)).toBeLessThan(0.05);
      if (mean === 0.5) expect(Math.abs(x.filter((k) => k === 0).length / n - Math.exp(-0.5))).toBeLessThan(0.01);
    }
    expect(poissonDraw(0, rand)).toBe(0);
    expect(() => poissonDraw(-1, rand)).toThrow(/poisson mean: got -1/);
  });

  it('population counts: N nu dt per bin, reproducible for a seed', () => {
    const c = poissonPopulationCounts(1000, 5, 0.1, 20000, 3);
    expect(c.reduce((a, b) => a + b, 0) / 20000).toBeCloseTo(0.5, 1);
    expect(poissonPopulationCounts(1000, 5, 0.1, 100, 3)).toEqual(c.subarray(0, 100));
    expect(() => poissonPopulationCounts(1000, 5, 0, 10, 1)).toThrow(/dt > 0/);
  });
});

describe('kernels and signals of an area', () => {
  const model = modelFor({});
  const kernels = unitKernelsFor(model, tempDir('mam-kern-'));
  const conn = modelAreaConnectivity(model, 'V1');

  it("a presynaptic population's kernel: unit kernels x out-degree x PSC amplitude, summed over the targets", () => {
    const summed = presynapticKernels(kernels, conn);
    const { structureVec, N, K, W } = model.arrays();
    const row = (p: string) => structureVec.indexOf(`V1-${p}`);
    const nLag = kernels.lags.length;
    for (const X of ['4I', '23E']) {
      const k = summed.find((s) => s.X === X)!;
      for (const ch of [0, 8, 15]) {
        const expected = new Float64Array(nLag);
        const dipole = new Float64Array(nLag);
        for (const Y of ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I']) {
          const scale = ((K[row(Y)][row(X)] * N[row(Y)]) / N[row(X)]) * (W[row(Y)][row(X)] / 1000);
          for (let j = 0; j < nLag; j++) {
            expected[j] += scale * kernels.lfp[`${Y}<-${X}`].data[ch * nLag + j];
            dipole[j] += scale * kernels.dipole[`${Y}<-${X}`][j];
          }
        }
        const peak = Math.max(...expected.map(Math.abs));
        for (let j = 0; j < nLag; j++) expect(Math.abs(k.lfp[ch][j] - expected[j])).toBeLessThan(1e-9 * peak);
        const dPeak = Math.max(...dipole.map(Math.abs));
        for (let j = 0; j < nLag; j++) expect(Math.abs(k.dipole[j] - dipole[j])).toBeLessThan(1e-9 * dPeak);
      }
    }
    expect(() => modelAreaConnectivity(model, 'V9')).toThrow(/area "V9" is not a model area/);
  });

  it('EEG gain: the four-sphere potential of a radial unit dipole under the electrode (positive)', () => {
    const gain = eegGain(DEFAULT_EEG_SETUP);
    const M = new FourSphereVolumeConductor({ rElectrodes: [[0, 0, 90000]], dipoleLocation: [0, 0, 78000] }).getDipoleTransformationMatrix();
    expect(gain).toBe(M.data[2]);
    expect(gain).toBeGreaterThan(0);
  });

  it('signals: the LFP of the figure is the convolution of the counts, after the kernel warm-up; EEG = gain x dipole', () => {
    const dt = kernels.lags[1] - kernels.lags[0];
    const bins = Math.round(700 / dt);
    const counts: Record<string, Float64Array> = {};
    Object.keys(conn.N).forEach((p, k) => (counts[p] = poissonPopulationCounts(conn.N[p]!, 3, dt, bins, 10 + k)));
    const options = { ...DEFAULT_SIGNAL_OPTIONS, window_ms: [100, 200] as [number, number], segment_ms: 128 };
    const data = lfpSignalsData('V1', kernels, conn, counts, options);
    const { lfp, dipole } = areaSignals(kernels, counts, conn);
    const warmup = Math.round(kernels.lags[kernels.lags.length - 1] / dt);
    expect(data.duration_ms).toBeCloseTo((bins - warmup) * dt, 9);
    const ch = 7;
    const row = lfp.data.subarray(ch * lfp.cols + warmup, (ch + 1) * lfp.cols);
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const step = Math.round(0.5 / dt);
    data.window.lfp_mV[ch].forEach((v, k) => expect(v).toBeCloseTo(row[Math.round(100 / dt) + k * step] - mean, 12));
    data.window.eeg_uV.forEach((v, k) => expect(v).toBeCloseTo(dipole[warmup + Math.round(100 / dt) + k * step] * data.eegGain_mV_per_nAum * 1000, 9));
    // Mean rates: counts / (N T), close to the 3 spikes/s the counts were drawn at.
    for (const r of data.meanRates_Hz) expect(Math.abs(r - 3)).toBeLessThan(0.1);
    expect(() => lfpSignalsData('V1', kernels, conn, counts, { ...options, spectrumDepths_um: [-50] })).toThrow(/-50 is not a contact depth/);
    expect(() => lfpSignalsData('V1', kernels, conn, counts, { ...options, segment_ms: 5000 })).toThrow(/expected at least one Welch segment of 5000 ms/);
  });
});

describe('LFP figures through the pipeline', () => {
  it('kernel figure = scaled unit kernels; theory figure driven by the mean-field rates; rerun is a no-op', async () => {
    const cacheDir = tempDir('mam-lfp-');
    const theory = { dt: 0.01 };
    const rules = [
      meanFieldRule('mean-field-default', { model: {}, theory }),
      areaKernelsRule({ model: {}, area: 'V1' }),
      lfpTheoryRule({ model: {}, area: 'V1', meanField: 'mean-field-default', duration_ms: 1000, seed: 1, signals: DEFAULT_SIGNAL_OPTIONS }),
    ];
    const { outputs } = await new Pipeline(rules, { cacheDir, renderer: 'silent' }).run();
    const kernelsFig = JSON.parse(readFileSync(join(outputs['lfp-kernels'], 'lfp-kernels.json'), 'utf8')).data;
    // Independent: unit kernel x out-degree x PSC amplitude, summed over targets, from the model's own arrays.
    const model = modelFor({});
    const unit = unitKernelsFor(model, cacheDir);
    const { structureVec, N, K, W } = model.arrays();
    const row = (p: string) => structureVec.indexOf(`V1-${p}`);
    const X = '5I';
    const nLag = unit.lags.length;
    const expected = new Float64Array(nLag);
    for (const Y of ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I']) {
      const scale = ((K[row(Y)][row(X)] * N[row(Y)]) / N[row(X)]) * (W[row(Y)][row(X)] / 1000);
      const u = unit.lfp[`${Y}<-${X}`];
      for (let k = 0; k < nLag; k++) expected[k] += scale * u.data[3 * nLag + k];
    }
    const got = kernelsFig.kernels.find((k: any) => k.population === X).lfp_uV[3];
    const peak = Math.max(...expected.map(Math.abs));
    got.forEach((v: number, k: number) => expect(Math.abs(v / 1e3 - expected[k])).toBeLessThan(1e-9 * peak));

    const signals = JSON.parse(readFileSync(join(outputs['lfp-theory'], 'lfp-theory.json'), 'utf8')).data;
    const rates = readMeanFieldRates(outputs['mean-field-default']);
    expect(rates.converged).toBe(true); // at dt = 0.01 ms the default model settles on its fixed point
    expect(signals.rateSource).toBe('mean-field fixed point');
    signals.populations.forEach((p: string, k: number) => {
      const nu = rates.rates[rates.structureVec.indexOf(`V1-${p}`)];
      const n = N[row(p)];
      // Poisson: standard error of the mean rate sqrt(nu / (n T)).
      expect(Math.abs(signals.meanRates_Hz[k] - nu)).toBeLessThan(5 * Math.sqrt(nu / (n * signals.duration_ms * 1e-3)) + 1e-12);
    });
    const again = await new Pipeline(rules, { cacheDir, renderer: 'silent' }).run();
    expect(again.ran).toEqual([]);
  }, 180_000);
});

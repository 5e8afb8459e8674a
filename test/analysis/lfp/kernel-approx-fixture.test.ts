// Fresh-clone check of the kernels against samples cut from the LFPykernels reference
// (test/fixtures/lfpykernels_fixture.json, provenance inside).
import { describe, expect, it } from 'vitest';
import { readProjectJson } from '../../helpers/shared.ts';
import { dirname } from 'node:path';
import { CASES, README_SPEC_FILE, readmeKernels, readmeSpec } from './helpers.ts';
import { computeKernelsFromSpec, FourSphereVolumeConductor } from '../../../analysis/index.ts';

const fixture = readProjectJson('test', 'fixtures', 'lfpykernels_fixture.json');

describe('kernels vs reference samples (fixture)', () => {
  for (const [name, X] of Object.entries(CASES)) {
    it(`${name}: peaks and every ${fixture.step}th lag within 1e-6 of the channel peak`, () => {
      const result = readmeKernels(X);
      expect(result.lags.length).toBe(fixture.n_lags);
      for (const [probe, channels] of Object.entries<any[]>(fixture.cases[name].H)) {
        const H = result.H[probe];
        expect(H.rows).toBe(channels.length);
        channels.forEach(({ peak, samples }, ch) => {
          const row = H.data.subarray(ch * H.cols, (ch + 1) * H.cols);
          const myPeak = row.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          const scale = peak === 0 ? 1e-300 : peak;
          expect(Math.abs(myPeak - peak) / scale, `${probe} ${ch} peak`).toBeLessThan(1e-6);
          samples.forEach((v: number, k: number) => {
            expect(Math.abs(row[k * fixture.step] - v) / scale, `${probe} ${ch} lag ${k * fixture.step}`).toBeLessThan(1e-6);
          });
        });
      }
    });
  }

  it('kernels vanish at negative lags and at lag 0', () => {
    const { lags, H } = readmeKernels('I');
    const g = H.GaussCylinderPotential;
    for (let k = 0; k < lags.length; k++) {
      if (lags[k] <= 0) for (let ch = 0; ch < g.rows; ch++) expect(g.data[ch * g.cols + k]).toBe(0);
    }
  });
});

describe('EEG kernel', () => {
  it('a four-sphere probe gives M_4s times the population dipole-moment kernel', () => {
    const spec = readmeSpec('I', [{ type: 'FourSphereVolumeConductor', rElectrodes: [[0, 0, 90000]], dipoleLocation: [0, 0, 78000] }]);
    const result = computeKernelsFromSpec(spec, dirname(README_SPEC_FILE));
    const eeg = result.H.FourSphereVolumeConductor;
    const cdm = result.H.KernelApproxCurrentDipoleMoment;
    const m = new FourSphereVolumeConductor({ rElectrodes: [[0, 0, 90000]], dipoleLocation: [0, 0, 78000] }).getDipoleTransformationMatrix();
    expect([eeg.rows, eeg.cols]).toEqual([1, 1601]);
    const peak = eeg.data.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0);
    for (let k = 0; k < eeg.cols; k++) expect(Math.abs(eeg.data[k] - m.data[2] * cdm.data[2 * cdm.cols + k])).toBeLessThan(1e-12 * peak);
    // and against the reference dipole kernel (fixture samples)
    const ref = fixture.cases.EI_cdm.H.KernelApproxCurrentDipoleMoment[2];
    ref.samples.forEach((v: number, k: number) => expect(Math.abs(eeg.data[k * fixture.step] - m.data[2] * v)).toBeLessThan(1e-6 * Math.abs(m.data[2]) * ref.peak));
  });
});

describe('kernel without the effective-conductance correction', () => {
  it('keeps the bare leak and gives larger, slower kernels', () => {
    const spec = readmeSpec('I');
    spec.kernel.gEff = false;
    const plain = computeKernelsFromSpec(spec, dirname(README_SPEC_FILE));
    expect(Array.from(plain.details.cell.gPas).every((g) => g === 3e-4)).toBe(true);
    const withGeff = readmeKernels('I');
    const z = (r: typeof plain) => r.H.KernelApproxCurrentDipoleMoment.data.subarray(2 * 1601, 3 * 1601);
    const peakOf = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peakOf(z(plain))).toBeGreaterThan(peakOf(z(withGeff)));
    // a lower leak conductance lengthens the membrane time constant: more of the kernel remains at +20 ms
    const at20 = 800 + 20 * 16;
    expect(Math.abs(z(plain)[at20]) / peakOf(z(plain))).toBeGreaterThan(Math.abs(z(withGeff)[at20]) / peakOf(z(withGeff)));
  });
});

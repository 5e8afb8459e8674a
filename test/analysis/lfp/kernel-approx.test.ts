// Kernels and every intermediate stage against LFPykernels 0.2.0 + NEURON 8.2.2 (../shared/refs/lfpykernels).
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, SKIP_SHARED_MESSAGE, readSharedJson } from '../../helpers/shared.ts';
import { CASES, readmeKernels, relMaxError } from './helpers.ts';
import { segmentMidpoints } from '../../../analysis/index.ts';

describe.skipIf(!HAS_SHARED)(`kernels vs LFPykernels reference${HAS_SHARED ? '' : ` (${SKIP_SHARED_MESSAGE})`}`, () => {
  const ref = HAS_SHARED ? readSharedJson('refs', 'lfpykernels', 'kernels.json') : undefined;
  const inter = HAS_SHARED ? readSharedJson('refs', 'lfpykernels', 'intermediates.json') : undefined;

  for (const [name, X] of Object.entries(CASES)) {
    it(`${name}: every channel within 1e-6 of its peak`, () => {
      const refCase = ref.cases[name];
      const result = readmeKernels(X);
      expect(result.lags.length).toBe(refCase.n_times);
      expect(result.lags[0]).toBeCloseTo(refCase.tau_lag_first, 12);
      for (const [probe, { shape, data }] of Object.entries<any>(refCase.H)) {
        const H = result.H[probe];
        expect([H.rows, H.cols]).toEqual(shape);
        for (let ch = 0; ch < shape[0]; ch++) {
          const mine = H.data.subarray(ch * H.cols, (ch + 1) * H.cols);
          expect(relMaxError(mine, data[ch]), `${probe} channel ${ch}`).toBeLessThan(1e-6);
        }
      }
    });
  }

  for (const [name, X] of [['readme_EI_gauss', 'I'], ['readme_EE_gauss', 'E']] as const) {
    it(`${name}: intermediate stages (geometry, synapses, delay filter, M, membrane currents)`, () => {
      const I = inter[name];
      const { details } = readmeKernels(X);
      const cell = details.cell;
      expect(cell.totnsegs).toBe(I.cell.totnsegs);
      expect(relMaxError(cell.zStart, I.cell.z.map((z: number[]) => z[0]))).toBeLessThan(1e-14);
      expect(relMaxError(cell.zEnd, I.cell.z.map((z: number[]) => z[1]))).toBeLessThan(1e-14);
      expect(relMaxError(cell.diam, I.cell.d)).toBeLessThan(1e-14);
      expect(relMaxError(cell.area, I.cell.area)).toBeLessThan(1e-13);
      expect(relMaxError(cell.length, I.cell.length)).toBeLessThan(1e-13);
      expect(cell.sections.map((s) => s.nseg)).toEqual(I.cell.sections.map((s: any) => s.nseg));
      expect(relMaxError(cell.gPas, I.cell.g_pas)).toBeLessThan(1e-13);
      expect(relMaxError(details.pSynapse[0], I.p_synapse_per_segment.E)).toBeLessThan(1e-13);
      expect(relMaxError(details.pSynapse[1], I.p_synapse_per_segment.I)).toBeLessThan(1e-13);
      expect(relMaxError(details.compWeight, I.comp_weight_nA)).toBeLessThan(1e-13);
      expect(relMaxError(details.multapseMean, I.multapse_mean)).toBeLessThan(1e-13);
      expect(relMaxError(details.K_YX, I.K_YX)).toBeLessThan(1e-13);
      expect(relMaxError(details.kIn, I.k_YX_in)).toBeLessThan(1e-13);
      expect(relMaxError(details.kOut, I.k_YX_out)).toBeLessThan(1e-13);
      expect(relMaxError(details.hDelay, I.h_delay)).toBeLessThan(1e-13);
      // Upstream integrates M with scipy quad (tolerance ~1e-8); ours is accurate to ~1e-14.
      const M = details.M.GaussCylinderPotential;
      I.M.GaussCylinderPotential.forEach((row: number[], j: number) => {
        expect(relMaxError(M.data.subarray(j * M.cols, (j + 1) * M.cols), row)).toBeLessThan(1e-7);
      });
      // Membrane currents in the window 450..550 ms (spike at 500 ms, current from two steps later).
      const first = details.tvec.findIndex((t) => t >= I.imem_window_t[0] - 1e-9);
      const nt = details.tvec.length;
      let peak = 0;
      for (let i = 0; i < cell.totnsegs; i++) {
        const mine = details.imem.data.subarray(i * nt + first, i * nt + first + I.imem_window_t.length);
        peak = Math.max(peak, relMaxError(mine, I.imem_window[i]) * Math.max(...I.imem_window[i].map(Math.abs)));
      }
      expect(peak / I.imem_sum_abs_max).toBeLessThan(1e-9);
      // The dipole moment matrix is the segment midpoint depth.
      expect(Array.from(details.M.KernelApproxCurrentDipoleMoment.data.subarray(2 * cell.totnsegs))).toEqual(Array.from(segmentMidpoints(cell, 'z')));
    });
  }
});

/**
 * Every model option has the effect the model's definition implies (exact relations between
 * builds with different parameters). The reference networks check the defaults; these tests
 * check the options the references do not cover.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/multi-area-model.ts';
import { writeNpy } from '../../core/io/npy.ts';
import { loadKPrimeOriginal } from '../../multiarea/data/dataset.ts';
import { getProcessedData } from '../../multiarea/data/processing/load.ts';

// All builds use the bundled dataset, so these tests run without ../shared.
const build = (custom: any, options: any = {}) => new MultiAreaModel(custom, options);

function relClose(a: number, b: number, tol = 1e-12): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** Collects failed element checks, so that loops over 65 000 entries stay fast; assert with expectNoFailures. */
let failures: string[] = [];
function check(ok: boolean, what: string | (() => string)): void {
  if (!ok && failures.length < 10) failures.push(typeof what === 'string' ? what : what());
}
function expectNoFailures(): void {
  const f = failures;
  failures = [];
  expect(f).toEqual([]);
}

function expectAllClose(actual: number[][], expected: number[][], tol = 1e-12, what = ''): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    for (let j = 0; j < actual[i].length; j++) {
      if (!relClose(actual[i][j], expected[i][j], tol) && Math.abs(actual[i][j] - expected[i][j]) > 1e-12) {
        throw new Error(`${what}[${i}][${j}]: got ${actual[i][j]}, expected ${expected[i][j]}`);
      }
    }
  }
}

describe('model options', () => {
  const base = build({ connection_params: { K_stable: null } });
  const n = base.structureVec.length;
  const areaOf = (i: number) => base.structureVec[i].split('-')[0];
  const popOf = (i: number) => base.structureVec[i].split('-')[1];
  const tmp = mkdtempSync(join(tmpdir(), 'mam-model-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  afterEach(() => expectNoFailures());

  describe('K_stable', () => {
    it('null keeps the data-derived indegrees (synapses / N_target)', () => {
      const md = base.modelData;
      for (let i = 0; i < n; i += 7) {
        const [ta, tp] = base.structureVec[i].split('-');
        for (let j = 0; j < n; j += 5) {
          const [sa, sp] = base.structureVec[j].split('-');
          expect(base.K_matrix[i][j]).toBe(md.synapses[ta][tp][sa][sp] / md.neuron_numbers[ta][tp]);
        }
      }
    });

    it('the bundled K\' replaces local and cortico-cortical indegrees but not the external ones', () => {
      const stable = build({});
      const kPrime = loadKPrimeOriginal();
      let changed = 0;
      for (let i = 0; i < n; i++) {
        check(stable.K_matrix[i][n] === base.K_matrix[i][n], `K_ext[${i}]`);
        for (let j = 0; j < n; j++) {
          const expected = kPrime.data[i * n + j];
          check(stable.K_matrix[i][j] === (Math.abs(expected) <= 1.00001e-8 ? 0 : expected), `K[${i}][${j}]`);
          if (stable.K_matrix[i][j] !== base.K_matrix[i][j]) changed++;
          check(stable.syn_matrix[i][j] === stable.K_matrix[i][j] * stable.N_vec[i], `syn[${i}][${j}]`);
        }
      }
      expect(changed).toBeGreaterThan(1000);
    });

    it('a user .npy file (relative to baseDir) gives the same network as the same matrix bundled', () => {
      writeNpy(join(tmp, 'kp.npy'), { shape: [n, n], data: loadKPrimeOriginal().data });
      const fromFile = build({ connection_params: { K_stable: 'kp.npy' } }, { baseDir: tmp });
      const bundled = build({});
      expectAllClose(fromFile.K_matrix, bundled.K_matrix, 0, 'K');
    });

    it('a matrix of the wrong shape is an error naming the parameter, the file and the expected shape', () => {
      writeNpy(join(tmp, 'small.npy'), { shape: [3, 3], data: new Float64Array(9) });
      expect(() => build({ connection_params: { K_stable: join(tmp, 'small.npy') } })).toThrow(
        /connection_params\.K_stable: .*small\.npy has shape \(3, 3\); expected \(254, 254\)/,
      );
    });
  });

  it('cc_weights_factor and cc_weights_I_factor scale exactly the cortico-cortical weights', () => {
    const ground = build({ connection_params: { K_stable: null, cc_weights_factor: 1, cc_weights_I_factor: 1 } });
    const custom = build({ connection_params: { K_stable: null, cc_weights_factor: 1.7, cc_weights_I_factor: 3 } });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const factor = areaOf(i) === areaOf(j) ? 1 : popOf(i).includes('I') ? 1.7 * 3 : 1.7;
        check(relClose(custom.W_matrix[i][j], ground.W_matrix[i][j] * factor), () => `W[${i}][${j}]`);
        check(relClose(custom.W_sd_matrix[i][j], ground.W_sd_matrix[i][j] * factor), () => `W_sd[${i}][${j}]`);
      }
      check(custom.W_matrix[i][n] === ground.W_matrix[i][n], `W_ext[${i}]`);
    }
    expect(custom.K_matrix).toEqual(ground.K_matrix);
  });

  it('av_indegree_V1 scales every synapse number and indegree proportionally', () => {
    const doubled = build({ connection_params: { K_stable: null, av_indegree_V1: 7900 } });
    const scaled = base.syn_matrix.map((row) => row.map((s) => 2 * s));
    expectAllClose(doubled.syn_matrix, scaled, 1e-9, 'syn');
    expect(doubled.N_vec).toEqual(base.N_vec);
  });

  it('surface scales the population sizes and changes the intrinsic indegrees', () => {
    for (const surface of [2.5, 150]) {
      const m = build({ surface, connection_params: { K_stable: null } });
      for (let i = 0; i < n; i++) check(relClose(m.N_vec[i], base.N_vec[i] * surface), () => `N[${i}]`);
      // Larger areas keep more intrinsic synapses inside the model: the intrinsic FLN grows.
      expect(m.modelData.Intrinsic_FLN_completed.V1.mean).toBeGreaterThan(base.modelData.Intrinsic_FLN_completed.V1.mean);
      expect(m.modelData.Intrinsic_FLN_completed.V1.mean).toBeLessThan(0.79 + 1e-12);
      // (External indegrees may turn negative for large surfaces, where more cortico-cortical synapses
      // are assigned than the area has room for: a property of the model definition, as upstream.)
      for (const row of m.K_matrix) for (const k of row) check(Number.isFinite(k), 'finite K');
    }
  });

  it('fac_nu_ext_5E, fac_nu_ext_6E and fac_nu_ext_TH scale the external indegrees of their populations', () => {
    const m = build({ connection_params: { K_stable: null, fac_nu_ext_5E: 2, fac_nu_ext_6E: 1, fac_nu_ext_TH: 1.5 } });
    for (let i = 0; i < n; i++) {
      const pop = popOf(i);
      let factor = pop === '5E' ? 2 / 1.125 : pop === '6E' ? 1 / 1.41666667 : 1;
      if (areaOf(i) === 'TH' && (pop === '23E' || pop === '5E')) factor *= 1.5 / 1.2;
      check(relClose(m.K_matrix[i][n], base.K_matrix[i][n] * factor, 1e-12), () => `K_ext[${i}]`);
      for (let j = 0; j < n; j += 17) check(m.K_matrix[i][j] === base.K_matrix[i][j], `K[${i}][${j}]`);
    }
  });

  it('PSP_e, PSP_e_23_4, PSP_ext and g set the weights', () => {
    const m = build({ connection_params: { K_stable: null, PSP_e: 0.3, PSP_e_23_4: 0.45, PSP_ext: 0.2, g: -5 } });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let factor: number;
        if (areaOf(i) === areaOf(j) && popOf(i) === '23E' && popOf(j) === '4E') factor = 0.45 / 0.3;
        else if (popOf(j).includes('E')) factor = 0.3 / 0.15;
        else factor = (0.3 * -5) / (0.15 * -11);
        check(relClose(m.W_matrix[i][j], base.W_matrix[i][j] * factor), () => `W[${i}][${j}]`);
        check(relClose(m.J_matrix[i][j], base.J_matrix[i][j] * factor), () => `J[${i}][${j}]`);
      }
      check(relClose(m.W_matrix[i][n], base.W_matrix[i][n] * (0.2 / 0.15)), () => `W_ext[${i}]`);
    }
  });

  it('PSC amplitude of 0.15 mV PSPs for the default neuron (analytic PSP peak)', () => {
    // Peak of the PSP of an exponential current I(t) = w exp(-t / tau_s) into a leaky membrane.
    const C = 250, tm = 10, ts = 0.5;
    const tPeak = (Math.log(tm / ts) * tm * ts) / (tm - ts);
    const peakPerPa = (tm * ts) / (C * (tm - ts)) * (Math.exp(-tPeak / tm) - Math.exp(-tPeak / ts));
    expect(relClose(base.W_matrix[0][n], 0.15 / peakPerPa, 1e-12)).toBe(true);
  });

  it('lognormal_weights and lognormal_EE_only choose the relative weight spread', () => {
    const all = build({ connection_params: { K_stable: null, lognormal_weights: true } });
    const ee = build({ connection_params: { K_stable: null, lognormal_weights: true, lognormal_EE_only: true } });
    for (let i = 0; i < n; i += 3) {
      for (let j = 0; j < n; j++) {
        const special = areaOf(i) === areaOf(j) && popOf(i) === '23E' && popOf(j) === '4E';
        const w = Math.abs(base.W_matrix[i][j]);
        check(relClose(base.W_sd_matrix[i][j], 0.1 * w), () => `normal W_sd[${i}][${j}]`);
        check(relClose(all.W_sd_matrix[i][j], (special ? 0.1 : 3) * w), () => `lognormal W_sd[${i}][${j}]`);
        const isEE = popOf(i).includes('E') && popOf(j).includes('E');
        check(relClose(ee.W_sd_matrix[i][j], (isEE && !special ? 3 : 0.1) * w), () => `EE-only W_sd[${i}][${j}]`);
      }
    }
  });

  it('E_specificity redistributes feedback synapses to 93% onto excitatory targets, keeping totals', () => {
    const off = build({ connection_params: { K_stable: null, E_specificity: false } });
    const sln = getProcessedData().SLN_completed;
    const coco = getProcessedData().cocomac_completed;
    let feedbackPairs = 0;
    let differs = 0;
    for (const ta of base.areaList) {
      for (const sa of base.areaList) {
        if (ta === sa) continue;
        let onE = 0, onI = 0, offE = 0, offI = 0;
        for (const tp of base.populationList) {
          for (const sp of base.populationList) {
            const vOn = base.synapses[ta][tp][sa][sp];
            const vOff = off.synapses[ta][tp][sa][sp];
            if (tp.includes('E')) { onE += vOn; offE += vOff; } else { onI += vOn; offI += vOff; }
          }
        }
        check(relClose(onE + onI, offE + offI, 1e-12), `total ${ta} <- ${sa}`);
        const isFeedback = sa in coco[ta] && sln[ta][sa] < 0.35;
        if (isFeedback && offE > 0 && offI > 0) {
          feedbackPairs++;
          check(relClose(onE / (onE + onI), 0.93, 1e-12), `E fraction ${ta} <- ${sa}`);
          if (!relClose(offE / (offE + offI), 0.93, 1e-6)) differs++;
        } else {
          check(relClose(onE, offE, 1e-12) || onE === offE, `non-feedback ${ta} <- ${sa}`);
        }
      }
    }
    expect(feedbackPairs).toBeGreaterThan(50);
    expect(differs).toBe(feedbackPairs);
  });

  it("SLN_fit 'fitted' builds from the SLN coefficients fitted to the data (close to the published ones)", () => {
    const fitted = build({ connection_params: { K_stable: null, SLN_fit: 'fitted' } });
    let maxRel = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= n; j++) {
        const b = base.syn_matrix[i][j];
        if (b !== 0) maxRel = Math.max(maxRel, Math.abs(fitted.syn_matrix[i][j] - b) / Math.abs(b));
      }
    }
    expect(maxRel).toBeGreaterThan(0);
    expect(maxRel).toBeLessThan(1e-4);
    expect(fitted.label).not.toBe(base.label);
  });

  it("rho_syn 'area-specific' gives every area the average indegree of V1; 'constant' does not", () => {
    const flat = { K_stable: null, fac_nu_ext_5E: 1, fac_nu_ext_6E: 1, fac_nu_ext_TH: 1 };
    const constant = build({ connection_params: { ...flat } });
    const specific = build({ connection_params: { ...flat, rho_syn: 'area-specific' } });
    const avgIndegree = (m: MultiAreaModel, area: string): number => {
      let syn = 0;
      let neurons = 0;
      for (let i = 0; i < n; i++) {
        if (areaOf(i) !== area) continue;
        neurons += m.N_vec[i];
        for (const s of m.syn_matrix[i]) syn += s;
      }
      return syn / neurons;
    };
    // TH is the exception: its intrinsic normalization counts connections from its missing L4.
    for (const area of base.areaList) {
      if (area !== 'TH') check(relClose(avgIndegree(specific, area), 3950, 1e-12), `average indegree of ${area}`);
    }
    expect(avgIndegree(specific, 'TH')).toBeLessThan(3950);
    expect(avgIndegree(constant, 'V1')).toBeCloseTo(3950, 6);
    expect(Math.abs(avgIndegree(constant, 'TH') - 3950)).toBeGreaterThan(100);
    // V1 itself is the same in both modes.
    const v1 = constant.vectorMask({ areas: ['V1'] });
    for (let i = 0; i < n; i++) {
      if (!v1[i]) continue;
      for (let j = 0; j <= n; j++) {
        check(relClose(specific.syn_matrix[i][j], constant.syn_matrix[i][j], 1e-12) || specific.syn_matrix[i][j] === constant.syn_matrix[i][j], `V1 syn[${i}][${j}]`);
      }
    }
  });
});

/** Sanity of the stabilization (Schuecker, Schmidt et al. 2017, Eqs. 6-13) on the full model. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/index.ts';
import {
  factor6E,
  FROZEN_CC_SOURCE_POPS,
  loadKPrime,
  saveKPrime,
  stabilize,
  Theory,
  withDrive,
  type StabilizationResult,
} from '../../theory/index.ts';

const CC1 = { cc_weights_factor: 1, cc_weights_I_factor: 1 };
let theory: Theory;
let rates: Float64Array;
let result: StabilizationResult;
let dir: string;

beforeAll(() => {
  const m = new MultiAreaModel({ connection_params: CC1 });
  const mPrime = new MultiAreaModel({ connection_params: { ...CC1, fac_nu_ext_5E: 1.2, fac_nu_ext_6E: (10 / 3) * 1.2 - 7 / 3 } });
  theory = new Theory({ arrays: m.arrays(), params: m.params });
  const theoryPrime = new Theory({ arrays: mPrime.arrays(), params: mPrime.params });
  rates = theory.integrateSiegert().runs[0].final;
  result = stabilize(theory, theoryPrime, rates);
  dir = mkdtempSync(join(tmpdir(), 'mam-theory-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stabilize', () => {
  it('uses the critical eigenpair of M: M u = lambda u, v M = lambda v, v . u = 1', () => {
    const { u, v, M } = result;
    const n = u.length;
    const lambda = result.criticalEigenvalue.re;
    let vu = 0;
    for (let i = 0; i < n; i++) {
      vu += v[i] * u[i];
      let Mu = 0;
      let vM = 0;
      for (let j = 0; j < n; j++) {
        Mu += M[i * n + j] * u[j];
        vM += v[j] * M[j * n + i];
      }
      expect(Mu).toBeCloseTo(lambda * u[i], 9);
      expect(vM).toBeCloseTo(lambda * v[i], 9);
    }
    expect(vu).toBeCloseTo(1, 9);
  });

  it('the unconstrained indegree change cancels the fixed-point shift along the critical direction', () => {
    const { u, v, deltaK, fixedPointShift } = result;
    const n = u.length;
    const s = theory.slopes(rates);
    const tau = theory.model.params.neuron_params.single_neuron_dict.tau_m * 1e-3;
    // first-order rate change caused by deltaK at the fixed point
    let projection = 0;
    let shiftProjection = 0;
    for (let i = 0; i < n; i++) {
      let dNu = 0;
      for (let j = 0; j < n; j++) {
        const J = theory.model.arrays.J[i][j];
        dNu += tau * (s.dRateDmu[i] * J + s.dRateDsigma2[i] * J * J) * deltaK[i][j] * rates[j];
      }
      projection += v[i] * dNu;
      shiftProjection += v[i] * fixedPointShift[i];
    }
    expect(Math.abs(shiftProjection)).toBeGreaterThan(0);
    expect(projection + shiftProjection).toBeCloseTo(0, 8);
  });

  it("applies the paper's constraints and keeps indegrees >= 0", () => {
    const labels = theory.structureVec;
    const area = labels.map((l) => l.split('-')[0]);
    const pop = labels.map((l) => l.split('-')[1]);
    const K = theory.model.arrays.K;
    let changed = 0;
    result.K_prime.forEach((row, i) =>
      row.forEach((kp, j) => {
        expect(kp).toBeGreaterThanOrEqual(0);
        if (area[i] !== area[j] && FROZEN_CC_SOURCE_POPS.includes(pop[j])) expect(kp).toBe(K[i][j]);
        else expect(kp).toBe(Math.max(0, K[i][j] + result.deltaK[i][j]));
        if (kp !== K[i][j]) changed++;
      }),
    );
    expect(changed).toBeGreaterThan(1000);
  });

  it('saves K_prime as .npy that a model uses as K_stable', () => {
    const file = join(dir, 'K_prime.npy');
    saveKPrime(file, result.K_prime);
    expect(loadKPrime(file)).toEqual(result.K_prime);
    const m = new MultiAreaModel({ connection_params: { ...CC1, K_stable: file } });
    const K = m.arrays().K;
    result.K_prime.forEach((row, i) => row.forEach((kp, j) => expect(K[i][j]).toBeCloseTo(kp, 9)));
  });

  it('withDrive scales the external indegrees of 5E and 6E only, and can replace the internal ones', () => {
    const model = theory.model;
    const n = model.arrays.structureVec.length;
    expect(factor6E(1.2)).toBeCloseTo(5 / 3, 14);
    const K = result.K_prime;
    const d = withDrive(model, 1.2, factor6E(1.2), K);
    model.arrays.structureVec.forEach((label, i) => {
      const f = label.endsWith('-5E') ? 1.2 : label.endsWith('-6E') ? factor6E(1.2) : 1;
      expect(d.arrays.K[i][n]).toBeCloseTo(model.arrays.K[i][n] * f, 9);
      expect(d.arrays.K[i].slice(0, n)).toEqual(K[i]);
    });
  });
});

/**
 * The checks of upstream's own test-suite (tests/test_replace_cc.py, the down-scaling rationale of
 * Schmidt et al. 2018), on the ground-state model: these hold exactly by construction, so they pin
 * down how the external, DC and replaced cortico-cortical inputs enter mu and sigma.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { Theory, transfer, type TheoryModel } from '../../theory/index.ts';

const CC1 = { cc_weights_factor: 1, cc_weights_I_factor: 1 };

let full: TheoryModel;
let fullTheory: Theory;
let fullRates: Float64Array;

beforeAll(() => {
  const m = new MultiAreaModel({ connection_params: CC1 });
  full = { arrays: m.arrays(), params: m.params };
  fullTheory = new Theory(full);
  fullRates = fullTheory.integrateSiegert().runs[0].final;
});

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, abs: number, what: string) {
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (err > abs && err > rel * Math.abs(want[i])) {
      throw new Error(`${what}[${i}]: got ${got[i]}, expected ${want[i]}`);
    }
  }
}

describe('theory invariants of upstream', () => {
  it('a network down-scaled with its own full-scale theory rates has the same mu, sigma and rates', () => {
    const ratesByArea: Record<string, Record<string, number>> = {};
    fullTheory.structureVec.forEach((label, i) => {
      const [area, pop] = label.split('-');
      (ratesByArea[area] ??= {})[pop] = fullRates[i];
    });
    const m = new MultiAreaModel({ N_scaling: 0.01, K_scaling: 0.01, fullscale_rates: ratesByArea, connection_params: CC1 });
    const scaled = Theory.fromModel(m);
    const a = fullTheory.muSigma(fullRates);
    const b = scaled.muSigma(fullRates);
    expectClose(b.mu, a.mu, 1e-9, 1e-9, 'mu');
    expectClose(b.sigma, a.sigma, 1e-9, 1e-9, 'sigma');
    // the DC drive is what keeps mu: it must not be zero
    expect(Math.max(...m.arrays().addDC.map(Math.abs))).toBeGreaterThan(1);
    // The full-scale rates are a fixed point of the down-scaled network: Phi(mu, sigma) = nu.
    const phi = new Float64Array(fullRates.length);
    transfer(scaled.network, fullRates, phi);
    expectClose(phi, fullRates, 1e-6, 1e-9, 'rates');
    // ... but there an unstable one: with K -> 0.01 K and J -> 10 J the stabilizing mean feedback
    // (~ K J) shrinks tenfold while the variance feedback (~ K J^2) stays, so the pseudo-time
    // integration from any start leaves it (documented, not a defect of the theory).
    expect(fullTheory.stability(fullRates).lambdaMax).toBeLessThan(1);
    expect(scaled.stability(fullRates).lambdaMax).toBeGreaterThan(1);
  });

  it('replacing all cortico-cortical input by het_poisson_stat at the network rates gives the same rates', () => {
    const params = { ...full.params, connection_params: { ...full.params.connection_params, replace_cc: 'het_poisson_stat' } };
    const theory = new Theory({ arrays: full.arrays, params }, {}, { ccInputRates: fullRates });
    const a = fullTheory.muSigma(fullRates);
    const b = theory.muSigma(fullRates);
    expectClose(b.mu, a.mu, 1e-12, 1e-12, 'mu');
    expectClose(theory.integrateSiegert().runs[0].final, fullRates, 1e-6, 1e-9, 'rates');
  });

  it('hom_poisson_stat: mu of the replaced input into V1 is the hand-computed sum at rate_ext', () => {
    const params = { ...full.params, connection_params: { ...full.params.connection_params, replace_cc: 'hom_poisson_stat' } };
    const theory = new Theory({ arrays: full.arrays, params });
    const { mu } = theory.replaceCCInput();
    const { K, J, structureVec } = full.arrays;
    const tau = full.params.neuron_params.single_neuron_dict.tau_m * 1e-3;
    const rateExt = full.params.input_params.rate_ext;
    const v1 = structureVec.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('V1-'));
    expect(v1.length).toBe(8);
    for (const [, i] of v1) {
      let sum = 0;
      structureVec.forEach((l, j) => {
        if (!l.startsWith('V1-')) sum += J[i][j] * K[i][j] * rateExt * tau;
      });
      expect(mu[i]).toBeCloseTo(sum, 10);
      expect(sum).toBeGreaterThan(0.1);
    }
    // the replaced connections no longer depend on the network rates
    const zero = theory.muSigma(new Float64Array(structureVec.length));
    const withRates = theory.muSigma(Float64Array.from(structureVec, (l) => (l.startsWith('V1-') ? 0 : 100)));
    for (const [, i] of v1) expect(withRates.mu[i]).toBe(zero.mu[i]);
  });

  it("replace_cc = 'het_current_nonstat' is a clear error", () => {
    const params = { ...full.params, connection_params: { ...full.params.connection_params, replace_cc: 'het_current_nonstat' } };
    expect(() => new Theory({ arrays: full.arrays, params })).toThrow(/het_current_nonstat'; not supported by the theory/);
  });
});

/** Parameters, initial conditions, Newton fixed points and linear stability on small exact cases. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THEORY_PARAMS,
  resolveTheoryParams,
  siegert,
  solveFixedPoint,
  Theory,
  transfer,
} from '../../theory/index.ts';
import { BISTABLE_TOY, toyModel } from '../helpers/toy-rate-model.ts';

describe('theory parameters', () => {
  it('defaults are upstream theory_params', () => {
    expect(resolveTheoryParams({})).toEqual(DEFAULT_THEORY_PARAMS);
    expect(DEFAULT_THEORY_PARAMS).toMatchObject({ T: 50, dt: 0.1, rec_interval: null, initial_rates: null, initial_rates_max: 1000 });
  });
  it('unknown and invalid parameters name path, value and what is allowed', () => {
    expect(() => resolveTheoryParams({ dT: 1 })).toThrow(/unknown parameter 'dT'; allowed keys: .*dt/);
    expect(() => resolveTheoryParams({ T: -3 })).toThrow(/T: got -3; expected a number > 0/);
    expect(() => resolveTheoryParams({ rec_interval: 0.25 })).toThrow(/rec_interval: got 0.25; expected null or a multiple of dt = 0.1 ms/);
    expect(() => resolveTheoryParams({ initial_rates: 'random_uniform' })).toThrow(/initial_rates_iter: got null/);
    expect(() => new Theory(toyModel(), { initial_rates: [1, 2] })).toThrow(/initial_rates: got 2 rates; expected 4/);
  });
});

describe('integration and initial conditions', () => {
  it('follows the NEST siegert_neuron update: first step without input, then P1 r + P2 Phi(previous rates)', () => {
    const model = toyModel();
    const theory = new Theory(model, { T: 0.3, initial_rates: [1, 2, 3, 4] });
    const { times, runs } = theory.integrateSiegert();
    expect(times).toEqual([0, 0.1, 0.2, 0.3]);
    const P1 = Math.exp(-0.1);
    const r = runs[0].rates;
    const r1 = [1, 2, 3, 4].map((x) => P1 * x);
    r1.forEach((x, i) => expect(r[i][1]).toBeCloseTo(x, 14));
    const phi = new Float64Array(4);
    transfer(theory.network, Float64Array.from(r1), phi);
    r1.forEach((x, i) => expect(r[i][2]).toBeCloseTo(P1 * x + (1 - P1) * phi[i], 12));
    // Phi itself from hand-computed mu, sigma for population 0
    const { mu, sigma } = theory.muSigma(r1);
    const K = model.arrays.K[0];
    const J = model.arrays.J[0];
    let m = 1e-2 * K[4] * J[4] * 10;
    let s2 = 1e-2 * K[4] * J[4] ** 2 * 10;
    for (let j = 0; j < 4; j++) {
      m += 1e-2 * K[j] * J[j] * r1[j];
      s2 += 1e-2 * K[j] * J[j] ** 2 * r1[j];
    }
    expect(mu[0]).toBeCloseTo(m, 12);
    expect(sigma[0]).toBeCloseTo(Math.sqrt(s2), 12);
    expect(phi[0]).toBeCloseTo(siegert(m, Math.sqrt(s2), { theta: 15, V_reset: 0, tau_m: 10, tau_syn: 0.5, t_ref: 2 }), 10);
  });

  it('random_uniform draws initial_rates_iter reproducible conditions in [0, initial_rates_max)', () => {
    const spec = { initial_rates: 'random_uniform', initial_rates_iter: 3, initial_rates_max: 50, T: 1 };
    const a = new Theory(toyModel(), spec).initialConditions();
    const b = new Theory(toyModel(), spec).initialConditions();
    expect(a.length).toBe(3);
    expect(a).toEqual(b);
    for (const c of a) for (const x of c) expect(x >= 0 && x < 50).toBe(true);
    expect(a[0]).not.toEqual(a[1]);
    const runs = new Theory(toyModel(), spec).integrateSiegert().runs;
    expect(runs.length).toBe(3);
    runs.forEach((run, k) => expect(Array.from(run.rates, (r) => r[0])).toEqual(Array.from(a[k])));
  });
});

describe('fixed points and stability', () => {
  it('Newton converges to the fixed point the integration approaches, and the gain matrix is dPhi/dnu', () => {
    const theory = new Theory(toyModel(), { T: 200 });
    const nuInt = theory.integrateSiegert().runs[0].final;
    const fp = theory.fixedPoint(nuInt);
    expect(fp.converged).toBe(true);
    for (let i = 0; i < 4; i++) expect(fp.rates[i]).toBeCloseTo(nuInt[i], 6);
    // G against central differences of Phi(nu)
    const G = theory.gainMatrix(fp.rates);
    const h = 1e-5;
    for (let j = 0; j < 4; j++) {
      const up = Float64Array.from(fp.rates);
      const dn = Float64Array.from(fp.rates);
      up[j] += h;
      dn[j] -= h;
      const pu = new Float64Array(4);
      const pd = new Float64Array(4);
      transfer(theory.network, up, pu);
      transfer(theory.network, dn, pd);
      for (let i = 0; i < 4; i++) expect(G[i * 4 + j]).toBeCloseTo((pu[i] - pd[i]) / (2 * h), 6);
    }
    const st = theory.stability(fp.rates);
    expect(st.lambdaMax).toBeLessThan(1);
    expect(st.spectrum.real.length).toBe(4);
    for (let k = 1; k < 4; k++) expect(st.spectrum.real[k]).toBeLessThanOrEqual(st.spectrum.real[k - 1]);
  });

  it('Newton also finds an unstable fixed point that the integration never settles on', () => {
    // weak external drive and weak inhibition: bistable (low / high) with an unstable middle point
    const toy = toyModel(BISTABLE_TOY);
    const theory = new Theory(toy, { T: 300 });
    const low = theory.integrateSiegert().runs[0].final;
    const high = new Theory(toy, { T: 300, initial_rates: [400, 400, 400, 400] })
      .integrateSiegert().runs[0].final;
    expect(high[0] - low[0]).toBeGreaterThan(10);
    // guesses on the segment low -> high, near the low state where the separatrix lies here
    const fps = [0.01, 0.02, 0.03, 0.04, 0.05].map((t) =>
      solveFixedPoint(theory.network, Float64Array.from(low, (x, i) => x + t * (high[i] - x)), { maxIter: 100 }),
    );
    const middle = fps.find((f) => f.converged && f.rates[0] > low[0] + 0.1 && f.rates[0] < high[0] - 1);
    expect(middle).toBeDefined();
    expect(theory.stability(middle!.rates).lambdaMax).toBeGreaterThan(1);
    expect(theory.stability(low).lambdaMax).toBeLessThan(1);
  });
});

describe('neuron_params in the theory parameters (upstream theory_params nesting)', () => {
  it('override the network neuron parameters entry by entry', () => {
    const base = new Theory(toyModel());
    expect(base.network.neuron).toEqual({ theta: 15, V_reset: 0, tau_m: 10, tau_syn: 0.5, t_ref: 2 });
    const other = new Theory(toyModel(), { neuron_params: { neuron_model: 'iaf_psc_exp', single_neuron_dict: { t_ref: 1, V_th: -52 } } });
    expect(other.network.neuron).toEqual({ theta: 13, V_reset: 0, tau_m: 10, tau_syn: 0.5, t_ref: 1 });
    expect(() => new Theory(toyModel(), { neuron_params: { single_neuron_dict: { tau: 1 } } })).toThrow(
      /unknown parameter 'neuron_params.single_neuron_dict.tau'/,
    );
  });
});

describe("upstream's slope convention", () => {
  it('is a forward difference of 0.01 mV with the shifted threshold held fixed', () => {
    const theory = new Theory(toyModel());
    const rates = [2, 5, 3, 4];
    const exact = theory.slopes(rates);
    const up = theory.slopes(rates, 'upstream');
    const p = theory.network.neuron;
    for (let i = 0; i < 4; i++) {
      const mu = up.mu[i];
      const sigma = up.sigma[i];
      const shift = sigma * (Math.SQRT2 * 1.4603545088095868 / 2) * Math.sqrt(p.tau_syn / p.tau_m);
      const fixed = { ...p, theta: p.theta + shift, V_reset: p.V_reset + shift, tau_syn: 0 };
      expect(up.dRateDmu[i]).toBeCloseTo((siegert(mu + 0.01, sigma, fixed) - siegert(mu, sigma, fixed)) / 0.01, 10);
      expect(up.dRateDsigma2[i]).toBeCloseTo((siegert(mu, sigma + 0.01, fixed) - siegert(mu, sigma, fixed)) / 0.01 / (2 * sigma), 10);
      // close to the exact d/dmu (the step is small), but d/dsigma ignores the shift's sigma dependence
      expect(Math.abs(up.dRateDmu[i] - exact.dRateDmu[i])).toBeLessThan(0.02 * Math.abs(exact.dRateDmu[i]) + 1e-9);
    }
  });
});

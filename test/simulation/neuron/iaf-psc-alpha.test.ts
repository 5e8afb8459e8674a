import { describe, expect, it } from 'vitest';
import { alphaPropagators, computeAlphaPropagators, IafPscAlphaState, stepIafPscAlpha } from '../../../simulation/neuron/iaf-psc-alpha.ts';
import { describeNestCases } from './nest-single-neuron-cases.ts';

const params = { E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 2, t_ref: 2 };

describe('iaf_psc_alpha propagators', () => {
  it('P31 and P32 equal the closed forms of the exact integration', () => {
    const h = 0.1, tm = 10, ts = 2, C = 250;
    const { P31, P32 } = alphaPropagators(ts, tm, C, h);
    // Response of V to a unit dI (P31) and a unit I (P32) over one step, from the analytic solution.
    const a = 1 / ts, b = 1 / tm;
    const e = (x: number) => Math.exp(-x * h);
    const p32 = (e(a) - e(b)) / (C * (b - a));
    const p31 = (1 / C) * ((e(b) - e(a)) / (b - a) ** 2 + (h * e(a)) / (b - a));
    expect(P32).toBeCloseTo(p32, 15);
    expect(Math.abs(P31 - p31) / p31).toBeLessThan(1e-10);
  });

  it('uses the tau_syn = tau_m limits, and is continuous towards them', () => {
    const h = 0.1, C = 250;
    const limit = alphaPropagators(10, 10, C, h);
    expect(limit.P31).toBe(0.5 * h * h * (1 / C) * Math.exp(-h * (1 / 10)));
    expect(limit.P32).toBe((h / C) * Math.exp(-h / 10));
    const near = alphaPropagators(10 * (1 + 1e-6), 10, C, h);
    expect(near.P31 / limit.P31).toBeCloseTo(1, 5);
    expect(near.P32 / limit.P32).toBeCloseTo(1, 5);
  });

  it('a spike of weight w makes a current peaking at w after tau_syn', () => {
    const P = computeAlphaPropagators(params, 0.1);
    const s = new IafPscAlphaState(1);
    const ex = new Float64Array([87.8]);
    const inh = new Float64Array([-300]);
    const out = new Int32Array(1);
    const iEx: number[] = [];
    const iIn: number[] = [];
    for (let t = 0; t < 60; t++) {
      stepIafPscAlpha(s, P, 0, 0, 1, ex, inh, 0, null, out, 0);
      iEx.push(s.iEx[0]);
      iIn.push(s.iIn[0]);
    }
    // The input enters at the end of step 0, so I(k dt) after k more steps is w (t/tau) e^(1 - t/tau).
    const alpha = (w: number, tau: number, t: number) => w * (t / tau) * Math.exp(1 - t / tau);
    for (let k = 1; k < 60; k++) {
      expect(iEx[k]).toBeCloseTo(alpha(87.8, 0.5, k * 0.1), 10);
      expect(iIn[k]).toBeCloseTo(alpha(-300, 2, k * 0.1), 10);
    }
    expect(iEx[5]).toBeCloseTo(87.8, 10);
    expect(iIn[20]).toBeCloseTo(-300, 10);
  });

  it('holds V_m at V_min when given, and rejects bad parameters', () => {
    const P = computeAlphaPropagators(params, 0.1, -70);
    const s = new IafPscAlphaState(1);
    s.setVm(0, -65, -65);
    const ex = new Float64Array(1);
    const inh = new Float64Array([-1e5]);
    const out = new Int32Array(1);
    for (let t = 0; t < 50; t++) stepIafPscAlpha(s, P, 0, 0, 1, ex, inh, 0, null, out, 0);
    expect(s.v[0] - 65).toBe(-70);
    expect(() => computeAlphaPropagators({ ...params, tau_syn_ex: 0 }, 0.1)).toThrow(/tau_syn_ex = 0/);
    expect(() => computeAlphaPropagators(params, 0.1, NaN)).toThrow(/V_min/);
  });
});

describeNestCases('iaf_psc_alpha');

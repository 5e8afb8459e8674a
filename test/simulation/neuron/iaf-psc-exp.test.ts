import { describe, expect, it } from 'vitest';
import { computePropagators, propagatorCurrentToVoltage } from '../../../simulation/neuron/iaf-psc-exp.ts';
import { describeNestCases } from './nest-single-neuron-cases.ts';

describe('iaf_psc_exp propagators', () => {
  it('P21 equals the closed form and its tau_syn -> tau_m limit', () => {
    const h = 0.1, tm = 10, ts = 0.5, C = 250;
    const closed = ((tm * ts) / (C * (tm - ts))) * (Math.exp(-h / tm) - Math.exp(-h / ts));
    expect(propagatorCurrentToVoltage(ts, tm, C, h)).toBeCloseTo(closed, 15);
    // Equal time constants: h/C exp(-h/tau)
    expect(propagatorCurrentToVoltage(10, 10, C, h)).toBe((h / C) * Math.exp(-h / 10));
    // Nearly equal: continuous with the limit
    expect(propagatorCurrentToVoltage(10 * (1 + 1e-12), 10, C, h)).toBeCloseTo((h / C) * Math.exp(-h / 10), 12);
  });

  it('rounds t_ref to the grid and rejects bad parameters', () => {
    const p = { E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 0.5, t_ref: 2 };
    expect(computePropagators(p, 0.1).refractorySteps).toBe(20);
    expect(() => computePropagators({ ...p, tau_m: -1 }, 0.1)).toThrow(/tau_m = -1/);
    expect(() => computePropagators({ ...p, V_reset: -40 }, 0.1)).toThrow(/V_reset = -40/);
  });
});

describeNestCases('iaf_psc_exp');

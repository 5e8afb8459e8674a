import { describe, expect, it } from 'vitest';
import { dawson, erfcx, erfcxIntegral, siegert, siegertWithDerivatives, type SiegertParams } from '../../theory/index.ts';

/**
 * Independent reference for the Siegert rate: the erf-free form
 *   sqrt(pi) int_{y_r}^{y_th} e^{u^2}(1 + erf u) du = int_0^inf e^{-u^2} (e^{2 u y_th} - e^{2 u y_r}) / u du
 * (from e^{y^2} erfc(-y) = 2/sqrt(pi) int_0^inf e^{-u^2 + 2 u y} du), integrated with tanh-sinh
 * quadrature, refined until two levels agree to 1e-14. Scaled by e^{-m}, m = max(y_th, 0)^2.
 */
function tanhSinh(f: (x: number) => number, a: number, b: number): number {
  const w = b - a;
  const level = (h: number) => {
    let sum = 0;
    for (let t = -4; t <= 4 + 1e-12; t += h) {
      const s = (Math.PI / 2) * Math.sinh(t);
      const weight = ((Math.PI / 2) * Math.cosh(t)) / Math.cosh(s) ** 2;
      if (weight < 1e-300) continue;
      // u close to either end computed without cancellation
      const u = s < 0 ? a + w / (1 + Math.exp(-2 * s)) : b - w / (1 + Math.exp(2 * s));
      sum += weight * f(u);
    }
    return (sum * h * w) / 2;
  };
  let h = 0.25;
  let prev = level(h);
  for (let k = 0; k < 8; k++) {
    h /= 2;
    const cur = level(h);
    if (Math.abs(cur - prev) <= 1e-14 * Math.abs(cur)) return cur;
    prev = cur;
  }
  return prev;
}

function referenceRate(mu: number, sigma: number, p: SiegertParams): number {
  const shift = (Math.SQRT2 * 1.4603545088095868) / 2 * Math.sqrt(p.tau_syn / p.tau_m);
  const yTh = (p.theta - mu) / sigma + shift;
  const yR = (p.V_reset - mu) / sigma + shift;
  const m = Math.max(yTh, 0) ** 2;
  const f = (u: number) => {
    if (u === 0) return 2 * (yTh - yR) * Math.exp(-m);
    const d = 2 * u * (yTh - yR);
    if (d > 30) return (Math.exp(-u * u + 2 * u * yTh - m) - Math.exp(-u * u + 2 * u * yR - m)) / u;
    return (Math.exp(-u * u + 2 * u * yR - m) * Math.expm1(d)) / u;
  };
  const peak = Math.max(yTh, 0);
  const integral = (peak > 0 ? tanhSinh(f, 0, peak) : 0) + tanhSinh(f, peak, peak + 40);
  return (1e3 * Math.exp(-m)) / (Math.exp(-m) * p.t_ref + p.tau_m * integral);
}

const NEURON: SiegertParams = { theta: 15, V_reset: 0, tau_m: 10, tau_syn: 0.5, t_ref: 2 };

describe('erfcx, Dawson and the erfcx integral', () => {
  it('match known values and identities', () => {
    expect(erfcx(0)).toBe(1);
    // erfcx(1) = e * erfc(1); erfc(1) = 0.15729920705028513066
    expect(erfcx(1)).toBeCloseTo(Math.E * 0.15729920705028513066, 15);
    expect(erfcx(30) * 30 * Math.sqrt(Math.PI)).toBeCloseTo(1 - 1 / 1800 + 3 / (4 * 30 ** 4) - 15 / (8 * 30 ** 6), 10);
    // Dawson: F'(x) = 1 - 2 x F(x)
    for (const x of [0.3, 1, 2.5, 7.9, 8.1, 20]) {
      const h = 1e-5;
      const dF = (dawson(x + h) - dawson(x - h)) / (2 * h);
      expect(dF).toBeCloseTo(1 - 2 * x * dawson(x), 8);
    }
    // d/dx int_0^x erfcx = erfcx(x), across the table/asymptotic split at 8
    for (const x of [0.2, 3, 7.999, 8.001, 50]) {
      const h = 1e-5;
      expect((erfcxIntegral(x + h) - erfcxIntegral(x - h)) / (2 * h)).toBeCloseTo(erfcx(x), 9);
    }
  });
});

describe('siegert (Fourcaud-Brunel shifted Siegert formula)', () => {
  const mus = [-100, -50, -20, -5, 0, 5, 10, 13, 14, 14.5, 15, 15.5, 17, 20, 30, 50, 100];
  const sigmas = [0.1, 0.3, 1, 2, 5, 10, 30, 100];

  it('equals an independent tanh-sinh quadrature of the erf-free form for mu in [-100, 100] mV, sigma in [0.1, 100] mV', () => {
    let worst = 0;
    for (const mu of mus) {
      for (const sigma of sigmas) {
        const ref = referenceRate(mu, sigma, NEURON);
        const got = siegert(mu, sigma, NEURON);
        expect(Number.isFinite(got)).toBe(true);
        if (ref < 1e-290) {
          expect(got).toBeLessThan(1e-280);
          continue;
        }
        worst = Math.max(worst, Math.abs(got - ref) / ref);
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('without synaptic filtering (tau_syn = 0) and with other neuron parameters', () => {
    const p: SiegertParams = { theta: 20, V_reset: 10, tau_m: 20, tau_syn: 0, t_ref: 0.5 };
    for (const [mu, sigma] of [[5, 3], [19, 1], [25, 0.5], [-3, 40]]) {
      const ref = referenceRate(mu, sigma, p);
      expect(Math.abs(siegert(mu, sigma, p) - ref) / ref).toBeLessThan(1e-10);
    }
  });

  it('approaches the noise-free LIF rate for strong drive and vanishes for strong inhibition', () => {
    const mu = 1e4;
    const deterministic = 1e3 / (NEURON.t_ref + NEURON.tau_m * Math.log(mu / (mu - NEURON.theta)));
    expect(siegert(mu, 1, NEURON)).toBeCloseTo(deterministic, 2);
    expect(siegert(-100, 0.1, NEURON)).toBe(0);
  });

  it('exact derivatives agree with central differences', () => {
    for (const [mu, sigma] of [[10, 5], [14.9, 0.5], [20, 3], [-5, 20], [2, 4]]) {
      const d = siegertWithDerivatives(mu, sigma, NEURON);
      const h = 1e-5;
      const dMu = (siegert(mu + h, sigma, NEURON) - siegert(mu - h, sigma, NEURON)) / (2 * h);
      const dSigma = (siegert(mu, sigma + h, NEURON) - siegert(mu, sigma - h, NEURON)) / (2 * h);
      expect(Math.abs(d.dRateDmu - dMu)).toBeLessThan(1e-6 * Math.max(1, Math.abs(dMu)));
      expect(Math.abs(d.dRateDsigma - dSigma)).toBeLessThan(1e-6 * Math.max(1, Math.abs(dSigma)));
      expect(d.rate).toBe(siegert(mu, sigma, NEURON));
    }
  });

  it('rejects sigma <= 0 and non-finite mu, naming the parameter', () => {
    expect(() => siegert(1, 0, NEURON)).toThrow(/sigma = 0 mV; expected a finite number > 0/);
    expect(() => siegert(Number.NaN, 1, NEURON)).toThrow(/mu = NaN/);
  });
});

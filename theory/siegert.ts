/**
 * Stationary firing rate of the leaky integrate-and-fire neuron driven by Gaussian white noise
 * (Siegert formula), with the Fourcaud & Brunel (2002) correction for exponentially filtered
 * synaptic input: threshold and reset are shifted up by sigma * alpha / 2 * sqrt(tau_syn / tau_m),
 * alpha = sqrt(2) * |zeta(1/2)|.
 *
 *   Phi(mu, sigma) = 1 / (t_ref + tau_m sqrt(pi) * int_{y_r}^{y_th} exp(u^2) (1 + erf(u)) du)
 *   y_th = (theta - mu) / sigma + s,   y_r = (V_reset - mu) / sigma + s,   s = alpha/2 sqrt(tau_syn/tau_m)
 *
 * Voltages are relative to E_L (mV), times in ms, the rate in spikes/s.
 *
 * Robustness: with m = max(y_th, 0)^2 the integrand is evaluated as exp(-m) * exp(u^2) (1 + erf(u)),
 * which is bounded by 2 on the whole interval:
 *   u < 0:  exp(u^2)(1 + erf(u)) = erfcx(-u)
 *   u >= 0: exp(u^2)(1 + erf(u)) = 2 exp(u^2) - erfcx(u)
 * and the rate is exp(-m) / (exp(-m) t_ref + tau_m sqrt(pi) J) with J the scaled integral, so
 * nothing overflows for large y_th (strong inhibition) and no difference of large numbers is
 * formed for y_r << 0 (strong drive).
 */
import { erfcx } from '../core/index.ts';
import { dawson, erfcxIntegral } from '../core/index.ts';

/** sqrt(2) * |zeta(1/2)| (Fourcaud & Brunel 2002). */
export const FB_ALPHA = Math.SQRT2 * 1.4603545088095868;

const SQRT_PI = Math.sqrt(Math.PI);

/** LIF parameters of the transfer function; potentials relative to E_L. */
export interface SiegertParams {
  /** Threshold relative to E_L (mV). */
  theta: number;
  /** Reset relative to E_L (mV). */
  V_reset: number;
  /** Membrane time constant (ms). */
  tau_m: number;
  /** Synaptic time constant (ms); 0 disables the Fourcaud-Brunel shift. */
  tau_syn: number;
  /** Refractory period (ms). */
  t_ref: number;
}

/** Shift of the scaled threshold and reset, in units of sigma. */
export function fbShift(p: SiegertParams): number {
  return (FB_ALPHA / 2) * Math.sqrt(p.tau_syn / p.tau_m);
}

/**
 * exp(-m) exp(u^2) (1 + erf(u)) with m = max(yTh, 0)^2; u^2 - m is formed as (u - yTh)(u + yTh)
 * because it is a small difference of large numbers near the peak at u = yTh.
 */
function scaledIntegrand(u: number, yTh: number): number {
  const m = yTh > 0 ? yTh * yTh : 0;
  if (u < 0) return Math.exp(-m) * erfcx(-u);
  return 2 * Math.exp((u - yTh) * (u + yTh)) - Math.exp(-m) * erfcx(u);
}

/**
 * J = exp(-m) * int_{yR}^{yTh} exp(u^2)(1 + erf(u)) du in closed form through Dawson's integral D
 * and E(x) = int_0^x erfcx:
 *   negative part: int_{yR}^{min(yTh,0)} erfcx(-u) du = E(-yR) - E(max(-yTh, 0))
 *   positive part: int_{lo}^{yTh} exp(u^2)(2 - erfc(u)) du
 *                = 2 (exp(yTh^2) D(yTh) - exp(lo^2) D(lo)) - (E(yTh) - E(lo)),  lo = max(yR, 0)
 */
function scaledIntegral(yR: number, yTh: number): number {
  const m = yTh > 0 ? yTh * yTh : 0;
  let J = 0;
  if (yR < 0) J += Math.exp(-m) * (erfcxIntegral(-yR) - erfcxIntegral(yTh < 0 ? -yTh : 0));
  if (yTh > 0) {
    const lo = yR > 0 ? yR : 0;
    J +=
      2 * (dawson(yTh) - Math.exp((lo - yTh) * (lo + yTh)) * dawson(lo)) -
      Math.exp(-m) * (erfcxIntegral(yTh) - erfcxIntegral(lo));
  }
  return J;
}

interface Scaled {
  /** max(y_th, 0)^2 */
  m: number;
  /** exp(-m) t_ref + tau_m sqrt(pi) J  (ms, scaled by exp(-m)) */
  zHat: number;
  yTh: number;
  yR: number;
}

function scaledDenominator(mu: number, sigma: number, p: SiegertParams): Scaled {
  const s = fbShift(p);
  const yTh = (p.theta - mu) / sigma + s;
  const yR = (p.V_reset - mu) / sigma + s;
  const m = yTh > 0 ? yTh * yTh : 0;
  const J = scaledIntegral(yR, yTh);
  return { m, zHat: Math.exp(-m) * p.t_ref + p.tau_m * SQRT_PI * J, yTh, yR };
}

function checkInput(mu: number, sigma: number): void {
  if (!Number.isFinite(mu)) throw new Error(`siegert: mu = ${mu} mV; expected a finite number`);
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new Error(`siegert: sigma = ${sigma} mV; expected a finite number > 0`);
  }
}

/** Stationary rate Phi(mu, sigma) in spikes/s for mean input mu (mV) and noise sigma (mV). */
export function siegert(mu: number, sigma: number, p: SiegertParams): number {
  checkInput(mu, sigma);
  const { m, zHat } = scaledDenominator(mu, sigma, p);
  return (1e3 * Math.exp(-m)) / zHat;
}

/** Phi and its partial derivatives: d Phi/d mu ((spikes/s)/mV), d Phi/d sigma ((spikes/s)/mV). */
export interface SiegertWithDerivatives {
  rate: number;
  dRateDmu: number;
  dRateDsigma: number;
}

/**
 * Phi with its exact partial derivatives (differentiating the integral limits; in scaled units the
 * Fourcaud-Brunel shift does not depend on sigma).
 */
export function siegertWithDerivatives(mu: number, sigma: number, p: SiegertParams): SiegertWithDerivatives {
  checkInput(mu, sigma);
  const { m, zHat, yTh, yR } = scaledDenominator(mu, sigma, p);
  const em = Math.exp(-m);
  const rate = (1e3 * em) / zHat;
  const gTh = scaledIntegrand(yTh, yTh);
  const gR = scaledIntegrand(yR, yTh);
  // d Phi / d x = -1e3 / Z^2 * tau_m sqrt(pi) dI/dx, with Z = exp(m) zHat, f = exp(m) g.
  const common = (1e3 * p.tau_m * SQRT_PI * em) / (zHat * zHat);
  const dRateDmu = (common * (gTh - gR)) / sigma;
  const dRateDsigma = (common * (gTh * (p.theta - mu) - gR * (p.V_reset - mu))) / (sigma * sigma);
  return { rate, dRateDmu, dRateDsigma };
}

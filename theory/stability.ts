/**
 * Linear stability of a fixed point of the rate dynamics: slopes of the transfer function,
 * the gain matrix G = dPhi/dnu and its eigenvalue spectrum. A fixed point of
 * tau dnu/dt = -nu + Phi is linearly stable when every eigenvalue of G has real part < 1.
 *
 * The slopes are by default the exact partial derivatives of Phi. Upstream uses forward
 * differences with a 0.01 mV step and keeps the Fourcaud-Brunel-shifted threshold fixed while
 * varying sigma, so its d nu/d sigma differs from the exact one; `convention: 'upstream'`
 * reproduces that (for comparisons with upstream's gain matrices and stabilization).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { muSigma, type RateNetwork } from './rate-network.ts';
import { fbShift, siegert, siegertWithDerivatives, type SiegertParams } from './siegert.ts';

/** 'exact': analytic derivatives; 'upstream': upstream's forward differences (step 0.01 mV). */
export type SlopeConvention = 'exact' | 'upstream';

const UPSTREAM_STEP = 0.01; // mV

/** Upstream's finite-difference slopes: thresholds shifted with the unperturbed sigma. */
function upstreamSlopes(mu: number, sigma: number, p: SiegertParams): { dMu: number; dSigma: number } {
  const shift = sigma * fbShift(p);
  const shifted: SiegertParams = { ...p, theta: p.theta + shift, V_reset: p.V_reset + shift, tau_syn: 0 };
  const r0 = siegert(mu, sigma, shifted);
  return {
    dMu: (siegert(mu + UPSTREAM_STEP, sigma, shifted) - r0) / UPSTREAM_STEP,
    dSigma: (siegert(mu, sigma + UPSTREAM_STEP, shifted) - r0) / UPSTREAM_STEP,
  };
}

export interface Slopes {
  mu: Float64Array;
  sigma: Float64Array;
  /** Phi at (mu, sigma) (spikes/s). */
  rate: Float64Array;
  /** d Phi / d mu ((spikes/s)/mV). */
  dRateDmu: Float64Array;
  /** d Phi / d sigma ((spikes/s)/mV). */
  dRateDsigma: Float64Array;
  /** d Phi / d sigma^2 ((spikes/s)/mV^2) = dRateDsigma / (2 sigma); upstream's "d_nu_d_sigma". */
  dRateDsigma2: Float64Array;
}

export function slopes(net: RateNetwork, rates: ArrayLike<number>, convention: SlopeConvention = 'exact'): Slopes {
  const { mu, sigma } = muSigma(net, rates);
  const n = net.n;
  const out: Slopes = {
    mu,
    sigma,
    rate: new Float64Array(n),
    dRateDmu: new Float64Array(n),
    dRateDsigma: new Float64Array(n),
    dRateDsigma2: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const d = siegertWithDerivatives(mu[i], sigma[i], net.neuron);
    out.rate[i] = d.rate;
    if (convention === 'upstream') {
      const u = upstreamSlopes(mu[i], sigma[i], net.neuron);
      out.dRateDmu[i] = u.dMu;
      out.dRateDsigma[i] = u.dSigma;
    } else {
      out.dRateDmu[i] = d.dRateDmu;
      out.dRateDsigma[i] = d.dRateDsigma;
    }
    out.dRateDsigma2[i] = out.dRateDsigma[i] / (2 * sigma[i]);
  }
  return out;
}

/** G[i][j] = dPhi_i/dmu_i A_ij + dPhi_i/dsigma2_i B_ij (dimensionless), row-major n x n. */
export function gainMatrix(net: RateNetwork, s: Slopes): Float64Array {
  const { n, A, B } = net;
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = s.dRateDmu[i];
    const b = s.dRateDsigma2[i];
    for (let j = 0; j < n; j++) G[i * n + j] = a * A[i * n + j] + b * B[i * n + j];
  }
  return G;
}

export function toMatrix(flat: Float64Array, n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, flat[i * n + j]);
  return m;
}

export interface Spectrum {
  /** Real and imaginary parts, sorted by decreasing real part. */
  real: Float64Array;
  imag: Float64Array;
  /**
   * Largest real part: the fixed point is stable iff it is < 1. (Upstream's Theory.lambda_max
   * returns the square root of this number; we report the eigenvalue itself.)
   */
  lambdaMax: number;
}

export function spectrum(G: Float64Array, n: number): Spectrum {
  const eig = new EigenvalueDecomposition(toMatrix(G, n));
  const order = eig.realEigenvalues.map((_, k) => k).sort((a, b) => eig.realEigenvalues[b] - eig.realEigenvalues[a]);
  const real = Float64Array.from(order, (k) => eig.realEigenvalues[k]);
  const imag = Float64Array.from(order, (k) => eig.imaginaryEigenvalues[k]);
  return { real, imag, lambdaMax: real[0] };
}

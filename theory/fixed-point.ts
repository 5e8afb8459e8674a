/**
 * Direct solution of the fixed-point equation nu = Phi(mu(nu), sigma(nu)) by Newton's method with
 * the exact Jacobian I - G (G: gain matrix). Unlike the pseudo-time integration it converges to
 * unstable fixed points as well, from a nearby guess. Steps are halved until the sum of squared
 * residuals decreases, and rates are kept >= 0.
 */
import { LuDecomposition, Matrix } from 'ml-matrix';
import type { RateNetwork } from './rate-network.ts';
import { transfer } from './rate-dynamics.ts';
import { gainMatrix, slopes } from './stability.ts';

export interface FixedPointOptions {
  /** Stop when max |nu - Phi(nu)| < tol (spikes/s). */
  tol?: number;
  maxIter?: number;
}

export interface FixedPointResult {
  rates: Float64Array;
  converged: boolean;
  iterations: number;
  /** max |nu - Phi(nu)| at the returned rates (spikes/s). */
  residual: number;
}

/** Fills phi = Phi(nu); returns [max |nu - phi|, sum (nu - phi)^2] (the latter is the merit function). */
function residualOf(net: RateNetwork, nu: Float64Array, phi: Float64Array): [number, number] {
  transfer(net, nu, phi);
  let r = 0;
  let r2 = 0;
  for (let i = 0; i < net.n; i++) {
    const d = nu[i] - phi[i];
    r = Math.max(r, Math.abs(d));
    r2 += d * d;
  }
  return [r, r2];
}

export function solveFixedPoint(net: RateNetwork, guess: ArrayLike<number>, options: FixedPointOptions = {}): FixedPointResult {
  const { n } = net;
  if (guess.length !== n) throw new Error(`guess: got ${guess.length} rates; expected ${n} (one per population)`);
  const tol = options.tol ?? 1e-10;
  const maxIter = options.maxIter ?? 50;
  let nu = Float64Array.from(guess, (r) => Math.max(0, r));
  const phi = new Float64Array(n);
  let [res, merit] = residualOf(net, nu, phi);
  let iter = 0;
  while (res > tol && iter < maxIter) {
    iter++;
    const G = gainMatrix(net, slopes(net, nu));
    // (I - G) delta = Phi(nu) - nu
    const jac = new Matrix(n, n);
    const rhs = new Matrix(n, 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) jac.set(i, j, (i === j ? 1 : 0) - G[i * n + j]);
      rhs.set(i, 0, phi[i] - nu[i]);
    }
    const delta = new LuDecomposition(jac).solve(rhs);
    let step = 1;
    let accepted = false;
    while (step > 1e-6) {
      const trial = Float64Array.from(nu, (r, i) => Math.max(0, r + step * delta.get(i, 0)));
      const trialPhi = new Float64Array(n);
      const [trialRes, trialMerit] = residualOf(net, trial, trialPhi);
      if (trialMerit < merit) {
        nu = trial;
        phi.set(trialPhi);
        res = trialRes;
        merit = trialMerit;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return { rates: nu, converged: res <= tol, iterations: iter, residual: res };
}

/**
 * Stabilization of a fixed point by a change of indegrees (Schuecker, Schmidt et al. 2017,
 * Eqs. 6-13). A parameter change a (here: the external indegree onto 5E/6E, given as a second
 * network `thetaPrime` that differs only there) shifts the unstable fixed point nu* to first order
 * by delta_bar_nu = S * dK_ext * J_ext rate_ext + T * dK_ext * J_ext^2 rate_ext (S = dPhi/dmu,
 * T = dPhi/dsigma^2, times tau_m). The indegree change delta_K compensates that shift along the
 * critical eigendirection (left/right eigenvectors v, u of the effective connectivity M with the
 * largest real eigenvalue):  epsilon = -(v . delta_bar_nu) / (v . nu*),
 *   delta_K_ij = epsilon u_i v_j / (tau_m (S_i J_ij + T_i J_ij^2)),
 * then the paper's constraints are applied: no change of inhibitory or 4E-sourced cortico-cortical
 * connections, and indegrees >= 0.
 */
import { EigenvalueDecomposition, inverse } from 'ml-matrix';
import { npyRows, readNpy, writeNpy } from '../core/index.ts';
import { splitPopulationLabel } from '../multiarea/index.ts';
import type { Theory } from './theory.ts';
import { gainMatrix, slopes, toMatrix, type SlopeConvention } from './stability.ts';

/** Source populations whose cortico-cortical indegrees stay unchanged. */
export const FROZEN_CC_SOURCE_POPS = ['23I', '4E', '4I', '5I', '6I'];

export interface StabilizationResult {
  /** Stabilized indegrees, n x n (the K_stable format: without the external column). */
  K_prime: number[][];
  /** The indegree change before the constraints, n x n. */
  deltaK: number[][];
  /** Critical eigenvalue of M (largest real part). */
  criticalEigenvalue: { re: number; im: number };
  /** Amplitude epsilon of the correction along the critical eigendirection. */
  epsilon: number;
  /** delta_bar_nu: first-order shift of the fixed point caused by the parameter change (spikes/s). */
  fixedPointShift: Float64Array;
  /** Right (u) and left (v) critical eigenvectors of M, normalized to v . u = 1. */
  u: Float64Array;
  v: Float64Array;
  /** The effective connectivity M (= gain matrix at the fixed point), row-major n x n. */
  M: Float64Array;
}

/** Saves K' (n x n) as a float64 .npy file, the format `connection_params.K_stable` reads. */
export function saveKPrime(path: string, K: number[][]): void {
  const n = K.length;
  const data = new Float64Array(n * n);
  K.forEach((row, i) => {
    if (row.length !== n) throw new Error(`K_prime: row ${i} has ${row.length} entries; expected ${n} (a square matrix)`);
    data.set(row, i * n);
  });
  writeNpy(path, { shape: [n, n], data });
}

/** Loads a K' .npy file as rows. */
export function loadKPrime(path: string): number[][] {
  const a = readNpy(path);
  if (a.shape.length !== 2 || a.shape[0] !== a.shape[1]) {
    throw new Error(`K_prime file ${path}: shape (${a.shape.join(', ')}); expected a square 2-D matrix`);
  }
  return npyRows(a).map((r) => Array.from(r));
}

export function stabilize(
  theory: Theory,
  theoryPrime: Theory,
  fixedPoint: ArrayLike<number>,
  convention: SlopeConvention = 'exact',
): StabilizationResult {
  const net = theory.network;
  const { n } = net;
  const arrays = theory.model.arrays;
  const tauS = theory.model.params.neuron_params.single_neuron_dict.tau_m * 1e-3;
  const rateExt = theory.model.params.input_params.rate_ext;
  if (fixedPoint.length !== n) throw new Error(`fixedPoint: got ${fixedPoint.length} rates; expected ${n}`);
  if (theoryPrime.network.n !== n) {
    throw new Error(`theoryPrime: has ${theoryPrime.network.n} populations; expected ${n} like theory`);
  }

  const s = slopes(net, fixedPoint, convention);
  const S = s.dRateDmu;
  const T = s.dRateDsigma2;
  const M = gainMatrix(net, s);

  const shift = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dKext = theoryPrime.model.arrays.K[i][n] - arrays.K[i][n];
    const Jext = arrays.J[i][n];
    shift[i] = tauS * dKext * rateExt * (S[i] * Jext + T[i] * Jext * Jext);
  }

  const eig = new EigenvalueDecomposition(toMatrix(M, n));
  const re = eig.realEigenvalues;
  let top = 0;
  for (let k = 1; k < n; k++) if (re[k] > re[top]) top = k;
  const im = eig.imaginaryEigenvalues[top];
  if (im !== 0) {
    throw new Error(
      `stabilize: the critical eigenvalue ${re[top]} + ${im}i of the effective connectivity is complex; only a real critical eigenvalue is supported`,
    );
  }
  const V = eig.eigenvectorMatrix;
  const Vinv = inverse(V);
  const u = Float64Array.from({ length: n }, (_, i) => V.get(i, top));
  const v = Float64Array.from({ length: n }, (_, j) => Vinv.get(top, j));

  let aHat = 0;
  let vHat = 0;
  for (let j = 0; j < n; j++) {
    aHat += v[j] * shift[j];
    vHat += v[j] * fixedPoint[j];
  }
  const epsilon = -aHat / vHat;

  const labels = net.structureVec;
  const ids = labels.map(splitPopulationLabel);
  const area = ids.map((id) => id.area);
  const pop = ids.map((id) => id.pop);
  const deltaK: number[][] = [];
  const K_prime: number[][] = [];
  for (let i = 0; i < n; i++) {
    const dRow = new Array<number>(n);
    const kRow = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const J = arrays.J[i][j];
      const denom = tauS * (S[i] * J + T[i] * J * J);
      const d = denom !== 0 ? (epsilon * u[i] * v[j]) / denom : 0;
      dRow[j] = d;
      const frozen = area[i] !== area[j] && FROZEN_CC_SOURCE_POPS.includes(pop[j]);
      kRow[j] = Math.max(0, arrays.K[i][j] + (frozen ? 0 : d));
    }
    deltaK.push(dRow);
    K_prime.push(kRow);
  }
  return { K_prime, deltaK, criticalEigenvalue: { re: re[top], im }, epsilon, fixedPointShift: shift, u, v, M };
}

/**
 * The network as the mean-field theory sees it: the mean mu and variance sigma^2 of the free
 * membrane potential of every population are affine in the population rates nu (spikes/s),
 *   mu    = mu0    + A nu,   A = tau_m 1e-3 K J      (mV per spikes/s)
 *   sigma2 = sigma20 + B nu,  B = tau_m 1e-3 K J^2    (mV^2 per spikes/s)
 * where mu0/sigma20 collect the input that does not depend on the network's own rates: external
 * Poisson drive (rate_ext), the DC drive of down-scaled networks (tau_m / C_m * addDC) and, with
 * replace_cc = hom_poisson_stat / het_poisson_stat, the replaced cortico-cortical input (whose
 * connections are then removed from A and B).
 */
import { rateOf, readRatesFile } from '../core/index.ts';
import { areaOfLabel, splitPopulationLabel, type NetworkArrays, type SingleNeuronParams } from '../multiarea/index.ts';
import type { SiegertParams } from './siegert.ts';

/** The effective network parameters the theory reads (a subset of MultiAreaModel.params). */
export interface TheoryNetworkParams {
  neuron_params: { single_neuron_dict: SingleNeuronParams };
  input_params: { rate_ext: number };
  connection_params: {
    /** false/null: keep cortico-cortical connections; or how to replace them. */
    replace_cc?: false | null | string;
    /** JSON file area -> pop -> rate (spikes/s) for het_poisson_stat. */
    replace_cc_input_source?: string | null;
  };
}

/** What `Theory` needs from a model; MultiAreaModel provides it as { arrays: m.arrays(), params: m.params }. */
export interface TheoryModel {
  arrays: NetworkArrays;
  params: TheoryNetworkParams;
}

export interface RateNetwork {
  /** Number of populations. */
  n: number;
  structureVec: string[];
  /** Row-major n x n coupling of mu to the rates (mV per spikes/s). */
  A: Float64Array;
  /** Row-major n x n coupling of sigma^2 to the rates (mV^2 per spikes/s). */
  B: Float64Array;
  mu0: Float64Array;
  sigma20: Float64Array;
  neuron: SiegertParams;
  /** A and B in compressed sparse rows (most population pairs are not connected): the
   * entries of row i are rowStart[i] .. rowStart[i+1]-1, with columns col[], values aValue[], bValue[]. */
  sparse: { rowStart: Int32Array; col: Int32Array; aValue: Float64Array; bValue: Float64Array };
  /** The replaced cortico-cortical input (zero without replace_cc), mV and mV^2. */
  muCC: Float64Array;
  sigma2CC: Float64Array;
}

export interface RateNetworkOptions {
  /** Rates (spikes/s, structureVec order) of the sources of replaced cortico-cortical input for
   * het_poisson_stat; default: read from connection_params.replace_cc_input_source. */
  ccInputRates?: ArrayLike<number>;
}

/** Theory view of the LIF parameters (potentials relative to E_L; tau_syn = tau_syn_ex as upstream). */
export function siegertParamsOf(neuron: SingleNeuronParams): SiegertParams {
  if (neuron.V_reset >= neuron.V_th) {
    throw new Error(
      `neuron_params.single_neuron_dict.V_reset: got ${neuron.V_reset} mV; expected a value below V_th = ${neuron.V_th} mV`,
    );
  }
  return {
    theta: neuron.V_th - neuron.E_L,
    V_reset: neuron.V_reset - neuron.E_L,
    tau_m: neuron.tau_m,
    tau_syn: neuron.tau_syn_ex,
    t_ref: neuron.t_ref,
  };
}

/** Rates of a JSON file area -> pop -> spikes/s in structureVec order. */
export function ratesVectorFromFile(file: string, structureVec: string[]): Float64Array {
  const rates = readRatesFile(file, 'connection_params.replace_cc_input_source');
  return Float64Array.from(structureVec, (label) => {
    const { area, pop } = splitPopulationLabel(label);
    return rateOf(rates, area, pop, `connection_params.replace_cc_input_source (${file})`);
  });
}

export function buildRateNetwork(model: TheoryModel, options: RateNetworkOptions = {}): RateNetwork {
  const { arrays, params } = model;
  const n = arrays.structureVec.length;
  const single = params.neuron_params.single_neuron_dict;
  const neuron = siegertParamsOf(single);
  const tau = single.tau_m * 1e-3; // s: rates are in spikes/s
  const rateExt = params.input_params.rate_ext;
  const replaceCC = params.connection_params.replace_cc ?? false;
  if (replaceCC === 'het_current_nonstat') {
    throw new Error(
      "connection_params.replace_cc: got 'het_current_nonstat'; not supported by the theory (stationary input only): use false, 'hom_poisson_stat' or 'het_poisson_stat'",
    );
  }
  if (replaceCC !== false && replaceCC !== 'hom_poisson_stat' && replaceCC !== 'het_poisson_stat') {
    throw new Error(
      `connection_params.replace_cc: got ${JSON.stringify(replaceCC)}; expected false, 'hom_poisson_stat' or 'het_poisson_stat'`,
    );
  }
  const areas = arrays.structureVec.map(areaOfLabel);

  let ccRates: ArrayLike<number> | null = null;
  if (replaceCC === 'hom_poisson_stat') ccRates = new Float64Array(n).fill(rateExt);
  if (replaceCC === 'het_poisson_stat') {
    if (options.ccInputRates) ccRates = options.ccInputRates;
    else {
      const src = params.connection_params.replace_cc_input_source;
      if (!src) {
        throw new Error(
          "connection_params.replace_cc_input_source: got null; expected a JSON file of rates (area -> pop -> spikes/s) with replace_cc = 'het_poisson_stat'",
        );
      }
      ccRates = ratesVectorFromFile(src, arrays.structureVec);
    }
    if (ccRates.length !== n) {
      throw new Error(`ccInputRates: got ${ccRates.length} rates; expected ${n} (one per population)`);
    }
  }

  const A = new Float64Array(n * n);
  const B = new Float64Array(n * n);
  const mu0 = new Float64Array(n);
  const sigma20 = new Float64Array(n);
  const muCC = new Float64Array(n);
  const sigma2CC = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const K = arrays.K[i];
    const J = arrays.J[i];
    for (let j = 0; j < n; j++) {
      const kj = K[j] * J[j];
      if (ccRates && areas[i] !== areas[j]) {
        muCC[i] += kj * ccRates[j];
        sigma2CC[i] += kj * J[j] * ccRates[j];
        continue;
      }
      A[i * n + j] = tau * kj;
      B[i * n + j] = tau * kj * J[j];
    }
    muCC[i] *= tau;
    sigma2CC[i] *= tau;
    const kjExt = K[n] * J[n];
    mu0[i] = tau * kjExt * rateExt + (single.tau_m / single.C_m) * arrays.addDC[i] + muCC[i];
    sigma20[i] = tau * kjExt * J[n] * rateExt + sigma2CC[i];
  }
  return { n, structureVec: arrays.structureVec, A, B, sparse: toSparse(A, B, n), mu0, sigma20, neuron, muCC, sigma2CC };
}

function toSparse(A: Float64Array, B: Float64Array, n: number): RateNetwork['sparse'] {
  const rowStart = new Int32Array(n + 1);
  let nnz = 0;
  for (let k = 0; k < n * n; k++) if (A[k] !== 0 || B[k] !== 0) nnz++;
  const col = new Int32Array(nnz);
  const aValue = new Float64Array(nnz);
  const bValue = new Float64Array(nnz);
  let e = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = e;
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      if (A[k] === 0 && B[k] === 0) continue;
      col[e] = j;
      aValue[e] = A[k];
      bValue[e] = B[k];
      e++;
    }
  }
  rowStart[n] = e;
  return { rowStart, col, aValue, bValue };
}

/** mu (mV) and sigma (mV) of every population at the given rates (spikes/s). */
export function muSigma(net: RateNetwork, rates: ArrayLike<number>): { mu: Float64Array; sigma: Float64Array } {
  const { n, A, B } = net;
  const mu = new Float64Array(n);
  const sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let a = net.mu0[i];
    let b = net.sigma20[i];
    const row = i * n;
    for (let j = 0; j < n; j++) {
      a += A[row + j] * rates[j];
      b += B[row + j] * rates[j];
    }
    mu[i] = a;
    sigma[i] = Math.sqrt(b);
  }
  return { mu, sigma };
}

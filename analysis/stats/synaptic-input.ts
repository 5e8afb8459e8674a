/**
 * Synaptic output and input of populations, as upstream's Analysis.create_synaptic_input
 * (analysis.py, analysis_helpers.synaptic_output) and compute_synaptic_input.py (Schmidt et al. 2018,
 * Fig. 8: the signal behind the simulated functional connectivity and the BOLD signal).
 *
 * - Synaptic output of a population: its binned rate nu(t) (spikes/s) filtered with upstream's kernel
 *   exp(-t / tau_syn) sampled at t = 0, b, 2b, ... < 20 ms (not normalised: its sum is
 *   1 / (1 - exp(-b / tau_syn)) for a long kernel, 1.157 at b = 1 ms, tau_syn = 0.5 ms). Unit: spikes/s.
 *   tau_syn is tau_syn_in for inhibitory sources, tau_syn_ex otherwise.
 * - Synaptic input of a target population t: sum over sources s of K_ts |W_ts| x output_s(t), with K the
 *   indegree and W the mean PSC amplitude (pA) of the network. Unit: pA spikes/s. The external Poisson
 *   drive is not included (as upstream).
 * - Area values: the N-weighted mean over the area's populations.
 *
 * Alignment: upstream filters with numpy.convolve(kernel, rate, 'same'), which centres the 20-sample
 * kernel, so output(t) = sum_k exp(-k b / tau) nu(t + (9 - k) b): the filter looks 9 ms into the future.
 * 'causal' (default) applies the kernel as the synapse does, output(t) = sum_k exp(-k b / tau) nu(t - k b);
 * 'upstream' reproduces numpy's alignment. Both are zero-padded at the ends (upstream: same). Since the
 * shift is the same for every area, zero-lag statistics (functional connectivity) barely change.
 */
import { convolveSame, type DiscreteKernel } from './time-series.ts';

export type SynapticAlignment = 'causal' | 'upstream';

/** Upstream's kernel length (ms). */
export const SYNAPTIC_KERNEL_LENGTH_MS = 20;

/** exp(-t / tau_syn) at t = 0, b, 2b, ... < 20 ms, placed as `alignment` says (see the module comment). */
export function synapticKernel(tau_syn_ms: number, binSize_ms = 1, alignment: SynapticAlignment = 'causal'): DiscreteKernel {
  if (!(Number.isFinite(tau_syn_ms) && tau_syn_ms > 0)) {
    throw new Error(`synapticKernel: tau_syn_ms = ${tau_syn_ms}; expected a positive synaptic time constant in ms`);
  }
  if (!(Number.isFinite(binSize_ms) && binSize_ms > 0)) {
    throw new Error(`synapticKernel: binSize_ms = ${binSize_ms}; expected a positive bin width in ms`);
  }
  if (alignment !== 'causal' && alignment !== 'upstream') {
    throw new Error(`synapticKernel: alignment = '${alignment as string}'; expected 'causal' or 'upstream'`);
  }
  const length = Math.ceil(SYNAPTIC_KERNEL_LENGTH_MS / binSize_ms - 1e-9); // numpy.arange(0, 20, b).size
  const weights = Float64Array.from({ length }, (_, k) => Math.exp(-(k * binSize_ms) / tau_syn_ms));
  return { weights, firstLag: alignment === 'causal' ? 0 : -Math.floor((length - 1) / 2) };
}

/** A population's synaptic output (spikes/s) from its binned rate (spikes/s). */
export function synapticOutput(
  rate_spikes_per_s: ArrayLike<number>,
  tau_syn_ms: number,
  binSize_ms = 1,
  alignment: SynapticAlignment = 'causal',
): Float64Array {
  return convolveSame(Float64Array.from(rate_spikes_per_s), synapticKernel(tau_syn_ms, binSize_ms, alignment));
}

/**
 * Synaptic input (pA spikes/s) of each target: sum_s coupling_pA[t][s] x outputs[s]. `coupling_pA[t][s]`
 * = K_ts |W_ts| (see `synapticCoupling`); all outputs must have the same length.
 */
export function synapticInput(outputs: readonly ArrayLike<number>[], coupling_pA: readonly (readonly number[])[]): Float64Array[] {
  const n = outputs.length === 0 ? 0 : outputs[0].length;
  outputs.forEach((o, s) => {
    if (o.length !== n) throw new Error(`synapticInput: outputs[${s}] has ${o.length} samples; expected ${n} like outputs[0]`);
  });
  return coupling_pA.map((row, t) => {
    if (row.length !== outputs.length) {
      throw new Error(`synapticInput: coupling_pA[${t}] has ${row.length} entries for ${outputs.length} sources; expected one per source`);
    }
    const input = new Float64Array(n);
    row.forEach((c, s) => {
      if (c === 0) return;
      const o = outputs[s];
      for (let i = 0; i < n; i++) input[i] += c * o[i];
    });
    return input;
  });
}

/** coupling[t][s] = K[target t][source s] |W[target t][source s]| (pA) for the given row/column indices. */
export function synapticCoupling(
  K: readonly (readonly number[])[],
  W_pA: readonly (readonly number[])[],
  targets: readonly number[],
  sources: readonly number[],
): number[][] {
  return targets.map((t) => sources.map((s) => K[t][s] * Math.abs(W_pA[t][s])));
}

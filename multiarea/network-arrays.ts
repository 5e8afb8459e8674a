/**
 * The vectorized view of a built multi-area network: what theory/, simulation/ and analysis/ consume.
 *
 * Order: populations follow `structureVec` ("area-pop", e.g. "V1-23E"); matrices are row = target
 * population, column = source population, and the matrices with 255 columns carry the external
 * Poisson drive in their last column. Units follow NEST: N in neurons, K in synapses per target
 * neuron, W in pA, J in mV, delays in ms, distances in mm, rates in spikes/s.
 */
export interface NetworkArrays {
  /** Area names in model order (32 for the full model). */
  areaList: string[];
  /** Area -> population names (TH has no 4E/4I). */
  structure: Record<string, string[]>;
  /** Population labels "area-pop" in row/column order of all matrices. */
  structureVec: string[];
  /** Neurons per population (after N_scaling). */
  N: number[];
  /** Indegrees, populations x (populations + 1 external). */
  K: number[][];
  /** Total synapse numbers, populations x (populations + 1 external). */
  synapses: number[][];
  /** Mean PSC amplitudes (pA), populations x (populations + 1 external). */
  W: number[][];
  /** Standard deviations of the PSC amplitudes (pA), populations x populations. */
  W_sd: number[][];
  /** Mean PSP amplitudes (mV), populations x (populations + 1 external). */
  J: number[][];
  /** Constant current added to every neuron of a population (pA), from down-scaling. */
  addDC: number[];
  /** Inter-area distances (mm): distances[target][source]. */
  distances: Record<string, Record<string, number>>;
}

/** The part of the effective parameters that dynamics (theory, simulation) need. */
export interface SingleNeuronParams {
  E_L: number; // mV
  V_th: number; // mV
  V_reset: number; // mV
  C_m: number; // pF
  tau_m: number; // ms
  tau_syn_ex: number; // ms
  tau_syn_in: number; // ms
  t_ref: number; // ms
}

/** Small rate networks with exact answers for the theory tests (test/theory/). */
import type { TheoryModel } from '../../theory/index.ts';

export const TOY_NEURON = { E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 0.5, t_ref: 2 };

/**
 * Two areas "A", "B" with an E and an I population each; K (n x n+1), J (mV). `recurrent: false` drops all
 * but the external input.
 */
export function toyModel(opts: { gI?: number; Jee?: number; Kext?: number; recurrent?: boolean } = {}): TheoryModel {
  const gI = opts.gI ?? -5;
  const Jee = opts.Jee ?? 0.15;
  const kE = opts.Kext ?? 2000;
  const kI = opts.Kext ?? 1800;
  const w = opts.recurrent === false ? 0 : 1;
  const K = [
    [200 * w, 50 * w, 40 * w, 0, kE],
    [200 * w, 50 * w, 40 * w, 0, kI],
    [30 * w, 0, 200 * w, 50 * w, kE],
    [30 * w, 0, 200 * w, 50 * w, kI],
  ];
  const J = K.map((row) => row.map((_, j) => (j === 4 ? 0.15 : j % 2 === 0 ? Jee : gI * 0.15)));
  const N = [100, 25, 100, 25];
  return {
    arrays: {
      areaList: ['A', 'B'],
      structure: { A: ['E', 'I'], B: ['E', 'I'] },
      structureVec: ['A-E', 'A-I', 'B-E', 'B-I'],
      N,
      K,
      synapses: K.map((r, i) => r.map((k) => k * N[i])),
      W: J.map((r) => r.map((x) => (x * 250) / 0.5)),
      W_sd: [],
      J,
      addDC: [0, 0, 0, 0],
      distances: {},
    },
    params: { neuron_params: { single_neuron_dict: TOY_NEURON }, input_params: { rate_ext: 10 }, connection_params: { replace_cc: false } },
  };
}

/** Parameters of toyModel that make it bistable: a low and a high state with an unstable one between. */
export const BISTABLE_TOY = { gI: -2, Jee: 0.2, Kext: 800 };

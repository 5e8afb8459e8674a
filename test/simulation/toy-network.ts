import { defaultNetworkParams, networkSource, type NetworkSource } from '../../multiarea/index.ts';

/**
 * A small two-area network in the model's layout (areas A, B with populations E, I) for fast tests.
 * `overrides` patches fields of the arrays or parameters.
 */
export function toyNetwork(opts: {
  N?: number[];
  synapses?: number[][];
  W?: number[][];
  W_sd?: number[][];
  K_ext?: number[];
  W_ext?: number;
  addDC?: number[];
  delay_rel?: number;
  rate_ext?: number;
  poisson_input?: boolean;
  replace?: Record<string, unknown>;
  /** Inter-area distance A <-> B (mm). */
  distance_mm?: number;
} = {}): NetworkSource {
  const pops = ['A-E', 'A-I', 'B-E', 'B-I'];
  const n = pops.length;
  const N = opts.N ?? [80, 20, 80, 20];
  const syn = opts.synapses ?? [
    [800, 400, 100, 0],
    [800, 400, 100, 0],
    [100, 0, 800, 400],
    [100, 0, 800, 400],
  ];
  const Wd = opts.W ?? [
    [87.8, -351.2, 87.8, 0],
    [87.8, -351.2, 87.8, 0],
    [87.8, 0, 87.8, -351.2],
    [87.8, 0, 87.8, -351.2],
  ];
  const K_ext = opts.K_ext ?? [100, 100, 100, 100];
  const W_ext = opts.W_ext ?? 87.8;
  const params = defaultNetworkParams();
  params.neuron_params.single_neuron_dict = { E_L: -65, V_th: -50, V_reset: -65, C_m: 250, tau_m: 10, tau_syn_ex: 0.5, tau_syn_in: 0.5, t_ref: 2 };
  params.neuron_params.V0_mean = -58;
  params.neuron_params.V0_sd = 5;
  Object.assign(params.connection_params, { replace_non_simulated_areas: 'hom_poisson_stat' }, opts.replace ?? {});
  params.delay_params = { delay_e: 1.5, delay_i: 0.75, delay_rel: opts.delay_rel ?? 0.5, interarea_speed: 3.5 };
  Object.assign(params.input_params, { poisson_input: opts.poisson_input ?? true, rate_ext: opts.rate_ext ?? 10 });
  const d = opts.distance_mm ?? 7;
  return networkSource('toy', params, {
    areaList: ['A', 'B'],
    structure: { A: ['E', 'I'], B: ['E', 'I'] },
    structureVec: pops,
    N,
    K: syn.map((row, i) => [...row.map((s) => s / N[i]), K_ext[i]]),
    synapses: syn.map((row, i) => [...row, K_ext[i] * N[i]]),
    W: Wd.map((row) => [...row, W_ext]),
    W_sd: opts.W_sd ?? Wd.map((row) => row.map((w) => Math.abs(w) * 0.1)),
    J: Wd.map((row) => [...row, 0.15]),
    addDC: opts.addDC ?? new Array(n).fill(0),
    distances: { A: { A: 0, B: d }, B: { A: d, B: 0 } },
  });
}

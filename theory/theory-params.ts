/**
 * Parameters of the mean-field theory, with upstream's names, nesting and defaults
 * (multi-area-model default_params.theory_params), validated with the project's generic
 * merge-and-validate (unknown or invalid parameters are errors naming path, value and what is allowed).
 *
 * Additions to upstream: `initial_rates_seed` (upstream hard-codes 123 and draws with numpy's
 * Mersenne twister; our generator differs, so the drawn rates differ for the same seed).
 * `neuron_params` (upstream: a copy of the network defaults) is null by default, meaning "the
 * network's effective neuron parameters"; entries given here override those.
 */
import { z } from 'zod';
import { mergeAndValidate } from '../core/index.ts';

/** Neuron parameters the theory may override (upstream nesting; only single_neuron_dict is used). */
export interface TheoryNeuronParams {
  neuron_model?: 'iaf_psc_exp';
  single_neuron_dict?: Partial<Record<'E_L' | 'V_th' | 'V_reset' | 'C_m' | 'tau_m' | 'tau_syn_ex' | 'tau_syn_in' | 't_ref', number>>;
  V0_mean?: number;
  V0_sd?: number;
}

export interface TheoryParams {
  /** null: use the network's neuron parameters; otherwise entries that override them. */
  neuron_params: TheoryNeuronParams | null;
  /** null: all rates start at 0; an array: one rate (spikes/s) per population; 'random_uniform': drawn. */
  initial_rates: null | number[] | 'random_uniform';
  /** Number of random initial conditions ('random_uniform' only). */
  initial_rates_iter: number | null;
  /** Upper bound of the uniform distribution of initial rates (spikes/s). */
  initial_rates_max: number;
  /** Seed of the initial-rate generator. */
  initial_rates_seed: number;
  /** Pseudo-time of the integration (ms). */
  T: number;
  /** Integration step (ms). */
  dt: number;
  /** Recording interval of the trajectory (ms), a multiple of dt; null = dt. */
  rec_interval: number | null;
}

export const DEFAULT_THEORY_PARAMS: TheoryParams = {
  neuron_params: null,
  initial_rates: null,
  initial_rates_iter: null,
  initial_rates_max: 1000,
  initial_rates_seed: 123,
  T: 50,
  dt: 0.1,
  rec_interval: null,
};

const positive = z.number().positive().finite();

const finite = z.number().finite();
const singleNeuronSchema = z.strictObject({
  E_L: finite.optional(),
  V_th: finite.optional(),
  V_reset: finite.optional(),
  C_m: positive.optional(),
  tau_m: positive.optional(),
  tau_syn_ex: positive.optional(),
  tau_syn_in: positive.optional(),
  t_ref: z.number().nonnegative().finite().optional(),
});

export const theoryParamsSchema = z
  .strictObject({
    neuron_params: z.union([
      z.null(),
      z.strictObject({
        neuron_model: z.literal('iaf_psc_exp').optional(),
        single_neuron_dict: singleNeuronSchema.optional(),
        V0_mean: finite.optional(),
        V0_sd: z.number().nonnegative().finite().optional(),
      }),
    ]),
    initial_rates: z.union([
      z.null(),
      z.literal('random_uniform'),
      z.array(z.number().nonnegative().finite()).min(1),
    ]),
    initial_rates_iter: z.union([z.null(), z.number().int().min(1)]),
    initial_rates_max: positive,
    initial_rates_seed: z.number().int().nonnegative(),
    T: positive,
    dt: positive,
    rec_interval: z.union([z.null(), positive]),
  })
  .superRefine((p, ctx) => {
    if (p.initial_rates === 'random_uniform' && p.initial_rates_iter === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['initial_rates_iter'],
        input: p.initial_rates_iter,
        message: "expected an integer >= 1 (the number of initial conditions) with initial_rates = 'random_uniform'",
      });
    }
    if (!isMultiple(p.T, p.dt)) {
      ctx.addIssue({ code: 'custom', path: ['T'], input: p.T, message: `expected a multiple of dt = ${p.dt} ms` });
    }
    if (p.rec_interval !== null && !isMultiple(p.rec_interval, p.dt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rec_interval'],
        input: p.rec_interval,
        message: `expected null or a multiple of dt = ${p.dt} ms`,
      });
    }
  });

function isMultiple(x: number, step: number): boolean {
  const k = Math.round(x / step);
  return k >= 1 && Math.abs(k * step - x) <= 1e-9 * Math.max(1, x);
}

/** Defaults merged with `custom` (upstream nesting); throws ParameterError on unknown/invalid keys. */
export function resolveTheoryParams(custom: unknown = {}): TheoryParams {
  return mergeAndValidate(theoryParamsSchema, DEFAULT_THEORY_PARAMS, custom, 'theory parameters') as TheoryParams;
}

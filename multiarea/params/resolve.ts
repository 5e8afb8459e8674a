/**
 * Resolution of user network parameters: nested merge into the defaults, runtime validation
 * (zod), cross-parameter checks and resolution of data-file paths.
 */
import { z } from 'zod';
import {
  BUNDLED_K_PRIME,
  defaultNetworkParams,
  NEURON_MODEL_OPTIONS,
  REPLACE_CC_OPTIONS,
  REPLACE_NON_SIMULATED_OPTIONS,
  RHO_SYN_OPTIONS,
  SLN_FIT_OPTIONS,
  SYN_TYPE_EXT_OPTIONS,
  type NetworkParams,
} from './defaults.ts';
import { dataSource, describeValue, hostCwd, hostPath, mergeAndValidate, ParameterError } from '../../core/index.ts';

const { isAbsolute, resolve: resolvePath } = hostPath;

const positive = () => z.number().gt(0);
const nonNegative = () => z.number().min(0);

const singleNeuronSchema = z.strictObject({
  E_L: z.number(),
  V_th: z.number(),
  V_reset: z.number(),
  C_m: positive(),
  tau_m: positive(),
  tau_syn_ex: positive(),
  tau_syn_in: positive(),
  t_ref: nonNegative(),
});

const ratesSchema = z.record(z.string(), z.record(z.string(), nonNegative()));

/** Runtime schema of {@link NetworkParams} (after merging with the defaults). */
export const networkParamsSchema = z.strictObject({
  surface: positive(),
  N_scaling: positive(),
  K_scaling: positive(),
  fullscale_rates: z.union([z.string().min(1), ratesSchema, z.null()], {
    error: 'expected a path to a JSON file of rates (area -> population -> spikes/s), such an object, or null',
  }),
  USING_NEST_3: z.boolean(),
  neuron_params: z.strictObject({
    neuron_model: z.enum(NEURON_MODEL_OPTIONS),
    single_neuron_dict: singleNeuronSchema,
    V0_mean: z.number(),
    V0_sd: nonNegative(),
  }),
  connection_params: z.strictObject({
    K_stable: z.union([z.string().min(1), z.null()], {
      error: `expected '${BUNDLED_K_PRIME}' (bundled K'), null (no stabilization) or a path to a .npy file`,
    }),
    replace_cc: z.union(REPLACE_CC_OPTIONS.map((o) => z.literal(o)) as any) as z.ZodType<
      (typeof REPLACE_CC_OPTIONS)[number]
    >,
    replace_non_simulated_areas: z.union(
      REPLACE_NON_SIMULATED_OPTIONS.map((o) => z.literal(o)) as any,
    ) as z.ZodType<(typeof REPLACE_NON_SIMULATED_OPTIONS)[number]>,
    replace_cc_input_source: z.union([z.string().min(1), z.null()], {
      error: 'expected a path (a .json file of rates or the base name of .npy time series) or null',
    }),
    E_specificity: z.boolean(),
    g: z.number().max(0),
    av_indegree_V1: positive(),
    rho_syn: z.enum(RHO_SYN_OPTIONS),
    fac_nu_ext_5E: nonNegative(),
    fac_nu_ext_6E: nonNegative(),
    fac_nu_ext_TH: nonNegative(),
    PSP_e: nonNegative(),
    PSP_e_23_4: nonNegative(),
    PSP_ext: nonNegative(),
    PSC_rel_sd_normal: nonNegative(),
    PSC_rel_sd_lognormal: nonNegative(),
    cc_weights_factor: nonNegative(),
    cc_weights_I_factor: nonNegative(),
    lognormal_weights: z.boolean(),
    lognormal_EE_only: z.boolean(),
    SLN_fit: z.enum(SLN_FIT_OPTIONS),
  }),
  delay_params: z.strictObject({
    delay_e: positive(),
    delay_i: positive(),
    delay_rel: nonNegative(),
    interarea_speed: positive(),
  }),
  input_params: z.strictObject({
    poisson_input: z.boolean(),
    syn_type_ext: z.enum(SYN_TYPE_EXT_OPTIONS),
    rate_ext: nonNegative(),
    dc_stimulus: z.boolean(),
  }),
});

// Compile-time guarantee that the schema and the hand-written interface describe the same tree.
type SchemaOut = z.output<typeof networkParamsSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesInterface: Same<SchemaOut, NetworkParams> = true;
void _schemaMatchesInterface;

export interface ResolveOptions {
  /** Folder against which relative data-file paths are resolved (default: the current directory). */
  baseDir?: string;
  /** Check that referenced data files exist (default true). */
  checkFiles?: boolean;
}

function resolveFile(
  value: string,
  param: string,
  baseDir: string,
  problems: string[],
  mustExist: boolean,
): string {
  const full = isAbsolute(value) ? value : resolvePath(baseDir, value);
  if (mustExist && !dataSource().isFile(full)) {
    const from = isAbsolute(value) ? '' : ` (${describeValue(value)} relative to ${baseDir})`;
    problems.push(`${param}: file not found: ${full}${from}; expected an existing file`);
  }
  return full;
}

/**
 * Merges `custom` (upstream nesting, any subset) into the default network parameters, validates
 * the result and resolves data-file paths (K_stable, fullscale_rates, replace_cc_input_source)
 * relative to `opts.baseDir` into absolute paths.
 *
 * Throws a {@link ParameterError} naming every offending parameter path, its value and what is
 * allowed: unknown keys, wrong types, out-of-range numbers, unknown option strings, down-scaling
 * without full-scale rates, missing input sources, missing files.
 */
export function resolveNetworkParams(custom: unknown, opts: ResolveOptions = {}): NetworkParams {
  const params = mergeAndValidate(
    networkParamsSchema,
    defaultNetworkParams(),
    custom,
    'network parameters',
  ) as NetworkParams;
  const baseDir = resolvePath(opts.baseDir ?? hostCwd());
  const checkFiles = opts.checkFiles ?? true;
  const problems: string[] = [];
  const cp = params.connection_params;

  if ((params.N_scaling !== 1 || params.K_scaling !== 1) && params.fullscale_rates === null) {
    problems.push(
      `fullscale_rates: got null with N_scaling = ${params.N_scaling}, K_scaling = ${params.K_scaling}; ` +
        'expected a file (or object) of full-scale rates, which down-scaling needs to keep the mean input',
    );
  }
  if (typeof params.fullscale_rates === 'string') {
    params.fullscale_rates = resolveFile(params.fullscale_rates, 'fullscale_rates', baseDir, problems, checkFiles);
  }

  if (typeof cp.K_stable === 'string' && cp.K_stable !== BUNDLED_K_PRIME) {
    if (cp.K_stable.startsWith('bundled:')) {
      problems.push(
        `connection_params.K_stable: got ${describeValue(cp.K_stable)}; expected '${BUNDLED_K_PRIME}', null or a .npy path`,
      );
    } else {
      cp.K_stable = resolveFile(cp.K_stable, 'connection_params.K_stable', baseDir, problems, checkFiles);
    }
  }

  // replace_non_simulated_areas needs the source only when some areas are left out of a
  // simulation, which the simulation parameters decide; replacing cortico-cortical input by
  // heterogeneous input always does (hom_poisson_stat uses rate_ext).
  if (cp.replace_cc_input_source === null) {
    if (cp.replace_cc !== false && cp.replace_cc !== 'hom_poisson_stat') {
      problems.push(
        `connection_params.replace_cc_input_source: got null with replace_cc = ${describeValue(cp.replace_cc)}; ` +
          'expected a .json file of rates or the base name of .npy time series',
      );
    }
  } else {
    // A .json source is one file; otherwise it is a base name of several files and cannot be checked here.
    const isJson = cp.replace_cc_input_source.endsWith('.json');
    cp.replace_cc_input_source = resolveFile(
      cp.replace_cc_input_source,
      'connection_params.replace_cc_input_source',
      baseDir,
      problems,
      checkFiles && isJson,
    );
  }

  if (problems.length) throw new ParameterError('network parameters', problems);
  return params;
}

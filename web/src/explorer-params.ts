/**
 * The form's values and the library's parameter trees they stand for (upstream nesting), with the
 * down-scaling rule of `mam --scale`, the simulation parameters' check (the library's schema, so the
 * messages are the command line's) and the `mam` commands that reproduce them. No DOM here.
 */
import yaml from 'js-yaml';
import { BUNDLED } from '../../core/index.ts';
import { MODEL_AREA_LIST } from '../../multiarea/index.ts';
import { resolveSimulationParams } from '../../simulation/simulation-params.ts';
import type { ExplorerParams } from './protocol.ts';

export const DEFAULT_FORM = {
  scaling: 0.01,
  chi: 1.0,
  chiI: 1.0,
  kStable: true,
  replacement: 'hom_poisson_stat',
  areas: ['V1', 'V2'],
  tSim: 1000,
  // One worker: a network this small steps faster alone than with a barrier every 0.1 ms (the engine's
  // threads behave the same in Node); larger networks gain from more.
  workers: 1,
  seed: 1,
};

export type FormValues = typeof DEFAULT_FORM;

/** The library's parameter trees of the form's values; only what differs from the defaults is set. */
export function explorerParams(v: FormValues): ExplorerParams {
  const connection_params: Record<string, unknown> = { cc_weights_factor: v.chi, cc_weights_I_factor: v.chiI };
  if (!v.kStable) connection_params.K_stable = null;
  if (v.replacement !== 'none') connection_params.replace_non_simulated_areas = v.replacement;
  const network: Record<string, unknown> = { connection_params };
  if (v.scaling !== 1) Object.assign(network, { N_scaling: v.scaling, K_scaling: v.scaling });
  const allAreas = v.areas.length === MODEL_AREA_LIST.length;
  const simulation: Record<string, unknown> = { t_sim: v.tSim, threads: v.workers, rng_seed: v.seed };
  if (!allAreas) simulation.areas_simulated = v.areas;
  return { network, simulation };
}

/** The form's parameters as the library takes them: down-scaling uses the bundled full-scale rates, as `mam --scale` does. */
export function networkParamsOf(params: ExplorerParams): Record<string, unknown> {
  const net = structuredClone(params.network);
  const scaled = net.N_scaling !== undefined && net.N_scaling !== 1;
  if (scaled && net.fullscale_rates === undefined) net.fullscale_rates = BUNDLED.fullscaleRates;
  return net;
}

/** Checks the simulation parameters with the library's schema; the error text is the CLI's. */
export function checkSimulationParams(p: ExplorerParams): void {
  if (Array.isArray(p.simulation.areas_simulated) && p.simulation.areas_simulated.length === 0) {
    throw new Error('areas_simulated: got []; expected at least one area');
  }
  resolveSimulationParams(p.simulation);
}

/** The `mam` commands that reproduce what the page shows, with the two parameter files of the export. */
export function mamCommands(v: FormValues): string {
  // --scale takes down-scaling factors only; up-scaling is in network.yaml (see parameterFiles).
  const scale = v.scaling < 1 ? ` --scale ${v.scaling}` : '';
  return [
    ...(v.scaling > 1 ? [`# network.yaml names the bundled full-scale rates relative to itself: save it in the multiarea folder`] : []),
    `npx mam export --params network.yaml${scale} --format json --out connectivity.json`,
    `npx mam theory --params network.yaml${scale} --stability --out rates.json`,
    `npx mam simulate --params network.yaml --sim simulation.yaml${scale} --spikes-format sonata`,
  ].join('\n');
}

/** Path of the bundled full-scale rates relative to the project folder. */
export const BUNDLED_RATES_RELATIVE = 'data/multiarea/fullscale_rates.json';

/**
 * The parameter files of the `mam` commands: down-scaling goes through --scale, as on the command line;
 * up-scaling (N_scaling, K_scaling > 1) is written into network.yaml with the bundled full-scale rates.
 */
export function parameterFiles(p: ExplorerParams, v: FormValues): { network: string; simulation: string } {
  const network = structuredClone(p.network);
  if (v.scaling <= 1) {
    delete network.N_scaling;
    delete network.K_scaling;
  } else network.fullscale_rates = BUNDLED_RATES_RELATIVE;
  return { network: yaml.dump(network), simulation: yaml.dump(p.simulation) };
}

/**
 * The rules of the simulation figures of Schmidt et al. 2018b: per network state (chi) the chain
 * model -> theory, model -> simulation (or a given run folder) -> statistics / interactions (/ Granger
 * for the resting state), and the figure rules reading them. Rule names:
 * `model-<state>`, `theory-<state>`, `simulation-<state>`, `statistics-<state>`, `interactions-<state>`,
 * `granger-<state>` with <state> e.g. `chi1.9`, and the figure names of DYNAMICS_FIGURES.
 */
import type { Rule } from '../rules.ts';
import type { FigureInfo } from '../paper/index.ts';
import { activityFigureRule, GROUND_STATE_FIGURE, RESTING_STATE_FIGURE } from './activity-figure.ts';
import { resolveDynamicsConfig, stateVariant, type DynamicsConfig, type StateVariant } from './dynamics-config.ts';
import { grangerRule } from './granger-rule.ts';
import { INTERACTIONS_FIGURE, interactionsFigureRule } from './interactions-figure.ts';
import { interactionsRule } from './interactions-rule.ts';
import { LAMINAR_INTERACTIONS_FIGURE, laminarInteractionsRule } from './laminar-interactions-figure.ts';
import { METASTABILITY_FIGURE, metastabilityRule } from './metastability-figure.ts';
import { describeGivenRun } from './run-source.ts';
import { SPIKING_STATISTICS_FIGURE, spikingStatisticsRule } from './spiking-statistics-figure.ts';
import type { StateRules } from './state-comparison.ts';
import { givenRunRule, modelRule, simulationRule, stateModelParams, theoryRule } from './state-rules.ts';
import { statisticsRule } from './statistics-rule.ts';
import { TEMPORAL_HIERARCHY_FIGURE, temporalHierarchyRule } from './temporal-hierarchy-figure.ts';

/** The simulation figures, in paper order. */
export const DYNAMICS_FIGURES: readonly FigureInfo[] = [
  GROUND_STATE_FIGURE,
  METASTABILITY_FIGURE,
  RESTING_STATE_FIGURE,
  SPIKING_STATISTICS_FIGURE,
  TEMPORAL_HIERARCHY_FIGURE,
  INTERACTIONS_FIGURE,
  LAMINAR_INTERACTIONS_FIGURE,
];

export interface DynamicsOptions {
  /** Entries of DynamicsConfig that differ from DEFAULT_DYNAMICS_CONFIG. */
  config?: Partial<DynamicsConfig>;
  /**
   * Finished run folders to use instead of simulating (e.g. full-scale runs from a cluster): each stands
   * for the state of its chi (cc_weights_factor of its network), replacing a simulation of that chi.
   */
  fromRuns?: readonly string[];
  /** Folder of the run folders of our simulations (`<dir>/<label>/`); a finished run of the same label is reused. */
  simulationsDir: string;
  /** Threads per simulation (results do not depend on it); default 2. */
  threads?: number;
}

/** The states of the figures: the configured chi values, where given runs replace (or add) the state of their chi. */
export function dynamicsStates(config: DynamicsConfig, fromRuns: readonly string[]): { variant: StateVariant; run: GivenRun | null }[] {
  const given = new Map<number, { variant: StateVariant; run: GivenRun }>();
  for (const path of fromRuns) {
    const run = describeGivenRun(path);
    const { info } = run;
    const previous = given.get(info.chi);
    if (previous) throw new Error(`--from-run: ${previous.run.info.path} and ${info.path} both have chi = ${info.chi}; expected one run per state`);
    given.set(info.chi, { variant: stateVariant(info.chi, info.chi_I), run });
  }
  const chis = [...new Set([...config.chi, ...given.keys()])].sort((a, b) => a - b);
  return chis.map((chi) => given.get(chi) ?? { variant: stateVariant(chi), run: null });
}

type GivenRun = ReturnType<typeof describeGivenRun>;

export function dynamicsRules(options: DynamicsOptions): Rule<any>[] {
  const config = resolveDynamicsConfig(options.config ?? {});
  const states = dynamicsStates(config, options.fromRuns ?? []);
  const rules: Rule<any>[] = [];
  const stateRules: StateRules[] = [];
  for (const { variant, run } of states) {
    const names: StateRules = {
      state: variant.name,
      chi: variant.chi,
      chi_I: variant.chi_I,
      simulation: `simulation-${variant.name}`,
      theory: `theory-${variant.name}`,
      fullScaleTheory: run === null && config.scale !== 1 ? `theory-${variant.name}-full-scale` : null,
      statistics: `statistics-${variant.name}`,
      interactions: `interactions-${variant.name}`,
    };
    let network: string;
    if (run !== null) {
      rules.push(givenRunRule(names.simulation, run));
      network = names.simulation;
    } else {
      network = `model-${variant.name}`;
      rules.push(modelRule(network, stateModelParams(config.model, config.scale, variant.chi, variant.chi_I)));
      rules.push(
        simulationRule(
          names.simulation,
          network,
          { sim: { rng_seed: config.seed, t_sim: config.t_sim_ms, ...(config.areas ? { areas_simulated: config.areas } : {}) } },
          { simulationsDir: options.simulationsDir, threads: options.threads ?? 2 },
        ),
      );
    }
    const resting = variant.chi === config.restingChi;
    rules.push(theoryRule(names.theory, network, { theory: config.theory, fullScale: false }));
    if (names.fullScaleTheory) rules.push(theoryRule(names.fullScaleTheory, network, { theory: config.theory, fullScale: true }));
    rules.push(statisticsRule(names.statistics, names.simulation, { t_min_ms: config.t_min_ms, smoothing_ms: config.smoothing_ms }));
    rules.push(
      interactionsRule(names.interactions, names.simulation, {
        t_min_ms: config.t_min_ms,
        louvainSeed: config.louvainSeed,
        boldTransient_ms: resting ? config.boldTransient_ms : null,
        hierarchy: resting ? { pairs: [config.comparisonArea, ...config.rasterAreas.filter((a) => a !== config.comparisonArea)].map((b) => [config.comparisonArea, b] as [string, string]) } : null,
      }),
    );
    if (resting) rules.push(grangerRule(`granger-${variant.name}`, names.simulation, { t_min_ms: config.t_min_ms, order: config.grangerOrder, alpha: 0.05 }));
    stateRules.push(names);
  }
  const ground = stateRules.find((s) => s.chi === config.groundChi)!;
  const resting = stateRules.find((s) => s.chi === config.restingChi)!;
  const roles = { groundChi: config.groundChi, restingChi: config.restingChi };
  const activity = { rasterAreas: config.rasterAreas, rasterDuration_ms: config.rasterDuration_ms, rasterFraction: config.rasterFraction, seriesDuration_ms: 10_000 };
  rules.push(
    activityFigureRule(GROUND_STATE_FIGURE, ground.simulation, ground.statistics, activity),
    metastabilityRule({ ...roles, states: stateRules.map(({ state, chi, chi_I, statistics, theory, fullScaleTheory }) => ({ state, chi, chi_I, statistics, theory, fullScaleTheory })), area: config.comparisonArea }),
    activityFigureRule(RESTING_STATE_FIGURE, resting.simulation, resting.statistics, activity),
    spikingStatisticsRule({ ...roles, states: stateRules.map(({ state, chi, chi_I, statistics }) => ({ state, chi, chi_I, statistics })), area: config.comparisonArea, maxFrequency_Hz: 60 }),
    temporalHierarchyRule({ statistics: resting.statistics, interactions: resting.interactions, rateMatrixOffset_ms: 0, rateMatrixDuration_ms: 500 }),
    interactionsFigureRule({ ...roles, states: stateRules.map(({ state, chi, chi_I, interactions }) => ({ state, chi, chi_I, interactions })) }),
    laminarInteractionsRule({ granger: `granger-${resting.state}` }),
  );
  return rules;
}

/**
 * The first links of the simulation-figure chain, per network state: the model (`model-<state>`), its
 * mean-field theory (`theory-<state>`: rates, convergence, lambda_max) and its spiking simulation
 * (`simulation-<state>`, our engine, reusing a finished run folder of the same label) or a given run
 * folder (`simulation-<state>` from `--from-run`). Each writes small JSON files into its rule output;
 * the run folder itself lives in the simulations folder (keyed by the run's label) or where it was given.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUNDLED, stableJson, writeFileAtomic } from '../../core/index.ts';
import { openSpikeSource, Simulation } from '../../simulation/index.ts';
import { Theory } from '../../theory/index.ts';
import type { Rule } from '../rules.ts';
import { modelFor, type ModelParams } from '../paper/index.ts';
import { readRunInfo, runInfoOf, type RunInfo } from './run-source.ts';

export const NETWORK_FILE = 'network.json';
export const RUN_FILE = 'run.json';
export const THEORY_FILE = 'theory.json';

export interface NetworkRecord {
  /** Network label (content hash of the parameters and data). */
  label: string;
  /** Custom network parameters (upstream nesting) that rebuild the network. */
  params: ModelParams;
  neurons: number;
}

export interface TheoryRecord {
  structureVec: string[];
  /** Rates at the end of the integration (spikes/s). */
  rates: number[];
  converged: boolean;
  /** Largest range of a rate over the last 1 ms of the integration (spikes/s). */
  lastChange_Hz: number;
  /** Largest real part of the gain matrix's eigenvalues at those rates (stable fixed point iff < 1). */
  lambdaMax: number;
  lambdaMaxAt: 'fixed point' | 'end of integration, not a fixed point';
  T_ms: number;
  /** The theory is of the full-scale counterpart of the simulated network. */
  fullScale: boolean;
}

export function readRecord<T>(dir: string, file: string): T {
  const path = join(dir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new Error(`${path}: cannot be read (${(err as Error).message}); expected the output of a figure rule (rerun mam figures)`);
  }
}

/** Custom parameters of a state: chi, chi_I and, below full scale, the scaling with the bundled full-scale rates. */
export function stateModelParams(base: ModelParams, scale: number, chi: number, chi_I: number): ModelParams {
  const connection = { ...((base.connection_params as object | undefined) ?? {}), cc_weights_factor: chi, cc_weights_I_factor: chi_I };
  const params: ModelParams = { ...base, connection_params: connection, N_scaling: scale, K_scaling: scale };
  // Down-scaling compensates the missing input by DC drive computed from full-scale rates.
  if (scale !== 1 && params.fullscale_rates === undefined) params.fullscale_rates = BUNDLED.fullscaleRates;
  return params;
}

function networkRecord(params: ModelParams, where: string): NetworkRecord {
  let model;
  try {
    model = modelFor(params);
  } catch (err) {
    throw new Error(`${where}: the network parameters do not build a model (${(err as Error).message})`);
  }
  return { label: model.label, params, neurons: model.N_vec.reduce((sum: number, n: number) => sum + Math.trunc(n), 0) };
}

/** `model-<state>`: builds the network of the state and records its label. */
export function modelRule(name: string, params: ModelParams): Rule<{ params: ModelParams }> {
  return {
    name,
    config: { params },
    version: 1,
    run: ({ config, outDir }) => {
      writeFileAtomic(join(outDir, NETWORK_FILE), stableJson(networkRecord(config.params, name)));
    },
  };
}

export interface TheoryRuleConfig {
  theory: { T: number; dt: number };
  /** Theory of the full-scale counterpart (N_scaling = K_scaling = 1) instead of the network as simulated. */
  fullScale: boolean;
}

/**
 * `theory-<state>`: mean-field rates of the network of `network` (a model or given-run rule) and lambda_max
 * there; with `fullScale`, of its full-scale counterpart (down-scaling with K_scaling < 1 weakens the
 * recurrent gain by sqrt(K_scaling), so a 1 % network is far more stable than the full-scale one).
 */
export function theoryRule(name: string, network: string, config: TheoryRuleConfig): Rule<TheoryRuleConfig> {
  return {
    name,
    config,
    needs: [network],
    version: 1,
    run: ({ config: c, inputs, outDir, report }) => {
      const network_ = readRecord<NetworkRecord>(inputs[network], NETWORK_FILE);
      const params = c.fullScale ? { ...network_.params, N_scaling: 1, K_scaling: 1 } : network_.params;
      report(`integrating the rate equations to T = ${c.theory.T} ms${c.fullScale ? ' (full scale)' : ''}`);
      const th = Theory.fromModel(modelFor(params), { T: c.theory.T, dt: c.theory.dt });
      const run = th.integrateSiegert().runs[0];
      const record: TheoryRecord = {
        structureVec: [...th.structureVec],
        rates: Array.from(run.final),
        converged: run.converged,
        lastChange_Hz: run.lastChange_Hz,
        lambdaMax: th.stability(run.final).lambdaMax,
        lambdaMaxAt: run.converged ? 'fixed point' : 'end of integration, not a fixed point',
        T_ms: c.theory.T,
        fullScale: c.fullScale,
      };
      writeFileAtomic(join(outDir, THEORY_FILE), stableJson(record));
    },
  };
}

export interface RunRecord {
  info: RunInfo;
  /** 'simulated' now, 'reused' (a finished folder of the same label existed) or 'given' (--from-run). */
  origin: 'simulated' | 'reused' | 'given';
}

/** Why a rule's recorded run can no longer be read, or null. */
function checkRunRecord(outDir: string): string | null {
  try {
    const { info } = readRecord<RunRecord>(outDir, RUN_FILE);
    const now = readRunInfo(info.path);
    return now.label === info.label ? null : `${info.path} now holds run ${now.label}, not ${info.label}`;
  } catch (err) {
    return (err as Error).message;
  }
}

export interface SimulationRuleConfig {
  sim: { rng_seed: number; t_sim: number; areas_simulated?: string[] };
}

/** Not part of any key: where run folders live and how many threads simulate (results do not depend on it). */
export interface SimulationRuntime {
  simulationsDir: string;
  threads: number;
}

/** `simulation-<state>`: simulates the network of `model` with our engine, or reuses a finished run of the same label. */
export function simulationRule(name: string, model: string, config: SimulationRuleConfig, runtime: SimulationRuntime): Rule<SimulationRuleConfig> {
  return {
    name,
    config,
    needs: [model],
    version: 1,
    exclusive: true,
    checkOutput: checkRunRecord,
    run: async ({ config: c, inputs, outDir, report, signal }) => {
      const { params } = readRecord<NetworkRecord>(inputs[model], NETWORK_FILE);
      const simulation = new Simulation(modelFor(params), { ...c.sim, threads: runtime.threads }, { dataPath: resolve(runtime.simulationsDir) });
      let origin: RunRecord['origin'] = 'reused';
      let info: RunInfo | null = null;
      try {
        info = readRunInfo(simulation.dataDir);
      } catch {
        info = null;
      }
      if (info === null) {
        origin = 'simulated';
        const stop = (): void => simulation.requestStop();
        signal.addEventListener('abort', stop);
        let last = 0;
        report(`${simulation.plan.totalNeurons} neurons, ${c.sim.t_sim} ms -> ${simulation.dataDir}`);
        try {
          const log = await simulation.run({
            onProgress: (p) => {
              if (p.wallS - last < 2 && p.simulatedMs < p.totalMs) return;
              last = p.wallS;
              report(`${p.simulatedMs.toFixed(0)} / ${p.totalMs} ms simulated (${p.wallS.toFixed(1)} s wall) -> ${simulation.dataDir}`);
            },
          });
          if (log.status === 'interrupted') throw new Error(`simulation ${simulation.label} interrupted at ${log.simulated_ms.toFixed(1)} ms; rerun mam figures to simulate it again`);
        } finally {
          signal.removeEventListener('abort', stop);
        }
        info = readRunInfo(simulation.dataDir);
      } else {
        report(`reusing finished run ${simulation.dataDir}`);
      }
      writeFileAtomic(join(outDir, RUN_FILE), stableJson({ info, origin } satisfies RunRecord));
    },
  };
}

/**
 * `simulation-<state>` for a given run (a folder or SONATA file of any layout the spike sources read):
 * keyed by its path and a fingerprint of its content, so another run in the same place reruns what
 * depends on it. Writes the run's network parameters too.
 */
export function givenRunRule(name: string, run: { info: RunInfo; fingerprint: string }): Rule<{ dir: string; fingerprint: string }> {
  return {
    name,
    config: { dir: run.info.path, fingerprint: run.fingerprint },
    version: 2,
    checkOutput: checkRunRecord,
    run: async ({ config, outDir }) => {
      // Opened (not only described), so that the record names what was read, e.g. a SONATA file's population.
      const source = await openSpikeSource(config.dir);
      const info = runInfoOf(source.info, source.window);
      const where = `the network parameters of ${source.info.networkParamsFile ?? config.dir}`;
      writeFileAtomic(join(outDir, NETWORK_FILE), stableJson(networkRecord(source.info.networkParams as ModelParams, where)));
      writeFileAtomic(join(outDir, RUN_FILE), stableJson({ info, origin: 'given' } satisfies RunRecord));
    },
  };
}

/**
 * The Analysis of a simulation run folder: reads the run's population layout and its recorded spikes
 * (simulation/ recording format), splits them into per-population spike trains, and rebuilds the
 * network from the run's params.json (network_params, checked against network_label) for the
 * statistics that need indegrees and weights.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rateOf, readRatesFile } from '../core/index.ts';
import { type CustomNetworkParams, loadProcessedData, MultiAreaModel, splitPopulationLabel } from '../multiarea/index.ts';
import { readRunLayout, readSpikes, simulatedMs } from '../simulation/index.ts';
import { Theory } from '../theory/index.ts';
import { Analysis } from './analysis.ts';
import { splitByPopulation } from './spikes.ts';
import type { AnalysisNetwork } from './stats/area-signals.ts';
import type { TimeWindow } from './stats/window.ts';

export interface RunAnalysisOptions {
  /**
   * Analysis window (ms); default [500 ms, end of the run], as upstream. The end of a run that stopped
   * early (runaway activity, interruption) is where it stopped; a window beyond it is an error.
   */
  window?: Partial<TimeWindow>;
  /** Refractoriness constant R of the LvR (ms); default 2 ms. */
  lvrR_ms?: number;
  /**
   * 'auto' (default): rebuild the network from params.json when it is a MultiAreaModel, else go
   * without (statistics that need it then say why); 'required': fail if it cannot be rebuilt; false:
   * do not rebuild.
   */
  network?: 'auto' | 'required' | false;
}

/** The MultiAreaModel a run was simulated with, rebuilt from its params.json. */
export function modelOfRun(runDir: string): MultiAreaModel {
  const file = join(runDir, 'params.json');
  if (!existsSync(file)) throw new Error(`run folder ${runDir}: params.json not found; expected the output folder of a simulation`);
  const params = JSON.parse(readFileSync(file, 'utf8')) as { network_params?: unknown; network_label?: string };
  if (params.network_params === undefined || typeof params.network_label !== 'string') {
    throw new Error(`${file}: no network_params / network_label; expected the parameters a Simulation writes`);
  }
  let model: MultiAreaModel;
  try {
    model = new MultiAreaModel(params.network_params as CustomNetworkParams);
  } catch (err) {
    throw new Error(`${file}: network_params do not build a MultiAreaModel (${(err as Error).message})`);
  }
  if (model.label !== params.network_label) {
    throw new Error(
      `${file}: its network_params rebuild the network '${model.label}', but the run was simulated with '${params.network_label}': that network was not a MultiAreaModel of these parameters, or a data file or the model code changed since`,
    );
  }
  return model;
}

/** The AnalysisNetwork of a MultiAreaModel (transfer slopes from the mean-field theory, built on first use). */
export function analysisNetworkOf(model: MultiAreaModel): AnalysisNetwork {
  const single = model.params.neuron_params.single_neuron_dict;
  let theory: Theory | undefined;
  const spec = model.params.fullscale_rates;
  let defaultRates: number[] | undefined;
  if (spec !== null) {
    const rates = typeof spec === 'string' ? readRatesFile(spec, 'fullscale_rates') : spec;
    defaultRates = model.structureVec.map((label) => {
      const { area, pop } = splitPopulationLabel(label);
      return rateOf(rates, area, pop, 'fullscale_rates');
    });
  }
  return {
    label: model.label,
    structureVec: model.structureVec,
    K: model.K_matrix,
    W_pA: model.W_matrix,
    J_mV: model.J_matrix,
    tau_syn_ex_ms: single.tau_syn_ex,
    tau_syn_in_ms: single.tau_syn_in,
    K_areas: model.K_areas,
    architecture: loadProcessedData().architecture_completed,
    transferSlopes: (rates) => {
      theory ??= Theory.fromModel(model);
      const s = theory.slopes(rates);
      return { dRateDmu: s.dRateDmu, dRateDsigma2: s.dRateDsigma2 };
    },
    defaultRates,
  };
}

/** An Analysis of all populations whose spikes the run recorded. */
export function analysisOfRun(runDir: string, options: RunAnalysisOptions = {}): Analysis {
  const layout = readRunLayout(runDir);
  const recorded = layout.populations.filter((p) => p.recordSpikes);
  if (recorded.length === 0) throw new Error(`run folder ${runDir}: no population's spikes were recorded`);
  // Past the point where a run stopped there are no spikes, only an underestimated rate.
  const endMs = simulatedMs(runDir, layout);
  const window: TimeWindow = {
    t_min_ms: options.window?.t_min_ms ?? Math.min(500, endMs / 2),
    t_max_ms: options.window?.t_max_ms ?? endMs,
  };
  if (window.t_max_ms > endMs + 1e-9) {
    throw new Error(`run folder ${runDir}: window t_max_ms = ${window.t_max_ms}; expected at most ${endMs} ms, the time the run covers`);
  }
  let network: AnalysisNetwork | undefined;
  let networkMissing: string | undefined;
  const mode = options.network ?? 'auto';
  if (mode !== false) {
    try {
      network = analysisNetworkOf(modelOfRun(runDir));
    } catch (err) {
      if (mode === 'required') throw err;
      networkMissing = (err as Error).message;
    }
  } else networkMissing = 'analysisOfRun was called with network: false';
  const all = readSpikes(runDir);
  const spikes = splitByPopulation(
    all.timesMs,
    all.senders,
    recorded.map((p) => ({ firstId: p.first, size: p.size })),
  );
  return new Analysis({
    structureVec: recorded.map((p) => p.label),
    N: recorded.map((p) => p.size),
    spikes,
    window,
    lvrR_ms: options.lvrR_ms,
    network,
    networkMissing,
  });
}

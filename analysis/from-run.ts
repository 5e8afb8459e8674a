/**
 * The Analysis of a simulation run: its spikes through a SpikeSource of simulation/ (our run folders,
 * NEST run folders, upstream multi-area-model output, SONATA files; only complete runs, see
 * docs/analysis.md "Spike sources"), split into per-population spike trains, and the network rebuilt
 * from the run's network parameters for the statistics that need indegrees and weights.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rateOf, readRatesFile } from '../core/index.ts';
import { type CustomNetworkParams, loadProcessedData, MultiAreaModel, splitPopulationLabel } from '../multiarea/index.ts';
import { openSpikeSourceSync, windowWithin, type SpikeSource, type SpikeWindow } from '../simulation/index.ts';
import { Theory } from '../theory/index.ts';
import { Analysis } from './analysis.ts';
import { splitByPopulation } from './spikes.ts';
import type { AnalysisNetwork } from './stats/area-signals.ts';
import type { TimeWindow } from './stats/window.ts';

export interface RunAnalysisOptions {
  /**
   * Analysis window (ms); default [500 ms, end of the valid data] as upstream (defaultAnalysisWindow).
   * The valid data of a run that stopped early (runaway activity, interruption) ends where it stopped;
   * a window outside the valid one is an error.
   */
  window?: Partial<TimeWindow>;
  /** Refractoriness constant R of the LvR (ms); default 2 ms. */
  lvrR_ms?: number;
  /**
   * 'auto' (default): rebuild the network from the run's network parameters when they make a
   * MultiAreaModel, else go without (statistics that need it then say why); 'required': fail if it
   * cannot be rebuilt; false: do not rebuild.
   */
  network?: 'auto' | 'required' | false;
  /** When `run` is a path: accept an unfinished run up to its last complete step (OpenSpikeSourceOptions.allowIncomplete). */
  allowIncomplete?: boolean;
}

/** The MultiAreaModel of network parameters; `expectedLabel` (ours) is checked when given. */
function rebuildModel(params: unknown, expectedLabel: string | null, file: string): MultiAreaModel {
  let model: MultiAreaModel;
  try {
    model = new MultiAreaModel(params as CustomNetworkParams);
  } catch (err) {
    throw new Error(`${file}: network_params do not build a MultiAreaModel (${(err as Error).message})`);
  }
  if (expectedLabel !== null && model.label !== expectedLabel) {
    throw new Error(
      `${file}: its network_params rebuild the network '${model.label}', but the run was simulated with '${expectedLabel}': that network was not a MultiAreaModel of these parameters, or a data file or the model code changed since`,
    );
  }
  return model;
}

/** The MultiAreaModel a run folder was simulated with, rebuilt from its params.json. */
export function modelOfRun(runDir: string): MultiAreaModel {
  const file = join(runDir, 'params.json');
  if (!existsSync(file)) throw new Error(`run folder ${runDir}: params.json not found; expected the output folder of a simulation`);
  const params = JSON.parse(readFileSync(file, 'utf8')) as { network_params?: unknown; network_label?: string };
  if (params.network_params === undefined || typeof params.network_label !== 'string') {
    throw new Error(`${file}: no network_params / network_label; expected the parameters a Simulation writes`);
  }
  return rebuildModel(params.network_params, params.network_label, file);
}

/**
 * The MultiAreaModel of a spike source, rebuilt from its network parameters and checked against it:
 * the label where it is ours, and the size of every recorded population.
 */
export function modelOfSource(source: SpikeSource): MultiAreaModel {
  const { info } = source;
  if (info.networkParams === null || info.networkParams === undefined) {
    throw new Error(`${info.path}: this ${info.format} source holds no network parameters to rebuild the network from`);
  }
  const file = info.networkParamsFile ?? info.path;
  const model = rebuildModel(info.networkParams, info.networkLabelIsOurs ? info.networkLabel : null, file);
  const net = model.arrays();
  const sizeOf = new Map(net.structureVec.map((label, i) => [label, Math.trunc(net.N[i])]));
  for (const p of source.populations) {
    if (!p.recordSpikes) continue;
    const N = sizeOf.get(p.label);
    if (N !== p.size) {
      throw new Error(`${file}: the network rebuilt from its parameters has ${N ?? 'no'} neurons in ${p.label}, the run ${p.size}; expected the run's own network`);
    }
  }
  return model;
}

/** Upstream's default analysis window over the valid window of a run: [500 ms (or half the run if shorter), end]. */
export function defaultAnalysisWindow(valid: SpikeWindow): TimeWindow {
  return { t_min_ms: Math.max(valid.t_min_ms, Math.min(500, valid.t_max_ms / 2)), t_max_ms: valid.t_max_ms };
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

/**
 * An Analysis of all populations whose spikes a run recorded: `run` is a SpikeSource or a path that
 * openSpikeSourceSync opens (folders of any layout; SONATA files: open them with openSpikeSource).
 */
export function analysisOfRun(run: string | SpikeSource, options: RunAnalysisOptions = {}): Analysis {
  const source = typeof run === 'string' ? openSpikeSourceSync(run, { allowIncomplete: options.allowIncomplete }) : run;
  const recorded = source.populations.filter((p) => p.recordSpikes);
  if (recorded.length === 0) throw new Error(`${source.info.path}: no population's spikes were recorded`);
  // Past the end of the valid data there are no spikes, only an underestimated rate.
  const window = windowWithin(source, options.window ?? {}, defaultAnalysisWindow(source.window), 'analysis window');
  let network: AnalysisNetwork | undefined;
  let networkMissing: string | undefined;
  const mode = options.network ?? 'auto';
  if (mode !== false) {
    try {
      network = analysisNetworkOf(modelOfSource(source));
    } catch (err) {
      if (mode === 'required') throw err;
      networkMissing = (err as Error).message;
    }
  } else networkMissing = 'analysisOfRun was called with network: false';
  const all = source.spikes();
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

/**
 * The LFP/EEG figure rules (Hagen et al. 2022 style): `lfp-theory` predicts the signals of an area from
 * surrogate activity that needs no spiking simulation (independent Poisson neurons at the mean-field rates
 * of the model), `lfp-run` from the spikes of a simulation run folder (skipped without one).
 */
import { binnedCounts, modelOfRun } from '../../analysis/index.ts';
import { readRunLayout, readSpikes, simulatedMs } from '../../simulation/index.ts';
import { join } from 'node:path';
import type { Rule } from '../rules.ts';
import {
  NO_RUN_MESSAGE,
  modelFor,
  readMeanFieldRates,
  writeFigureData,
  writeSkippedFigure,
  type FigureInfo,
  type ModelParams,
  type RunInput,
} from '../paper/index.ts';
import { KERNEL_CACHE_SUBDIR, modelAreaConnectivity, unitKernelsFor } from './kernel-source.ts';
import { DEFAULT_EEG_SETUP, lfpSignalsData, writeLfpSignalPanels, type SignalOptions } from './lfp-signals.ts';
import { poissonPopulationCounts } from './poisson-counts.ts';

export const DEFAULT_SIGNAL_OPTIONS: SignalOptions = {
  window_ms: [0, 500],
  spectrumDepths_um: [-300, -700, -1000, -1300],
  segment_ms: 256,
  eeg: DEFAULT_EEG_SETUP,
};

export const LFP_THEORY_FIGURE: FigureInfo = {
  name: 'lfp-theory',
  paperFigure: 'Hagen et al. 2022 (PLOS Comput Biol) style, for this model: LFP and EEG from rates without a spiking simulation',
  description:
    'LFP (laminar), current dipole moment and EEG of one area predicted by the kernels from surrogate activity: ' +
    'independent Poisson neurons at the rates of the mean-field theory, next to those rates, and their spectra. ' +
    'Uncorrelated activity: the spectra show how the kernels filter it, not the network dynamics.',
};

export interface LfpTheoryConfig {
  model: ModelParams;
  area: string;
  /** The mean-field rule whose rates drive the surrogate activity. */
  meanField: string;
  duration_ms: number;
  seed: number;
  signals: SignalOptions;
}

export function lfpTheoryRule(config: LfpTheoryConfig): Rule<LfpTheoryConfig> {
  return {
    name: LFP_THEORY_FIGURE.name,
    config,
    needs: [config.meanField],
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const model = modelFor(c.model);
      const kernels = unitKernelsFor(model, join(outDir, KERNEL_CACHE_SUBDIR));
      const conn = modelAreaConnectivity(model, c.area);
      const rates = readMeanFieldRates(inputs[c.meanField]);
      if (rates.structureVec.some((l, i) => l !== model.structureVec[i])) {
        throw new Error(`lfp-theory: the rates of rule "${c.meanField}" are for another population order than the model; expected the same model`);
      }
      const dt = kernels.lags[1] - kernels.lags[0];
      const bins = Math.round((c.duration_ms + kernels.lags[kernels.lags.length - 1]) / dt);
      const counts: Record<string, Float64Array> = {};
      Object.keys(conn.N).forEach((pop, k) => {
        const rate = rates.rates[model.structureVec.indexOf(`${c.area}-${pop}`)];
        counts[pop] = poissonPopulationCounts(conn.N[pop]!, rate, dt, bins, c.seed + k);
      });
      const data = lfpSignalsData(c.area, kernels, conn, counts, c.signals);
      const status = rates.converged ? 'mean-field fixed point' : `mean-field rates at T = ${rates.T_ms} ms, NOT a fixed point (not settled)`;
      writeFigureData(outDir, LFP_THEORY_FIGURE, c, { ...data, rateSource: status, kernelHash: kernels.hash });
      await writeLfpSignalPanels(outDir, LFP_THEORY_FIGURE.name, data, [`surrogate: independent Poisson neurons at the ${status}`]);
    },
  };
}

export const LFP_RUN_FIGURE: FigureInfo = {
  name: 'lfp-run',
  paperFigure: 'Hagen et al. 2022 (PLOS Comput Biol) style, for this model: LFP and EEG of a simulation run',
  description:
    'LFP (laminar), current dipole moment and EEG of one area predicted by the kernels from the spikes of a ' +
    'simulation run, next to the population rates, and their spectra. Skipped without a run folder.',
};

export interface LfpRunConfig {
  /** The run folder (null: the figure is skipped). */
  run: RunInput | null;
  area: string;
  /** Start of the analysed activity (ms): the initial transient is left out. */
  t_min_ms: number;
  signals: SignalOptions;
}

export function lfpRunRule(config: LfpRunConfig): Rule<LfpRunConfig> {
  return {
    name: LFP_RUN_FIGURE.name,
    config,
    version: 1,
    run: async ({ config: c, outDir }) => {
      if (c.run === null) {
        writeSkippedFigure(outDir, LFP_RUN_FIGURE, c, NO_RUN_MESSAGE);
        return;
      }
      const dir = c.run.dir;
      const model = modelOfRun(dir);
      const layout = readRunLayout(dir);
      const kernels = unitKernelsFor(model, join(outDir, KERNEL_CACHE_SUBDIR));
      const dt = kernels.lags[1] - kernels.lags[0];
      const tEnd = simulatedMs(dir);
      if (!(c.t_min_ms >= 0 && c.t_min_ms < tEnd)) throw new Error(`lfp-run t_min_ms: got ${c.t_min_ms} ms; expected 0 <= t_min < ${tEnd} ms (the time the run covers)`);
      const conn = modelAreaConnectivity(model, c.area);
      const counts: Record<string, Float64Array> = {};
      const all = binnedCounts(readSpikes(dir), layout.populations, dt, tEnd);
      const skip = Math.round(c.t_min_ms / dt);
      for (const pop of Object.keys(conn.N)) {
        const p = layout.populations.find((q) => q.label === `${c.area}-${pop}`);
        if (!p) throw new Error(`lfp-run area: ${c.area} was not simulated in ${dir}; expected one of its simulated areas`);
        if (!p.recordSpikes) throw new Error(`lfp-run: population ${p.label} has no recorded spikes in ${dir}; the LFP needs the spikes of every population of the area`);
        conn.N[pop] = p.size; // the run's own (rounded, scaled) population size
        counts[pop] = all[p.label].subarray(skip);
      }
      const data = lfpSignalsData(c.area, kernels, conn, counts, c.signals, skip * dt);
      const scale = `N_scaling ${model.params.N_scaling}, K_scaling ${model.params.K_scaling}`;
      const source = [`run ${model.label.slice(0, 12)}… (${scale}); signals ${data.start_ms}-${tEnd} ms (from ${c.t_min_ms} ms plus the kernel length)`];
      writeFigureData(outDir, LFP_RUN_FIGURE, c, { ...data, network: model.label, kernelHash: kernels.hash, t_end_ms: tEnd });
      await writeLfpSignalPanels(outDir, LFP_RUN_FIGURE.name, data, source);
    },
  };
}

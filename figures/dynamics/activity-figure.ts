/**
 * Spiking activity of one network state (Schmidt et al. 2018b, Fig. 3 for the ground state chi = 1 and
 * Fig. 5 for the resting state chi = 1.9; upstream Fig3_ground_state_chi1.py / Fig5_ground_state.py):
 * A-C raster plots of a few areas (upstream: V1, V2, FEF, 500 ms, 3 % of every population's full-scale
 * size, the neurons with the lowest ids), D-F the distributions over areas of every population's rate,
 * correlation coefficient and irregularity (LvR), G the rate time series of the raster areas, binned at
 * 1 ms (grey) and smoothed (black).
 */
import { splitPopulationLabel } from '../../multiarea/index.ts';
import type { Rule } from '../rules.ts';
import { boxPlotSvg, rasterSvg } from '../plot/index.ts';
import { writeFigurePanel, type FigureInfo } from '../paper/index.ts';
import { captioned, populationColor, populationName, POPULATIONS, stackedLinesSvg, valuesByPopulation, COLORS, writeDynamicsFigureData } from './figure-parts.ts';
import { loadRunAnalysis, type RunInfo } from './run-source.ts';
import { readRecord, RUN_FILE, type RunRecord } from './state-rules.ts';
import { readStatistics, type StateStatistics } from './statistics-rule.ts';

export const GROUND_STATE_FIGURE: FigureInfo = {
  name: 'ground-state',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), Fig. 3',
  description:
    'Ground state (chi = chi_I = 1): rasters of V1, V2, FEF; rates, correlation coefficients and LvR of every population ' +
    'over the areas (box plots); rate time series of the raster areas (1 ms bins and Gaussian-smoothed).',
};

export const RESTING_STATE_FIGURE: FigureInfo = {
  name: 'resting-state',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), Fig. 5',
  description:
    'Metastable resting state (chi = 1.9, chi_I = 2): the panels of the ground-state figure for this state.',
};

export interface ActivityFigureConfig {
  rasterAreas: string[];
  /** Raster window: the last rasterDuration_ms of the run. */
  rasterDuration_ms: number;
  /** Neurons drawn per population, as a fraction of its full-scale size (capped at all simulated neurons). */
  rasterFraction: number;
  /** Longest stretch of the rate time series drawn (ms; upstream 10 s). */
  seriesDuration_ms: number;
}

export interface RasterData {
  area: string;
  window_ms: [number, number];
  rowCount: number;
  populations: { population: string; firstRow: number; rows: number; spikes: number; times_ms: number[]; row: number[] }[];
}

export interface ActivityFigureData {
  rasters: RasterData[];
  /** Per population (POPULATIONS order), its values over the areas that have it. */
  distributions: { populations: string[]; rate_spikes_per_s: number[][]; correlation: number[][]; lvr: number[][] };
  series: { t_ms: number[]; areas: { area: string; binned_spikes_per_s: number[]; smoothed_spikes_per_s: number[] }[]; smoothing_ms: number };
}

/** Neurons of each population drawn in a raster: rasterFraction of its full-scale size, at most all neurons. */
export function rasterNeurons(N: number, scale: number, fraction: number): number {
  return Math.min(N, Math.floor((N / scale) * fraction));
}

/** Raster data of `areas` over the last `duration_ms` of the run (spikes read through loadRunAnalysis). */
export async function rasterData(info: RunInfo, areas: readonly string[], duration_ms: number, fraction: number): Promise<RasterData[]> {
  const t1 = info.simulated_ms;
  const t0 = Math.max(info.window_ms[0], t1 - duration_ms);
  const analysis = await loadRunAnalysis(info, t0);
  return areas.map((area) => {
    let firstRow = 0;
    const populations = analysis.populationsOf(area).map((i) => {
      const label = analysis.structureVec[i];
      const n = rasterNeurons(analysis.N[i], info.N_scaling, fraction);
      const { spikes } = analysis.populationSpikes(label);
      const times_ms: number[] = [];
      const row: number[] = [];
      for (let k = 0; k < spikes.times_ms.length; k++) {
        const t = spikes.times_ms[k];
        if (t >= t0 && t <= t1 && spikes.senders[k] < n) {
          times_ms.push(t);
          row.push(firstRow + spikes.senders[k]);
        }
      }
      const entry = { population: splitPopulationLabel(label).pop, firstRow, rows: n, spikes: times_ms.length, times_ms, row };
      firstRow += n;
      return entry;
    });
    return { area, window_ms: [t0, t1] as [number, number], rowCount: firstRow, populations };
  });
}

export async function activityFigureData(
  config: ActivityFigureConfig,
  info: RunInfo,
  statistics: StateStatistics,
  binned: readonly Float64Array[],
  smoothed: readonly Float64Array[],
): Promise<ActivityFigureData> {
  const { populations: pops } = statistics;
  const perPop = (values: readonly (number | null)[]) => {
    const m = valuesByPopulation(pops.labels, values);
    return POPULATIONS.map((p) => m.get(p)!);
  };
  const bins = Math.min(statistics.series.bins, Math.floor(config.seriesDuration_ms / statistics.series.binSize_ms));
  const t_ms = Array.from({ length: bins }, (_, k) => statistics.series.t0_ms + k * statistics.series.binSize_ms);
  return {
    rasters: await rasterData(info, config.rasterAreas, config.rasterDuration_ms, config.rasterFraction),
    distributions: {
      populations: [...POPULATIONS],
      rate_spikes_per_s: perPop(pops.rate_spikes_per_s),
      correlation: perPop(pops.correlation),
      lvr: perPop(pops.lvr),
    },
    series: {
      t_ms,
      areas: config.rasterAreas.map((area) => {
        const i = statistics.areas.labels.indexOf(area);
        if (i < 0) throw new Error(`activity figure: area '${area}' was not simulated in run ${info.label}`);
        return { area, binned_spikes_per_s: Array.from(binned[i].subarray(0, bins)), smoothed_spikes_per_s: Array.from(smoothed[i].subarray(0, bins)) };
      }),
      smoothing_ms: statistics.series.smoothing_ms,
    },
  };
}

const LAYER_NAMES: Record<string, string> = { '23': 'L2/3', '4': 'L4', '5': 'L5', '6': 'L6' };

export async function writeActivityFigure(outDir: string, figure: FigureInfo, config: ActivityFigureConfig, info: RunInfo, data: ActivityFigureData): Promise<void> {
  writeDynamicsFigureData(outDir, figure, config, [info], data);
  for (const raster of data.rasters) {
    const layers = new Map<string, { first: number; last: number }>();
    for (const p of raster.populations) {
      const layer = p.population.slice(0, -1);
      const span = layers.get(layer) ?? { first: p.firstRow, last: p.firstRow + p.rows };
      layers.set(layer, { first: Math.min(span.first, p.firstRow), last: Math.max(span.last, p.firstRow + p.rows) });
    }
    const spikes = raster.populations.reduce((a, p) => a + p.spikes, 0);
    await writeFigurePanel(
      outDir,
      figure.name,
      `raster-${raster.area}`,
      await rasterSvg({
        title: captioned(`${raster.area}: ${raster.rowCount} neurons, ${spikes} spikes`, [info]),
        groups: raster.populations.map((p) => ({ name: p.population, color: populationColor(p.population), times_ms: p.times_ms, rows: p.row })),
        rowCount: Math.max(1, raster.rowCount),
        window_ms: raster.window_ms,
        rowTicks: [...layers].map(([layer, span]) => ({ label: LAYER_NAMES[layer] ?? layer, row: (span.first + span.last) / 2 })),
        legend: [
          { name: 'excitatory', color: COLORS.excitatory },
          { name: 'inhibitory', color: COLORS.inhibitory },
        ],
        width: 300,
        height: 300,
      }),
    );
  }
  const boxes = async (panel: string, title: string, values: number[][], xTitle: string): Promise<void> =>
    writeFigurePanel(
      outDir,
      figure.name,
      panel,
      await boxPlotSvg({
        title: captioned(title, [info]),
        groups: data.distributions.populations.map((p, k) => ({ name: populationName(p), values: values[k], color: populationColor(p) })),
        xTitle,
        yTitle: 'Population',
      }),
    );
  await boxes('rates', 'Rates over areas', data.distributions.rate_spikes_per_s, 'Rate (spikes/s)');
  await boxes('correlation', 'Correlation coefficients over areas', data.distributions.correlation, 'Correlation coefficient (1 ms bins)');
  await boxes('irregularity', 'Irregularity over areas', data.distributions.lvr, 'Irregularity (LvR)');
  await writeFigurePanel(
    outDir,
    figure.name,
    'rate-series',
    await stackedLinesSvg({
      title: captioned('Area rates (spikes/s)', [info]),
      panels: data.series.areas.map((a) => ({
        label: a.area,
        series: [
          { name: '1 ms bins', color: '#999999', x: data.series.t_ms, y: a.binned_spikes_per_s, width: 0.7 },
          { name: `Gaussian σ = ${data.series.smoothing_ms} ms`, color: 'black', x: data.series.t_ms, y: a.smoothed_spikes_per_s, width: 1.2 },
        ],
      })),
      xTitle: 'Time (ms)',
      yTitle: 'spikes/s',
    }),
  );
}

/** The figure rule of one state: needs its simulation (spikes for the rasters) and statistics rules. */
export function activityFigureRule(figure: FigureInfo, simulation: string, statistics: string, config: ActivityFigureConfig): Rule<ActivityFigureConfig> {
  return {
    name: figure.name,
    config,
    needs: [simulation, statistics],
    version: 1,
    run: async ({ config: c, inputs, outDir, report }) => {
      const { info } = readRecord<RunRecord>(inputs[simulation], RUN_FILE);
      const { statistics: stats, binned, smoothed } = readStatistics(inputs[statistics]);
      report('raster plots');
      await writeActivityFigure(outDir, figure, c, info, await activityFigureData(c, info, stats, binned, smoothed));
    },
  };
}

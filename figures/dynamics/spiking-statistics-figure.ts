/**
 * Spiking statistics of the simulated states (Schmidt et al. 2018b, Fig. 6 D and F without the
 * experimental recordings of Chu et al. 2014; upstream Fig6_comparison_exp_spiking_data.py): D power
 * spectra of one area's rate (V1) for every chi, F the distribution of single-neuron rates of that
 * area; and, across all areas, the irregularity (CV of ISIs, LvR) and synchrony (CV of the population
 * rate in 1 ms bins) of every state as box plots.
 *
 * Spectra are Welch spectra of the rate of all neurons of the area (compute_power_spectrum.py's 'full'
 * method: 1 ms bins, boxcar segments of 1024 ms overlapping by 1000 ms); the paper's panel D uses the
 * 'subsample' method (140 neurons, to match the recordings), which needs no comparison here.
 */
import type { Rule } from '../rules.ts';
import { boxPlotSvg } from '../plot/index.ts';
import { writeFigurePanel, type FigureInfo } from '../paper/index.ts';
import { captioned, chiColor, stackedLinesSvg, writeDynamicsFigureData, type LineSeries } from './figure-parts.ts';
import { areaIndex, loadStatistics, stateName, type StateHeader, type StateRoles, type StateRules } from './state-comparison.ts';
import type { RunInfo } from './run-source.ts';

export const SPIKING_STATISTICS_FIGURE: FigureInfo = {
  name: 'spiking-statistics',
  paperFigure: 'Schmidt et al. 2018b (PLOS Comput Biol), Fig. 6 D, F (simulated part)',
  description:
    'Power spectra and single-neuron rate distributions of V1 for every simulated chi; CV of ISIs, LvR and synchrony ' +
    '(CV of the population rate) of all areas per chi.',
};

export interface SpikingStatisticsConfig extends StateRoles {
  states: Pick<StateRules, 'state' | 'chi' | 'chi_I' | 'statistics'>[];
  /** Area of the spectra and rate distributions (upstream V1). */
  area: string;
  /** Highest frequency shown (Hz; upstream 60). */
  maxFrequency_Hz: number;
}

export interface SpikingStatisticsData {
  area: string;
  states: (StateHeader & {
    spectrum: { frequency_Hz: number[]; power: number[] };
    /**
     * Fraction of the area's neurons per rate bin (bin centres), that fraction per spikes/s (comparable
     * between states with different bin widths), and the mean and std of the single-neuron rates.
     */
    rateDistribution: { binCentre_spikes_per_s: number[]; probability: number[]; density_per_spikes_per_s: number[]; mean: number; std: number };
    /** Values of every area (in the run's area order). */
    areas: string[];
    cvIsi: (number | null)[];
    lvr: (number | null)[];
    synchrony: (number | null)[];
  })[];
}

function binCentres(h: { binLeft_spikes_per_s: number[]; probability: number[]; mean: number; std: number }): SpikingStatisticsData['states'][number]['rateDistribution'] {
  const width = h.binLeft_spikes_per_s.length > 1 ? h.binLeft_spikes_per_s[1] - h.binLeft_spikes_per_s[0] : 0;
  return {
    binCentre_spikes_per_s: h.binLeft_spikes_per_s.map((x) => x + width / 2),
    probability: h.probability,
    density_per_spikes_per_s: h.probability.map((p) => (width > 0 ? p / width : Number.NaN)),
    mean: h.mean,
    std: h.std,
  };
}

export function spikingStatisticsData(config: SpikingStatisticsConfig, inputs: Record<string, string>): { runs: RunInfo[]; data: SpikingStatisticsData } {
  const loaded = loadStatistics(config.states, inputs);
  const states = loaded.map(({ rules, run, statistics }) => {
    const i = areaIndex(statistics.areas.labels, config.area, run);
    const f = statistics.areas.spectrumFrequency_Hz;
    const shown = f.map((_, k) => k).filter((k) => f[k] > 0 && f[k] <= config.maxFrequency_Hz);
    return {
      state: rules.state,
      chi: rules.chi,
      chi_I: rules.chi_I,
      run: run.label,
      spectrum: { frequency_Hz: shown.map((k) => f[k]), power: shown.map((k) => statistics.areas.spectra[i][k]) },
      rateDistribution: binCentres(statistics.areas.rateHistograms[i]),
      areas: statistics.areas.labels,
      cvIsi: statistics.areas.cvIsi,
      lvr: statistics.areas.lvr,
      synchrony: statistics.areas.synchrony,
    };
  });
  return { runs: loaded.map((s) => s.run), data: { area: config.area, states } };
}

export async function writeSpikingStatisticsFigure(outDir: string, config: SpikingStatisticsConfig, runs: RunInfo[], data: SpikingStatisticsData): Promise<void> {
  writeDynamicsFigureData(outDir, SPIKING_STATISTICS_FIGURE, config, runs, data);
  const name = SPIKING_STATISTICS_FIGURE.name;
  const chis = data.states.map((s) => s.chi);
  const color = (chi: number): string => chiColor(chi, config.groundChi, config.restingChi, chis);
  const lines = (f: (s: SpikingStatisticsData['states'][number]) => { x: number[]; y: number[] }): LineSeries[] =>
    data.states.map((s) => ({ name: stateName(s), color: color(s.chi), ...f(s), width: 1.2 }));
  writeFigurePanel(
    outDir,
    name,
    'spectra',
    await stackedLinesSvg({
      title: captioned(`Power spectrum of the ${data.area} rate`, runs),
      panels: [{ label: '', series: lines((s) => ({ x: s.spectrum.frequency_Hz, y: s.spectrum.power })) }],
      xTitle: 'Frequency (Hz)',
      yTitle: 'Power ((spikes/s)²/Hz)',
      yScale: 'log',
      panelHeight: 200,
      width: 320,
    }),
  );
  writeFigurePanel(
    outDir,
    name,
    'rate-distributions',
    await stackedLinesSvg({
      title: captioned(`Single-neuron rates in ${data.area}`, runs),
      panels: [{ label: '', series: lines((s) => ({ x: s.rateDistribution.binCentre_spikes_per_s, y: s.rateDistribution.density_per_spikes_per_s })) }],
      xTitle: 'Rate (spikes/s)',
      yTitle: 'Fraction of neurons per spikes/s',
      panelHeight: 200,
      width: 320,
    }),
  );
  const boxes = async (panel: string, title: string, pick: (s: SpikingStatisticsData['states'][number]) => (number | null)[], xTitle: string): Promise<void> =>
    writeFigurePanel(
      outDir,
      name,
      panel,
      await boxPlotSvg({
        title: captioned(title, runs),
        groups: data.states.map((s) => ({ name: stateName(s), values: pick(s).filter((v): v is number => v !== null), color: color(s.chi) })),
        xTitle,
        yTitle: 'State',
      }),
    );
  await boxes('cv-isi', 'Irregularity over areas: CV of ISIs', (s) => s.cvIsi, 'CV of ISIs');
  await boxes('lvr', 'Irregularity over areas: LvR', (s) => s.lvr, 'LvR');
  await boxes('synchrony', 'Synchrony over areas', (s) => s.synchrony, 'Synchrony (CV of the area rate, 1 ms bins)');
}

export function spikingStatisticsRule(config: SpikingStatisticsConfig): Rule<SpikingStatisticsConfig> {
  return {
    name: SPIKING_STATISTICS_FIGURE.name,
    config,
    needs: config.states.map((s) => s.statistics),
    version: 1,
    run: async ({ config: c, inputs, outDir }) => {
      const { runs, data } = spikingStatisticsData(c, inputs);
      await writeSpikingStatisticsFigure(outDir, c, runs, data);
    },
  };
}

/**
 * LFP, current dipole moment and EEG of one area predicted from its population activity by the kernels
 * (Hagen et al. 2022), next to that activity, with their power spectra. The activity is given as spike
 * counts per kernel time bin, from a simulation run or from surrogate Poisson activity; this module turns
 * it into the figure data and panels, whatever its source.
 */
import { areaSignals, FourSphereVolumeConductor, welch, type AreaConnectivity, type AreaUnitKernels } from '../../analysis/index.ts';
import { scatterLineSvg, tracesSvg } from '../plot/index.ts';
import { POPULATION_DISPLAY, writeFigurePanel } from '../paper/index.ts';

export interface EegSetup {
  /** Position of the area's dipole in the four-sphere head (um; brain radius 79 mm), oriented radially. */
  dipoleLocation_um: [number, number, number];
  /** EEG electrode on the scalp (um; scalp radius 90 mm). */
  electrode_um: [number, number, number];
}

export const DEFAULT_EEG_SETUP: EegSetup = { dipoleLocation_um: [0, 0, 78000], electrode_um: [0, 0, 90000] };

export interface SignalOptions {
  /** Time shown in the trace panels (ms, from the start of the analysed signal, after the kernel warm-up). */
  window_ms: [number, number];
  /** Depths (um) of the contacts whose spectra are shown. */
  spectrumDepths_um: number[];
  /** Welch segment length (ms). */
  segment_ms: number;
  eeg: EegSetup;
}

export interface LfpSignalsData {
  area: string;
  dt_ms: number;
  duration_ms: number;
  depths_um: number[];
  populations: string[];
  /** Time of the first analysed sample (ms): the first count bin plus the kernel warm-up. */
  start_ms: number;
  /** Mean rate of each population over the analysed signal (spikes/s). */
  meanRates_Hz: number[];
  /** EEG electrode gain: potential per z dipole moment (mV per nA um), for this head geometry. */
  eegGain_mV_per_nAum: number;
  eeg: EegSetup;
  window: {
    /** Sample times of the traces (ms, time of the run or surrogate). */
    t_ms: number[];
    /** [population][t] spikes/s in 1-ms bins. */
    rates_Hz: number[][];
    /** [contact][t] mV, mean of the whole signal removed. */
    lfp_mV: number[][];
    dipole_nAum: number[];
    eeg_uV: number[];
  };
  spectra: {
    lfp: { depth_um: number; frequency_Hz: number[]; power_mV2_per_Hz: number[] }[];
    eeg: { frequency_Hz: number[]; power_uV2_per_Hz: number[] };
    rates: { population: string; frequency_Hz: number[]; power_Hz2_per_Hz: number[] }[];
  };
}

/** Gain of a radial dipole at `setup.dipoleLocation_um` on the electrode (mV per nA um), four-sphere head. */
export function eegGain(setup: EegSetup): number {
  const M = new FourSphereVolumeConductor({ rElectrodes: [setup.electrode_um], dipoleLocation: setup.dipoleLocation_um }).getDipoleTransformationMatrix();
  const r = Math.hypot(...setup.dipoleLocation_um);
  return setup.dipoleLocation_um.reduce((g, c, k) => g + M.data[k] * (c / r), 0);
}

function binned(counts: ArrayLike<number>, per: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k + per <= to; k += per) {
    let s = 0;
    for (let i = k; i < k + per; i++) s += counts[i];
    out.push(s);
  }
  return out;
}

/**
 * Signals of `area` from spike counts per bin of the kernels' dt. The first kernel length of the
 * convolution (activity before the first bin is unknown) is dropped.
 */
export function lfpSignalsData(
  area: string,
  kernels: AreaUnitKernels,
  conn: AreaConnectivity,
  counts: Record<string, Float64Array>,
  options: SignalOptions,
  /** Time of the first count bin (ms): the times of the figure are those of the run. */
  countsStart_ms = 0,
): LfpSignalsData {
  const dt = kernels.lags[1] - kernels.lags[0];
  const { lfp, dipole } = areaSignals(kernels, counts, conn);
  const warmup = Math.round(kernels.lags[kernels.lags.length - 1] / dt);
  const nT = lfp.cols - warmup;
  if (nT * dt < options.segment_ms) {
    throw new Error(`LFP signals: ${(nT * dt).toFixed(1)} ms after the ${(warmup * dt).toFixed(0)}-ms kernel warm-up; expected at least one Welch segment of ${options.segment_ms} ms`);
  }
  const fs = 1000 / dt;
  const nperseg = Math.round(options.segment_ms / dt);
  const pops = Object.keys(conn.N).filter((p) => (conn.N[p] ?? 0) > 0);
  const gain = eegGain(options.eeg);
  const lfpRows = Array.from({ length: lfp.rows }, (_, ch) => lfp.data.subarray(ch * lfp.cols + warmup, (ch + 1) * lfp.cols));
  const dip = dipole.subarray(warmup);
  const eeg_uV = Float64Array.from(dip, (p) => p * gain * 1000);

  const [w0, w1] = options.window_ms.map((t) => Math.min(nT, Math.max(0, Math.round(t / dt))));
  const per = Math.max(1, Math.round(1 / dt)); // 1-ms bins for rates
  const show = Math.max(1, Math.round(0.5 / dt)); // traces at 0.5 ms
  const sample = (x: ArrayLike<number>) => {
    const out: number[] = [];
    for (let k = w0; k < w1; k += show) out.push(x[k]);
    return out;
  };
  const mean = (x: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i];
    return s / x.length;
  };
  const ratesOf = (p: string) => counts[p].subarray(warmup);
  const rate1ms = (p: string, from: number, to: number) => binned(ratesOf(p), per, from, to).map((c) => (c / conn.N[p]!) * (1000 / (per * dt)));
  const depths = kernels.contacts;
  return {
    area,
    dt_ms: dt,
    duration_ms: nT * dt,
    start_ms: countsStart_ms + warmup * dt,
    depths_um: [...depths],
    populations: pops,
    meanRates_Hz: pops.map((p) => (mean(ratesOf(p)) / conn.N[p]!) * (1000 / dt)),
    eegGain_mV_per_nAum: gain,
    eeg: options.eeg,
    window: {
      t_ms: sample(Float64Array.from({ length: nT }, (_, k) => countsStart_ms + (warmup + k) * dt)),
      rates_Hz: pops.map((p) => rate1ms(p, w0, w1)),
      lfp_mV: lfpRows.map((row) => {
        const m = mean(row);
        return sample(row).map((v) => v - m);
      }),
      dipole_nAum: sample(dip),
      eeg_uV: sample(eeg_uV),
    },
    spectra: {
      lfp: options.spectrumDepths_um.map((depth) => {
        const ch = depths.indexOf(depth);
        if (ch < 0) throw new Error(`LFP signals spectrumDepths_um: ${depth} is not a contact depth; expected one of ${depths.join(', ')}`);
        const s = welch(lfpRows[ch], fs, { nperseg });
        return { depth_um: depth, frequency_Hz: Array.from(s.frequency_Hz), power_mV2_per_Hz: Array.from(s.power) };
      }),
      eeg: (() => {
        const s = welch(eeg_uV, fs, { nperseg });
        return { frequency_Hz: Array.from(s.frequency_Hz), power_uV2_per_Hz: Array.from(s.power) };
      })(),
      rates: pops.map((p) => {
        const s = welch(rate1ms(p, 0, nT), 1000 / (per * dt), { nperseg: Math.max(2, Math.round(options.segment_ms / (per * dt))) });
        return { population: p, frequency_Hz: Array.from(s.frequency_Hz), power_Hz2_per_Hz: Array.from(s.power) };
      }),
    },
  };
}

const POP_COLORS = ['#1f77b4', '#aec7e8', '#2ca02c', '#98df8a', '#d62728', '#ff9896', '#9467bd', '#c5b0d5'];
const display = (p: string) => POPULATION_DISPLAY[p] ?? p;
/** Spectra from 1 Hz up to this frequency (Hz) are shown. */
const MAX_FREQUENCY_HZ = 500;

function band(f: number[], p: number[]): { x: number[]; y: number[] } {
  const keep = f.map((v) => v >= 1 && v <= MAX_FREQUENCY_HZ);
  return { x: f.filter((_, i) => keep[i]), y: p.filter((_, i) => keep[i]) };
}

/** Writes the panels of a signals figure: activity, LFP, EEG and their spectra. */
export async function writeLfpSignalPanels(outDir: string, figure: string, data: LfpSignalsData, source: string[]): Promise<void> {
  const t = data.window.t_ms;
  const tRates = data.window.rates_Hz[0]?.map((_, k) => t[0] + k + 0.5) ?? [];
  writeFigurePanel(
    outDir,
    figure,
    'rates',
    await tracesSvg({
      title: `Population activity of ${data.area}`,
      subtitle: [...source, 'rate per neuron in 1-ms bins, mean removed'],
      t: tRates,
      traces: data.populations.map((p, k) => ({ label: `${display(p)} (${data.meanRates_Hz[k].toFixed(2)}/s)`, values: data.window.rates_Hz[k] })),
      unit: 'spikes/s',
      color: '#4c72b0',
      yTitle: 'Population (mean rate)',
    }),
  );
  writeFigurePanel(
    outDir,
    figure,
    'lfp',
    await tracesSvg({
      title: `LFP of ${data.area} predicted by the kernels`,
      subtitle: [...source, 'laminar potential at the contacts, mean removed'],
      t,
      traces: data.depths_um.map((d, ch) => ({ label: `${d} µm`, values: data.window.lfp_mV[ch] })),
      unit: 'mV',
      yTitle: 'Contact depth',
    }),
  );
  writeFigurePanel(
    outDir,
    figure,
    'eeg',
    await scatterLineSvg({
      title: `EEG of ${data.area}'s dipole (four-sphere head)`,
      subtitle: [
        ...source,
        `radial dipole ${(Math.hypot(...data.eeg.dipoleLocation_um) / 1000).toFixed(1)} mm from the head centre, electrode at ${(Math.hypot(...data.eeg.electrode_um) / 1000).toFixed(1)} mm`,
      ],
      series: [{ name: 'EEG', kind: 'line', strokeWidth: 1, x: t, y: data.window.eeg_uV }],
      colors: ['#c44e52'],
      legend: false,
      xTitle: 'Time (ms)',
      yTitle: 'EEG (µV)',
      width: 420,
      height: 160,
    }),
  );
  writeFigurePanel(
    outDir,
    figure,
    'spectra',
    await scatterLineSvg({
      title: `Power spectra of ${data.area}: LFP`,
      subtitle: [...source, `Welch, ${data.duration_ms.toFixed(0)} ms of signal`],
      series: data.spectra.lfp.map((s) => ({ name: `LFP at ${s.depth_um} µm`, kind: 'line' as const, strokeWidth: 1.5, ...band(s.frequency_Hz, s.power_mV2_per_Hz) })),
      xScale: 'log',
      yScale: 'log',
      xDomain: [1, MAX_FREQUENCY_HZ],
      xTitle: 'Frequency (Hz)',
      yTitle: 'Power (mV²/Hz)',
      width: 360,
    }),
  );
  writeFigurePanel(
    outDir,
    figure,
    'spectra-eeg',
    await scatterLineSvg({
      title: `Power spectrum of ${data.area}'s EEG`,
      subtitle: [...source, `electrode gain ${data.eegGain_mV_per_nAum.toExponential(2)} mV per nA µm`],
      series: [{ name: 'EEG', kind: 'line', strokeWidth: 1.5, ...band(data.spectra.eeg.frequency_Hz, data.spectra.eeg.power_uV2_per_Hz) }],
      colors: ['#c44e52'],
      legend: false,
      xScale: 'log',
      yScale: 'log',
      xDomain: [1, MAX_FREQUENCY_HZ],
      xTitle: 'Frequency (Hz)',
      yTitle: 'Power (µV²/Hz)',
      width: 360,
    }),
  );
  writeFigurePanel(
    outDir,
    figure,
    'spectra-rates',
    await scatterLineSvg({
      title: `Power spectra of ${data.area}'s population rates`,
      subtitle: [...source, 'rates per neuron in 1-ms bins, Welch'],
      series: data.spectra.rates.map((s) => ({ name: display(s.population), kind: 'line' as const, strokeWidth: 1.2, ...band(s.frequency_Hz, s.power_Hz2_per_Hz) })),
      colors: data.spectra.rates.map((_, k) => POP_COLORS[k % POP_COLORS.length]),
      xScale: 'log',
      yScale: 'log',
      xDomain: [1, MAX_FREQUENCY_HZ],
      xTitle: 'Frequency (Hz)',
      yTitle: 'Power ((spikes/s)²/Hz)',
      width: 360,
    }),
  );
}

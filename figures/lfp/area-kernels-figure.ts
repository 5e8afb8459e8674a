/**
 * Spike-signal kernels of one area of the model in the style of Hagen et al. 2022 (PLOS Comput Biol):
 * for each presynaptic population X, the laminar LFP kernel (potential per spike of X over depth and time
 * lag, summed over the target populations of the area) as a heat map, and the current dipole moment
 * kernels. Kernels from analysis/lfp (docs/kernels.md); only connections within the area contribute.
 */
import { join } from 'node:path';
import type { Rule } from '../rules.ts';
import { sampledHeatmapSvg, scatterLineSvg } from '../plot/index.ts';
import { POPULATION_DISPLAY, modelFor, writeFigureData, writeFigurePanel, type FigureInfo, type ModelParams } from '../paper/index.ts';
import { KERNEL_CACHE_SUBDIR, modelAreaConnectivity, presynapticKernels, unitKernelsFor } from './kernel-source.ts';

export const AREA_KERNELS_FIGURE: FigureInfo = {
  name: 'lfp-kernels',
  paperFigure: 'Hagen et al. 2022 (PLOS Comput Biol) style, for this model: kernels of one area',
  description:
    'LFP kernels (potential per presynaptic spike over depth and time lag, summed over the target populations of ' +
    'the area) of each presynaptic population, and the current dipole moment kernels.',
};

export interface AreaKernelsConfig {
  model: ModelParams;
  area: string;
}

export interface AreaKernelsData {
  area: string;
  lags_ms: number[];
  depths_um: number[];
  kernelHash: string;
  /** Per presynaptic population: LFP kernel [contact][lag] (µV per spike) and dipole kernel [lag] (nA um per spike). */
  kernels: { population: string; lfp_uV: number[][]; dipole_nAum: number[] }[];
}

export function areaKernelsData(config: AreaKernelsConfig, cacheDir: string): AreaKernelsData {
  const model = modelFor(config.model);
  const unit = unitKernelsFor(model, cacheDir);
  const kernels = presynapticKernels(unit, modelAreaConnectivity(model, config.area)).map((k) => ({
    population: k.X,
    lfp_uV: k.lfp.map((row) => Array.from(row, (v) => v * 1e3)),
    dipole_nAum: Array.from(k.dipole),
  }));
  return { area: config.area, lags_ms: Array.from(unit.lags), depths_um: [...unit.contacts], kernelHash: unit.hash, kernels };
}

/** Averages of `block` consecutive lags (display resolution of the heat maps; the data keep every lag). */
function blockMeans(values: readonly number[], block: number): number[] {
  const out: number[] = [];
  for (let k = 0; k + block <= values.length; k += block) out.push(values.slice(k, k + block).reduce((a, b) => a + b, 0) / block);
  return out;
}

/** Lags averaged to this resolution (ms) in the heat maps. */
const DISPLAY_LAG_MS = 0.5;

const POP_COLORS = ['#1f77b4', '#aec7e8', '#2ca02c', '#98df8a', '#d62728', '#ff9896', '#9467bd', '#c5b0d5'];

export function areaKernelsRule(config: AreaKernelsConfig): Rule<AreaKernelsConfig> {
  return {
    name: AREA_KERNELS_FIGURE.name,
    config,
    version: 1,
    run: async ({ config: c, outDir }) => {
      const data = areaKernelsData(c, join(outDir, KERNEL_CACHE_SUBDIR));
      writeFigureData(outDir, AREA_KERNELS_FIGURE, c, data);
      const name = (p: string) => `from ${POPULATION_DISPLAY[p] ?? p}`;
      const dt = data.lags_ms[1] - data.lags_ms[0];
      const block = Math.max(1, Math.round(DISPLAY_LAG_MS / dt));
      writeFigurePanel(
        outDir,
        AREA_KERNELS_FIGURE.name,
        'lfp',
        await sampledHeatmapSvg({
          title: `LFP kernels of ${c.area}: potential per presynaptic spike`,
          subtitle: [
            'summed over the target populations of the area; pia at 0 µm; lags averaged to 0.5 ms; symmetric log colour scale',
            `Gauss-cylinder laminar probe, σ = 0.3 S/m; kernels ${data.kernelHash}`,
          ],
          x: blockMeans(data.lags_ms, block),
          y: data.depths_um,
          panels: data.kernels.map((k) => ({ name: name(k.population), values: k.lfp_uV.map((row) => blockMeans(row, block)) })),
          colorScale: 'symlog',
          xTitle: 'Time lag (ms)',
          yTitle: 'Depth (µm)',
          colorTitle: 'LFP (µV per spike)',
          columns: 4,
          panelWidth: 140,
          panelHeight: 140,
        }),
      );
      writeFigurePanel(
        outDir,
        AREA_KERNELS_FIGURE.name,
        'dipole',
        await scatterLineSvg({
          title: `Current dipole moment kernels of ${c.area}`,
          subtitle: 'z component (along the column axis) per presynaptic spike',
          series: data.kernels.map((k) => ({ name: name(k.population), kind: 'line' as const, strokeWidth: 1.5, x: data.lags_ms, y: k.dipole_nAum })),
          colors: data.kernels.map((_, i) => POP_COLORS[i % POP_COLORS.length]),
          xTitle: 'Time lag (ms)',
          yTitle: 'Dipole moment (nA µm per spike)',
          width: 380,
        }),
      );
    },
  };
}

/**
 * How population rates are shown in every figure: the colour scale of Schmidt et al. 2018b's rate
 * matrices (log, 1e-3..500 spikes/s, blue-white-red, rates below the floor in grey, missing populations
 * in black) and the wording of the theory's convergence report.
 */
import type { HeatmapOptions } from '../plot/index.ts';
import { histogramEdges } from '../plot/index.ts';

/** Rates below this (spikes/s) are shown as "below the floor", not as the low end of the scale. */
export const RATE_FLOOR_HZ = 1e-3;
/** Upper end of the rate colour scale (spikes/s); higher rates take the end colour. */
export const RATE_MAX_HZ = 500;

export const RATE_COLOR_SCALE: Pick<HeatmapOptions, 'scale' | 'domain' | 'domainMid' | 'scheme' | 'reverseScheme' | 'colorTitle' | 'floor' | 'missing' | 'legendFormat'> = {
  scale: 'log',
  domain: [RATE_FLOOR_HZ, RATE_MAX_HZ],
  domainMid: 1,
  scheme: 'redblue',
  reverseScheme: true,
  colorTitle: 'Rate (spikes/s)',
  legendFormat: '~g',
  floor: { value: RATE_FLOOR_HZ, label: `< ${RATE_FLOOR_HZ} spikes/s` },
  missing: { label: 'no such population' },
};

/** Log-spaced bins from the floor to the top of the colour scale (3 per decade). */
export function rateHistogramEdges(): number[] {
  return histogramEdges(RATE_FLOOR_HZ, RATE_MAX_HZ, Math.round(3 * Math.log10(RATE_MAX_HZ / RATE_FLOOR_HZ)), true);
}

/** The convergence report of a theory run in words (two subtitle lines). */
export function convergenceText(run: { converged: boolean; lastChange_Hz: number; convergenceWindow_ms: number; convergenceTol_Hz: number; T_ms: number }): string[] {
  const change = `largest change within the last ${run.convergenceWindow_ms} ms: ${run.lastChange_Hz.toPrecision(2)} spikes/s`;
  return run.converged
    ? [`settled by T = ${run.T_ms} ms: a fixed point`, `(${change} < ${run.convergenceTol_Hz})`]
    : [`NOT SETTLED: rates at T = ${run.T_ms} ms, not a fixed point`, `(${change} >= ${run.convergenceTol_Hz})`];
}

/**
 * The spike-signal kernels the LFP figures use: the unit kernels of analysis/lfp for the model's
 * synaptic time constants and delays (the bundled file when it exists for them, else computed, ~0.5 s,
 * into the figure's own cache folder so that no figure writes into the project's data), scaled to the
 * connections of one area.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AREA_POPULATIONS,
  areaConnectivity,
  areaSignals,
  areaKernelHash,
  kernelInputsFromNetworkParams,
  loadOrComputeAreaUnitKernels,
  type AreaConnectivity,
  type AreaUnitKernels,
} from '../../analysis/index.ts';
import { BUNDLED } from '../../core/index.ts';
import type { MultiAreaModel } from '../../multiarea/index.ts';

/** Sub-folder of a rule's output that holds computed kernels (not published with the figure's files). */
export const KERNEL_CACHE_SUBDIR = 'kernels';

/** Unit kernels for the model's synapses and delays; `cacheDir` receives them when no bundled file fits. */
export function unitKernelsFor(model: MultiAreaModel, cacheDir: string): AreaUnitKernels {
  const inputs = kernelInputsFromNetworkParams(model.params);
  const bundled = existsSync(join(BUNDLED.kernelsDir, `area-unit-kernels-${areaKernelHash(inputs)}.npy`));
  return loadOrComputeAreaUnitKernels(bundled ? BUNDLED.kernelsDir : cacheDir, inputs).kernels;
}

/** N, K and W of the populations of `area` in the model. */
export function modelAreaConnectivity(model: MultiAreaModel, area: string): AreaConnectivity {
  if (!model.areaList.includes(area)) throw new Error(`LFP figures: area "${area}" is not a model area; expected one of ${model.areaList.join(', ')}`);
  const { structureVec, N, K, W } = model.arrays();
  return areaConnectivity({ structureVec, N, K, W }, area);
}

/**
 * Kernels of the connections from presynaptic population X onto all populations of the area, summed:
 * per spike of X, the laminar potential (contacts x lags, mV) and z dipole moment (lags, nA um). They are
 * the signals analysis/lfp's areaSignals predicts for a single spike of X (so the kernels are scaled to the
 * connections exactly as the signals of the figures are), read off at the kernel's lags.
 */
export function presynapticKernels(kernels: AreaUnitKernels, conn: AreaConnectivity): { X: string; lfp: Float64Array[]; dipole: Float64Array }[] {
  const pops = AREA_POPULATIONS.filter((p) => (conn.N[p] ?? 0) > 0);
  const nLag = kernels.lags.length;
  const dt = kernels.lags[1] - kernels.lags[0];
  const shift = Math.round(kernels.lags[0] / dt);
  return pops.map((X) => {
    const counts: Record<string, Float64Array> = {};
    for (const p of pops) counts[p] = new Float64Array(nLag + shift);
    counts[X][0] = 1;
    const { lfp, dipole } = areaSignals(kernels, counts, conn);
    return {
      X,
      lfp: Array.from({ length: lfp.rows }, (_, ch) => lfp.data.slice(ch * lfp.cols + shift, ch * lfp.cols + shift + nLag)),
      dipole: dipole.slice(shift, shift + nLag),
    };
  });
}

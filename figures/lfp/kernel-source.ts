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
  areaKernelHash,
  kernelInputsFromNetworkParams,
  loadOrComputeAreaUnitKernels,
  type AreaConnectivity,
  type AreaUnitKernels,
} from '../../analysis/index.ts';
import { BUNDLED } from '../../core/index.ts';
import type { MultiAreaModel } from '../../multiarea/index.ts';

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
 * per spike of X, the laminar potential (contacts x lags, mV) and z dipole moment (lags, nA um). A unit
 * kernel (one synapse of 1 nA per presynaptic neuron) is scaled by the out-degree K_YX N_Y / N_X and
 * the PSC amplitude W_YX (pA / 1000), as analysis/lfp's areaSignals scales them.
 */
export function presynapticKernels(kernels: AreaUnitKernels, conn: AreaConnectivity): { X: string; lfp: Float64Array[]; dipole: Float64Array }[] {
  const pops = AREA_POPULATIONS.filter((p) => (conn.N[p] ?? 0) > 0);
  const nCh = kernels.contacts.length;
  const nLag = kernels.lags.length;
  return pops.map((X) => {
    const lfp = Array.from({ length: nCh }, () => new Float64Array(nLag));
    const dipole = new Float64Array(nLag);
    for (const Y of pops) {
      const K = conn.K[Y]?.[X] ?? 0;
      const W = conn.W[Y]?.[X] ?? 0;
      if (K === 0 || W === 0) continue;
      const scale = ((K * conn.N[Y]!) / conn.N[X]!) * (W / 1000);
      const unit = kernels.lfp[`${Y}<-${X}`];
      for (let ch = 0; ch < nCh; ch++) for (let k = 0; k < nLag; k++) lfp[ch][k] += scale * unit.data[ch * nLag + k];
      const d = kernels.dipole[`${Y}<-${X}`];
      for (let k = 0; k < nLag; k++) dipole[k] += scale * d[k];
    }
    return { X, lfp, dipole };
  });
}

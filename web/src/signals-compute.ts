/**
 * LFP, current dipole moment and EEG of one area from the spikes of a live run (in the model worker):
 * the bundled area kernels (analysis/lfp) scaled by the area's connectivity, convolved with the spike
 * counts. The EEG is that of the area's dipole, taken radial, at one electrode on the top of a four-sphere
 * head (default radii and conductivities of FourSphereVolumeConductor).
 */
import { BUNDLED, dataSource, hostPath } from '../../core/index.ts';
import type { MultiAreaModel } from '../../multiarea/index.ts';
import {
  AREA_POPULATIONS,
  areaKernelHash,
  areaSignals,
  computeAreaUnitKernels,
  loadOrComputeAreaUnitKernels,
  type AreaUnitKernels,
} from '../../analysis/lfp/area-kernels.ts';
import { areaConnectivity, kernelInputsFromNetworkParams, radialDipoleGains } from '../../analysis/lfp/area-activity.ts';

/** EEG electrode on the scalp (um) and the dipole position of every area below it (um), radial. */
export const EEG_ELECTRODE_UM: [number, number, number] = [0, 0, 90000];
export const DIPOLE_POSITION_UM: [number, number, number] = [0, 0, 78000];

const cache = new Map<string, AreaUnitKernels>();

/** The model's unit kernels: the bundled file when its settings match, else computed here (nothing is written). */
export function unitKernelsFor(model: MultiAreaModel): { kernels: AreaUnitKernels; bundled: boolean } {
  const inputs = kernelInputsFromNetworkParams(model.params);
  const hash = areaKernelHash(inputs);
  const bundled = dataSource().exists(hostPath.join(BUNDLED.kernelsDir, `area-unit-kernels-${hash}.npy`));
  let kernels = cache.get(hash);
  if (!kernels) {
    kernels = bundled ? loadOrComputeAreaUnitKernels(BUNDLED.kernelsDir, inputs).kernels : computeAreaUnitKernels(inputs);
    cache.set(hash, kernels);
  }
  return { kernels, bundled };
}

export interface AreaSignalResult {
  area: string;
  dt_ms: number;
  contacts_um: number[];
  /** contacts x time, row-major (mV). */
  lfp: Float64Array;
  /** nA um. */
  dipole: Float64Array;
  /** mV at EEG_ELECTRODE_UM. */
  eeg: Float64Array;
  bundledKernels: boolean;
}

/** Signals of `area` from spike counts per kernel bin of each of its populations (keys '23E', ...), with the run's population sizes. */
export function areaSignalsFromCounts(
  model: MultiAreaModel,
  area: string,
  counts: Record<string, Float64Array>,
  sizes: Record<string, number>,
): AreaSignalResult {
  const { kernels, bundled } = unitKernelsFor(model);
  const conn = areaConnectivity(model.arrays(), area);
  for (const pop of Object.keys(conn.N)) {
    if (!counts[pop]) throw new Error(`signals of ${area}: no spike counts of population ${pop}; the area must be simulated`);
    conn.N[pop] = sizes[pop];
  }
  const { lfp, dipole } = areaSignals(kernels, counts, conn);
  const [gain] = radialDipoleGains([EEG_ELECTRODE_UM], DIPOLE_POSITION_UM);
  const eeg = Float64Array.from(dipole, (d) => d * gain);
  const dt = kernels.lags.length > 1 ? kernels.lags[1] - kernels.lags[0] : 0.1;
  return { area, dt_ms: dt, contacts_um: kernels.contacts, lfp: lfp.data, dipole, eeg, bundledKernels: bundled };
}

export interface KernelView {
  lags_ms: number[];
  contacts_um: number[];
  /** Dipole kernels (nA um per spike) of every pair 'Y<-X'. */
  dipole: Record<string, number[]>;
  /** Laminar LFP kernel (contacts x lags, mV per spike) of the chosen pair. */
  lfp: number[][];
  pair: string;
  bundled: boolean;
}

export function kernelView(model: MultiAreaModel, pair: string): KernelView {
  const { kernels, bundled } = unitKernelsFor(model);
  const H = kernels.lfp[pair];
  if (!H) throw new Error(`kernel pair ${pair}: expected Y<-X with Y, X in ${AREA_POPULATIONS.join(', ')}`);
  return {
    lags_ms: Array.from(kernels.lags),
    contacts_um: kernels.contacts,
    dipole: Object.fromEntries(Object.entries(kernels.dipole).map(([k, v]) => [k, Array.from(v)])),
    lfp: Array.from({ length: H.rows }, (_, r) => Array.from(H.data.subarray(r * H.cols, (r + 1) * H.cols))),
    pair,
    bundled,
  };
}

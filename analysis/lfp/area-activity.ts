/**
 * From a network and its spiking activity to the inputs of the area kernels: the connectivity of one
 * area, the kernel inputs of a parameter tree, spike counts per bin, and the EEG gain of an area's
 * dipole. No file access: the command (run-lfp.ts) and the browser explorer share these.
 */
import { defaultNetworkParams } from '../../multiarea/index.ts';
import { AREA_POPULATIONS, type AreaConnectivity, type AreaKernelInputs } from './area-kernels.ts';
import type { Vec3 } from './forward/dipole-potential.ts';
import { FourSphereVolumeConductor } from './forward/four-sphere.ts';

/** The vectorized network quantities needed here (a subset of multiarea's NetworkArrays). */
export interface NetworkConnectivity {
  structureVec: string[];
  N: number[];
  K: number[][];
  W: number[][];
}

/** N, K and W of the populations of one area ("area-pop" labels in structureVec). */
export function areaConnectivity(net: NetworkConnectivity, area: string): AreaConnectivity {
  const index = new Map(net.structureVec.map((label, i) => [label, i]));
  const conn: AreaConnectivity = { N: {}, K: {}, W: {} };
  for (const Y of AREA_POPULATIONS) {
    const y = index.get(`${area}-${Y}`);
    if (y === undefined) continue;
    conn.N[Y] = net.N[y];
    conn.K[Y] = {};
    conn.W[Y] = {};
    for (const X of AREA_POPULATIONS) {
      const x = index.get(`${area}-${X}`);
      if (x === undefined) continue;
      conn.K[Y]![X] = net.K[y][x];
      conn.W[Y]![X] = net.W[y][x];
    }
  }
  if (Object.keys(conn.N).length === 0) throw new Error(`area "${area}" has no populations in the network`);
  return conn;
}

/** Kernel inputs (synaptic time constants and delays) of a network parameter tree. */
export function kernelInputsFromNetworkParams(params: any): AreaKernelInputs {
  const n = params?.neuron_params?.single_neuron_dict;
  const d = params?.delay_params;
  const out = { tau_syn_ex: n?.tau_syn_ex, tau_syn_in: n?.tau_syn_in, delay_e: d?.delay_e, delay_i: d?.delay_i, delay_rel: d?.delay_rel };
  for (const [k, v] of Object.entries(out)) {
    if (!(typeof v === 'number' && v > 0)) throw new Error(`network parameters: ${k} = ${JSON.stringify(v)} is invalid; expected a positive number`);
  }
  return out as AreaKernelInputs;
}

/** Default kernel inputs: those of the default network. */
export function defaultKernelInputs(): AreaKernelInputs {
  return kernelInputsFromNetworkParams(defaultNetworkParams());
}

/**
 * Spike counts per bin of width dt (ms) over [tStart, tEnd) for each population label of a run: whole
 * bins only (a bin reaching past tEnd would hold too few spikes).
 */
export function binnedCounts(
  spikes: { timesMs: Float64Array; senders: Uint32Array },
  populations: { label: string; first: number; size: number }[],
  dt: number,
  tEnd: number,
  tStart = 0,
): Record<string, Float64Array> {
  const nBins = Math.floor((tEnd - tStart) / dt + 1e-9);
  const byId = populations.slice().sort((a, b) => a.first - b.first);
  const counts: Record<string, Float64Array> = {};
  for (const p of populations) counts[p.label] = new Float64Array(nBins);
  for (let i = 0; i < spikes.timesMs.length; i++) {
    const id = spikes.senders[i];
    let lo = 0;
    let hi = byId.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (byId[mid].first <= id) lo = mid;
      else hi = mid - 1;
    }
    const pop = byId[lo];
    if (!pop || id < pop.first || id >= pop.first + pop.size) continue;
    const bin = Math.floor((spikes.timesMs[i] - tStart) / dt + 1e-9);
    if (bin >= 0 && bin < nBins) counts[pop.label][bin] += 1;
  }
  return counts;
}

/**
 * EEG gain (mV per nA um) at each electrode of a dipole at `position` (um) whose axis is radial (along its
 * position vector): the four-sphere transformation applied to that axis.
 */
export function radialDipoleGains(electrodes: Vec3[], position: Vec3, radii?: number[], sigmas?: number[]): Float64Array {
  const M = new FourSphereVolumeConductor({ rElectrodes: electrodes, dipoleLocation: position, radii, sigmas }).getDipoleTransformationMatrix();
  const r = Math.hypot(...position);
  const zHat = position.map((c) => c / r);
  return Float64Array.from(electrodes, (_, j) => M.data[3 * j] * zHat[0] + M.data[3 * j + 1] * zHat[1] + M.data[3 * j + 2] * zHat[2]);
}

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MultiAreaModel, areaOfLabel, defaultNetworkParams } from '../../multiarea/index.ts';
import { writeFileAtomic, writeNpy } from '../../core/index.ts';
import { readRunLayout, readSpikes, simulatedMs } from '../../simulation/index.ts';
import {
  areaSignals,
  loadOrComputeAreaUnitKernels,
  AREA_POPULATIONS,
  type AreaConnectivity,
  type AreaKernelInputs,
  type AreaUnitKernels,
} from './area-kernels.ts';
import { FourSphereVolumeConductor } from './forward/four-sphere.ts';
import { loadElectrodesCsv } from './electrodes.ts';
import type { Vec3 } from './forward/dipole-potential.ts';

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

/** Spike counts per bin of width dt (ms) over [0, tEnd) for each population label of a run. */
export function binnedCounts(
  spikes: { timesMs: Float64Array; senders: Uint32Array },
  populations: { label: string; first: number; size: number }[],
  dt: number,
  tEnd: number,
): Record<string, Float64Array> {
  const nBins = Math.round(tEnd / dt);
  const byId = populations.slice().sort((a, b) => a.first - b.first);
  const counts: Record<string, Float64Array> = {};
  for (const p of populations) counts[p.label] = new Float64Array(nBins);
  for (let i = 0; i < spikes.timesMs.length; i++) {
    const id = spikes.senders[i];
    let lo = 0, hi = byId.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (byId[mid].first <= id) lo = mid;
      else hi = mid - 1;
    }
    const pop = byId[lo];
    if (!pop || id < pop.first || id >= pop.first + pop.size) continue;
    const bin = Math.floor(spikes.timesMs[i] / dt + 1e-9);
    if (bin >= 0 && bin < nBins) counts[pop.label][bin] += 1;
  }
  return counts;
}

export interface RunLfpOptions {
  /** Folder of the precomputed unit kernels (default: the project's data/kernels). */
  kernelsDir: string;
  /** Output folder. */
  outDir: string;
  /** EEG electrodes (BlueRecording CSV; rows of type FourSphere are used) and the dipole position of every area (um). */
  electrodesCsv?: string;
  dipolePositions?: Record<string, Vec3>;
  radii?: number[];
  sigmas?: number[];
}

/**
 * Per-area laminar LFP (contacts x time, mV) and z current dipole moment (nA um) of a simulation run, and EEG
 * at four-sphere electrodes when given: writes `lfp_<area>.npy`, `dipole.npy` (areas x time), `eeg.npy`
 * (electrodes x time) and `lfp.json` (what each file holds).
 */
export function lfpFromRun(runDir: string, opts: RunLfpOptions): { files: string[]; areas: string[]; kernels: AreaUnitKernels } {
  const paramsFile = join(runDir, 'params.json');
  if (!existsSync(paramsFile)) throw new Error(`run folder ${runDir}: params.json not found; expected the output folder of a simulation`);
  let runParams: any;
  try {
    runParams = JSON.parse(readFileSync(paramsFile, 'utf8'));
  } catch (err) {
    throw new Error(`${paramsFile}: cannot be read as JSON (${(err as Error).message}); expected the params.json of a simulation run`);
  }
  const layout = readRunLayout(runDir);
  const model = new MultiAreaModel(runParams.network_params ?? {});
  const net = model.arrays();
  const inputs = kernelInputsFromNetworkParams(model.params);
  const { kernels } = loadOrComputeAreaUnitKernels(opts.kernelsDir, inputs);
  const kernelDt = kernels.lags.length > 1 ? kernels.lags[1] - kernels.lags[0] : layout.dt;
  // A run that stopped early (runaway activity, interruption) has signals only up to where it stopped.
  const tEnd = simulatedMs(runDir, layout);
  const counts = binnedCounts(readSpikes(runDir), layout.populations, kernelDt, tEnd);
  const recorded = new Set(layout.populations.filter((p) => p.recordSpikes).map((p) => p.label));

  // Areas of the run (the network may hold more areas than were simulated).
  const simulated = layout.populations.map((p) => p.label);
  const areas = [...new Set(simulated.map(areaOfLabel))];
  const sizeOf = new Map(net.structureVec.map((l, i) => [l, net.N[i]]));
  for (const p of layout.populations) {
    const N = sizeOf.get(p.label);
    if (N === undefined) throw new Error(`run ${runDir}: population ${p.label} is not in the network rebuilt from params.json`);
    if (!(Math.abs(N - p.size) < 1)) {
      throw new Error(`run ${runDir}: population ${p.label} has ${p.size} neurons but the network rebuilt from params.json has ${N}; expected the run's own network`);
    }
  }
  const files: string[] = [];
  const dipoles: Float64Array[] = [];
  const nT = Math.round(tEnd / kernelDt);
  for (const area of areas) {
    const conn = areaConnectivity(net, area);
    // The run's own (rounded) population sizes.
    for (const pop of Object.keys(conn.N)) conn.N[pop] = layout.populations.find((p) => p.label === `${area}-${pop}`)?.size ?? conn.N[pop];
    const areaCounts: Record<string, Float64Array> = {};
    for (const pop of Object.keys(conn.N)) {
      const label = `${area}-${pop}`;
      if (!recorded.has(label)) throw new Error(`population ${label} has no recorded spikes in ${runDir}; the LFP needs the spikes of every population`);
      areaCounts[pop] = counts[label];
    }
    const { lfp, dipole } = areaSignals(kernels, areaCounts, conn);
    const file = join(opts.outDir, `lfp_${area}.npy`);
    writeNpyAtomic(file, lfp.rows, lfp.cols, lfp.data);
    files.push(file);
    dipoles.push(dipole);
  }
  const dipoleData = new Float64Array(areas.length * nT);
  dipoles.forEach((d, a) => dipoleData.set(d.subarray(0, nT), a * nT));
  const dipoleFile = join(opts.outDir, 'dipole.npy');
  writeNpyAtomic(dipoleFile, areas.length, nT, dipoleData);
  files.push(dipoleFile);

  let eegNames: string[] = [];
  if (opts.electrodesCsv) {
    const electrodes = loadElectrodesCsv(opts.electrodesCsv).filter((e) => e.type === 'FourSphere');
    if (electrodes.length === 0) throw new Error(`${opts.electrodesCsv}: no electrodes of type FourSphere for the EEG`);
    eegNames = electrodes.map((e) => e.name);
    const eeg = new Float64Array(electrodes.length * nT);
    areas.forEach((area, a) => {
      const pos = opts.dipolePositions?.[area];
      if (!pos) throw new Error(`EEG: no dipole position for area ${area}; expected one [x, y, z] (um) per area in the dipole positions`);
      const M = new FourSphereVolumeConductor({ rElectrodes: electrodes.map((e) => [e.x, e.y, e.z]), dipoleLocation: pos, radii: opts.radii, sigmas: opts.sigmas }).getDipoleTransformationMatrix();
      // The area's dipole points along its local z-axis, taken radial (along the position vector).
      const r = Math.hypot(...pos);
      const zHat = pos.map((c) => c / r);
      electrodes.forEach((_, j) => {
        const gain = M.data[3 * j] * zHat[0] + M.data[3 * j + 1] * zHat[1] + M.data[3 * j + 2] * zHat[2];
        for (let n = 0; n < nT; n++) eeg[j * nT + n] += gain * dipoles[a][n];
      });
    });
    const eegFile = join(opts.outDir, 'eeg.npy');
    writeNpyAtomic(eegFile, electrodes.length, nT, eeg);
    files.push(eegFile);
  }
  const meta = {
    format: 'multiarea-lfp/1',
    run: runDir,
    dt_ms: kernelDt,
    t_end_ms: tEnd,
    kernels: kernels.hash,
    contacts_um: kernels.contacts,
    areas,
    files: {
      'lfp_<area>.npy': 'laminar potential (mV), contacts x time, from the intra-area connections of the area',
      'dipole.npy': 'z current dipole moment (nA um), areas x time',
      ...(eegNames.length ? { 'eeg.npy': `EEG (mV) at ${eegNames.join(', ')}, electrodes x time` } : {}),
    },
  };
  const metaFile = join(opts.outDir, 'lfp.json');
  writeFileAtomic(metaFile, JSON.stringify(meta, null, 1) + '\n');
  files.push(metaFile);
  return { files, areas, kernels };
}

function writeNpyAtomic(file: string, rows: number, cols: number, data: Float64Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeNpy(file, { shape: [rows, cols], data }); // atomic (multiarea's writer)
}

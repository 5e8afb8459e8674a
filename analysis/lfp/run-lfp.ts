import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { type CustomNetworkParams, MultiAreaModel, areaOfLabel } from '../../multiarea/index.ts';
import { writeFileAtomic, writeFolderAtomic, writeNpy } from '../../core/index.ts';
import { openSpikeSourceSync, type SourcePopulation, type SpikeSource } from '../../simulation/index.ts';
import { areaSignalsInParallel } from './area-signal-pool.ts';
import { loadOrComputeAreaUnitKernels, type AreaUnitKernels } from './area-kernels.ts';
import { areaConnectivity, binnedCounts, kernelInputsFromNetworkParams, radialDipoleGains } from './area-activity.ts';
import { loadElectrodesCsv } from './electrodes.ts';
import type { Vec3 } from './forward/dipole-potential.ts';

export interface RunLfpOptions {
  /** Folder of the precomputed unit kernels (default: the project's data/kernels). */
  kernelsDir: string;
  /** Output folder: written under a temporary name and put in place when complete. */
  outDir: string;
  /** EEG electrodes (BlueRecording CSV; rows of type FourSphere are used) and the dipole position of every area (um). */
  electrodesCsv?: string;
  dipolePositions?: Record<string, Vec3>;
  radii?: number[];
  sigmas?: number[];
  /** Worker threads computing areas in parallel (default: the machine's available parallelism). */
  threads?: number;
  /** Called when the computation of the areas starts (0 done) and after each area (done so far, total). */
  onProgress?: (done: number, total: number) => void;
  /** Stops the computation between areas (the temporary output is removed; rejects with 'interrupted'). */
  signal?: AbortSignal;
  /** When the run is given as a path: accept an unfinished run up to its last complete step (OpenSpikeSourceOptions.allowIncomplete). */
  allowIncomplete?: boolean;
}

/** Marks an output folder of {@link lfpFromRun} (lfp.json `format`); only such a folder is replaced. */
const LFP_FORMAT = 'multiarea-lfp/1';

/** The run's own network, areas and spike-recording layout, checked for what the LFP needs. */
function readRun(source: SpikeSource): { populations: readonly SourcePopulation[]; model: MultiAreaModel; net: ReturnType<MultiAreaModel['arrays']>; areas: string[] } {
  const where = source.info.path;
  if (source.info.networkParams === null || source.info.networkParams === undefined) {
    throw new Error(`${where}: the LFP needs the run's network parameters (synaptic time constants, delays, indegrees, weights), and this ${source.info.format} source holds none`);
  }
  const model = new MultiAreaModel(source.info.networkParams as CustomNetworkParams);
  const net = model.arrays();
  const sizeOf = new Map(net.structureVec.map((l, i) => [l, net.N[i]]));
  for (const p of source.populations) {
    const N = sizeOf.get(p.label);
    if (N === undefined) throw new Error(`run ${where}: population ${p.label} is not in the network rebuilt from its network parameters`);
    if (!(Math.abs(N - p.size) < 1)) {
      throw new Error(`run ${where}: population ${p.label} has ${p.size} neurons but the network rebuilt from its network parameters has ${N}; expected the run's own network`);
    }
    if (!p.recordSpikes) throw new Error(`population ${p.label} has no recorded spikes in ${where}; the LFP needs the spikes of every population`);
  }
  // Areas of the run (the network may hold more areas than were simulated).
  const areas = [...new Set(source.populations.map((p) => areaOfLabel(p.label)))];
  return { populations: source.populations, model, net, areas };
}

/**
 * EEG gain of each area's dipole at each electrode: the four-sphere transformation applied to the area's
 * dipole axis, taken radial (along its position vector). Checks every electrode and position.
 */
function eegGains(opts: RunLfpOptions, areas: string[]): { names: string[]; gains: Float64Array[] } {
  const csv = opts.electrodesCsv!;
  const electrodes = loadElectrodesCsv(csv).filter((e) => e.type === 'FourSphere');
  if (electrodes.length === 0) throw new Error(`${csv}: no electrodes of type FourSphere for the EEG`);
  const gains = areas.map((area) => {
    const pos = opts.dipolePositions?.[area];
    if (!pos) throw new Error(`EEG: no dipole position for area ${area}; expected one [x, y, z] (um) for each area of the run (${areas.join(', ')})`);
    try {
      return radialDipoleGains(electrodes.map((e) => [e.x, e.y, e.z]), pos, opts.radii, opts.sigmas);
    } catch (err) {
      throw new Error(`EEG of area ${area} at [${pos.join(', ')}] um: ${(err as Error).message}`);
    }
  });
  return { names: electrodes.map((e) => e.name), gains };
}

/** An existing output folder may only be replaced when it is empty or an earlier output of lfpFromRun. */
function checkOutputFolder(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new Error(`output folder ${outDir} is a file; expected a folder path`);
  if (readdirSync(outDir).length === 0) return;
  let format: unknown;
  try {
    format = JSON.parse(readFileSync(join(outDir, 'lfp.json'), 'utf8')).format;
  } catch {
    format = undefined;
  }
  if (format !== LFP_FORMAT) {
    throw new Error(`output folder ${outDir} exists and is not an LFP output (no lfp.json of format ${LFP_FORMAT}); expected a new or empty folder, or an earlier LFP output to replace`);
  }
}

/**
 * Per-area laminar LFP (contacts x time, mV) and z current dipole moment (nA um) of a simulation run, and EEG
 * at four-sphere electrodes when given: writes `lfp_<area>.npy`, `dipole.npy` (areas x time), `eeg.npy`
 * (electrodes x time) and `lfp.json` (what each file holds). Every input is checked before anything is
 * written; the folder is written as `<outDir>.tmp-<pid>` and renamed to `outDir` (replacing an earlier
 * LFP output) when complete.
 */
export async function lfpFromRun(
  run: string | SpikeSource,
  opts: RunLfpOptions,
): Promise<{ files: string[]; areas: string[]; kernels: AreaUnitKernels; threads: number; source: SpikeSource }> {
  const source = typeof run === 'string' ? openSpikeSourceSync(run, { allowIncomplete: opts.allowIncomplete }) : run;
  const runDir = source.info.path;
  const { populations, model, net, areas } = readRun(source);
  const eeg = opts.electrodesCsv ? eegGains(opts, areas) : null;
  const outDir = resolve(opts.outDir);
  checkOutputFolder(outDir);
  const threads = opts.threads ?? availableParallelism();
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`threads: got ${threads}; expected a whole number >= 1`);

  const { kernels } = loadOrComputeAreaUnitKernels(opts.kernelsDir, kernelInputsFromNetworkParams(model.params));
  const kernelDt = kernels.lags.length > 1 ? kernels.lags[1] - kernels.lags[0] : (source.info.dt_ms ?? 0.1);
  // Signals over the valid window of the spikes only: a run that stopped early (or an unfinished one,
  // with allowIncomplete) has none past its end, a recording that started late none before its start.
  const { t_min_ms: tStart, t_max_ms: tEnd } = source.window;
  const counts = binnedCounts(source.spikes(), [...populations], kernelDt, tEnd, tStart);
  const nT = Math.floor((tEnd - tStart) / kernelDt + 1e-9);
  const sizeOf = new Map(populations.map((p) => [p.label, p.size]));
  const jobs = areas.map((area) => {
    const conn = areaConnectivity(net, area);
    const areaCounts: Record<string, Float64Array> = {};
    for (const pop of Object.keys(conn.N)) {
      // The run's own (rounded) population sizes.
      const label = `${area}-${pop}`;
      if (!counts[label]) throw new Error(`run ${runDir}: population ${label} of the network is not in the run; the LFP of area ${area} needs all its populations`);
      conn.N[pop] = sizeOf.get(label)!;
      areaCounts[pop] = counts[label];
    }
    return { area, counts: areaCounts, conn };
  });

  const names: string[] = [];
  await writeFolderAtomic(outDir, async (tempDir) => {
    const signals = await areaSignalsInParallel(kernels, jobs, { threads, onProgress: opts.onProgress, signal: opts.signal });
    const dipoleData = new Float64Array(areas.length * nT);
    areas.forEach((area, a) => {
      const { lfp, dipole } = signals.get(area)!;
      names.push(`lfp_${area}.npy`);
      writeNpy(join(tempDir, names.at(-1)!), { shape: [lfp.rows, lfp.cols], data: lfp.data });
      dipoleData.set(dipole.subarray(0, nT), a * nT);
    });
    names.push('dipole.npy');
    writeNpy(join(tempDir, 'dipole.npy'), { shape: [areas.length, nT], data: dipoleData });
    if (eeg) {
      const data = new Float64Array(eeg.names.length * nT);
      areas.forEach((_, a) => {
        eeg.gains[a].forEach((gain, j) => {
          for (let n = 0; n < nT; n++) data[j * nT + n] += gain * dipoleData[a * nT + n];
        });
      });
      names.push('eeg.npy');
      writeNpy(join(tempDir, 'eeg.npy'), { shape: [eeg.names.length, nT], data });
    }
    const meta = {
      format: LFP_FORMAT,
      run: runDir,
      dt_ms: kernelDt,
      t_start_ms: tStart,
      t_end_ms: tEnd,
      source: { format: source.info.format, simulator: source.info.simulator, end: source.info.end, complete: source.info.complete, notes: source.info.notes },
      kernels: kernels.hash,
      contacts_um: kernels.contacts,
      areas,
      files: {
        'lfp_<area>.npy': 'laminar potential (mV), contacts x time, from the intra-area connections of the area',
        'dipole.npy': 'z current dipole moment (nA um), areas x time',
        ...(eeg ? { 'eeg.npy': `EEG (mV) at ${eeg.names.join(', ')}, electrodes x time` } : {}),
      },
    };
    names.push('lfp.json');
    writeFileAtomic(join(tempDir, 'lfp.json'), JSON.stringify(meta, null, 1) + '\n');
  });
  return { files: names.map((name) => join(outDir, name)), areas, kernels, threads, source };
}

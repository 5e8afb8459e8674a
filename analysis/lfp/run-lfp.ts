import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { MultiAreaModel, areaOfLabel } from '../../multiarea/index.ts';
import { ensureDir, removeStaleTemps, replaceFolder, tempPathFor, writeFileAtomic, writeNpy } from '../../core/index.ts';
import { readRunLayout, readSpikes, simulatedMs } from '../../simulation/index.ts';
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
}

/** Marks an output folder of {@link lfpFromRun} (lfp.json `format`); only such a folder is replaced. */
const LFP_FORMAT = 'multiarea-lfp/1';

/** The run's own network, areas and spike-recording layout, checked for what the LFP needs. */
function readRun(runDir: string) {
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
  const sizeOf = new Map(net.structureVec.map((l, i) => [l, net.N[i]]));
  for (const p of layout.populations) {
    const N = sizeOf.get(p.label);
    if (N === undefined) throw new Error(`run ${runDir}: population ${p.label} is not in the network rebuilt from params.json`);
    if (!(Math.abs(N - p.size) < 1)) {
      throw new Error(`run ${runDir}: population ${p.label} has ${p.size} neurons but the network rebuilt from params.json has ${N}; expected the run's own network`);
    }
    if (!p.recordSpikes) throw new Error(`population ${p.label} has no recorded spikes in ${runDir}; the LFP needs the spikes of every population`);
  }
  // Areas of the run (the network may hold more areas than were simulated).
  const areas = [...new Set(layout.populations.map((p) => areaOfLabel(p.label)))];
  return { layout, model, net, areas };
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
  runDir: string,
  opts: RunLfpOptions,
): Promise<{ files: string[]; areas: string[]; kernels: AreaUnitKernels; threads: number }> {
  const { layout, model, net, areas } = readRun(runDir);
  const eeg = opts.electrodesCsv ? eegGains(opts, areas) : null;
  const outDir = resolve(opts.outDir);
  checkOutputFolder(outDir);
  const threads = opts.threads ?? availableParallelism();
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`threads: got ${threads}; expected a whole number >= 1`);

  const { kernels } = loadOrComputeAreaUnitKernels(opts.kernelsDir, kernelInputsFromNetworkParams(model.params));
  const kernelDt = kernels.lags.length > 1 ? kernels.lags[1] - kernels.lags[0] : layout.dt;
  // A run that stopped early (runaway activity, interruption) has signals only up to where it stopped.
  const tEnd = simulatedMs(runDir, layout);
  const counts = binnedCounts(readSpikes(runDir), layout.populations, kernelDt, tEnd);
  const nT = Math.round(tEnd / kernelDt);
  const sizeOf = new Map(layout.populations.map((p) => [p.label, p.size]));
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

  removeStaleTemps(dirname(outDir), basename(outDir));
  const tempDir = tempPathFor(outDir);
  ensureDir(tempDir);
  const names: string[] = [];
  try {
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
      t_end_ms: tEnd,
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
    replaceFolder(tempDir, outDir);
  } catch (err) {
    rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
  return { files: names.map((name) => join(outDir, name)), areas, kernels, threads };
}

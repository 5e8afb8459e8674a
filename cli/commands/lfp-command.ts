/**
 * `mam lfp --sim LABEL`: per-area laminar LFP and current dipole moment of a simulation run from its spikes
 * and the precomputed area kernels, and EEG at four-sphere electrodes given by a CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import * as analysis from '../../analysis/index.ts';
import { BUNDLED } from '../../core/index.ts';
import { DEFAULT_DATA_PATH } from '../../simulation/index.ts';

export interface LfpCommandOptions {
  sim: string;
  dataPath?: string;
  out?: string;
  kernelsDir?: string;
  electrodes?: string;
  dipolePositions?: string;
}

function readDipolePositions(file: string): Record<string, [number, number, number]> {
  if (!existsSync(file)) throw new Error(`--dipole-positions: file not found: ${file}; expected JSON {"V1": [x, y, z], ...} (um)`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--dipole-positions ${file}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`--dipole-positions ${file}: expected an object area -> [x, y, z] (um)`);
  }
  for (const [area, pos] of Object.entries(value)) {
    if (!Array.isArray(pos) || pos.length !== 3 || !pos.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      throw new Error(`--dipole-positions ${file}: ${area} = ${JSON.stringify(pos)}; expected [x, y, z] (um)`);
    }
  }
  return value as Record<string, [number, number, number]>;
}

export function runLfp(opts: LfpCommandOptions): { files: string[]; areas: string[] } {
  const runDir = resolve(opts.dataPath ?? DEFAULT_DATA_PATH, opts.sim);
  if (!existsSync(runDir)) throw new Error(`--sim ${opts.sim}: no run folder ${runDir}; expected a simulation label under the data path`);
  if (opts.electrodes && !opts.dipolePositions) throw new Error('--electrodes needs --dipole-positions (area -> [x, y, z] um) for the EEG');
  return analysis.lfpFromRun(runDir, {
    kernelsDir: resolve(opts.kernelsDir ?? BUNDLED.kernelsDir),
    outDir: resolve(opts.out ?? join(runDir, 'lfp')),
    electrodesCsv: opts.electrodes ? resolve(opts.electrodes) : undefined,
    dipolePositions: opts.dipolePositions ? readDipolePositions(resolve(opts.dipolePositions)) : undefined,
  });
}

export function lfpCommand(): Command {
  return new Command('lfp')
    .description('Per-area laminar LFP, current dipole moment and EEG of a simulation run, by spike-signal kernels')
    .requiredOption('-s, --sim <label>', 'simulation label (run folder under the data path)')
    .option('--data-path <folder>', `folder of simulation runs (default ${DEFAULT_DATA_PATH})`)
    .option('-o, --out <folder>', 'output folder (default <run>/lfp)')
    .option('--kernels-dir <folder>', 'precomputed kernel folder (default data/kernels; computed there if missing)')
    .option('--electrodes <csv>', 'EEG electrodes, BlueRecording CSV (rows of type FourSphere)')
    .option('--dipole-positions <json>', 'area -> [x, y, z] (um) position of each area dipole in the head model')
    .addHelpText('after', '\nOutputs lfp_<area>.npy (contacts x time, mV), dipole.npy (areas x time, nA um), eeg.npy and lfp.json.')
    .action((opts: LfpCommandOptions, cmd: Command) => {
      try {
        const t0 = performance.now();
        const { files, areas } = runLfp(opts);
        console.log(`${areas.length} areas: wrote ${files.length} files to ${resolve(files[0], '..')} (${Math.round(performance.now() - t0)} ms)`);
      } catch (err) {
        cmd.error(`mam lfp: ${(err as Error).message}`, { exitCode: 1 });
      }
    });
}

/**
 * `mam lfp --sim LABEL`: per-area laminar LFP and current dipole moment of a simulation run from its spikes
 * and the precomputed area kernels, and EEG at four-sphere electrodes given by a CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import * as analysis from '../../analysis/index.ts';
import { BUNDLED } from '../../core/index.ts';
import { DEFAULT_DATA_PATH, type SpikeSource } from '../../simulation/index.ts';
import { UsageError } from '../cli-errors.ts';
import { wholeNumber } from './command-options.ts';
import { addSourceOptions, printNotes, windowLine } from './source-options.ts';

export interface LfpCommandOptions {
  sim: string;
  dataPath?: string;
  out?: string;
  kernelsDir?: string;
  electrodes?: string;
  dipolePositions?: string;
  threads?: number;
  progress?: boolean;
  allowIncomplete?: boolean;
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

/** Runs the LFP computation as the CLI does (progress and Ctrl-C through `onProgress` and `signal`). */
export async function runLfp(
  opts: LfpCommandOptions,
  hooks: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<{ files: string[]; areas: string[]; threads: number; source: SpikeSource }> {
  const runDir = resolve(opts.dataPath ?? DEFAULT_DATA_PATH, opts.sim);
  if (opts.electrodes && !opts.dipolePositions) throw new UsageError('--electrodes needs --dipole-positions (area -> [x, y, z] um) for the EEG');
  if (opts.dipolePositions && !opts.electrodes) throw new UsageError('--dipole-positions is used only with --electrodes (the EEG electrodes CSV)');
  if (!existsSync(runDir) && !existsSync(`${runDir}.incomplete`)) throw new Error(`--sim ${opts.sim}: no run folder ${runDir}; expected a simulation label under the data path`);
  return analysis.lfpFromRun(runDir, {
    allowIncomplete: opts.allowIncomplete,
    kernelsDir: resolve(opts.kernelsDir ?? BUNDLED.kernelsDir),
    outDir: resolve(opts.out ?? join(runDir, 'lfp')),
    electrodesCsv: opts.electrodes ? resolve(opts.electrodes) : undefined,
    dipolePositions: opts.dipolePositions ? readDipolePositions(resolve(opts.dipolePositions)) : undefined,
    threads: opts.threads,
    ...hooks,
  });
}

export function lfpCommand(): Command {
  const cmd = new Command('lfp')
    .requiredOption('-s, --sim <label>', 'simulation label (run folder under the data path)')
    .option('--data-path <folder>', `folder of simulation runs (default ${DEFAULT_DATA_PATH})`)
    .option('-o, --out <folder>', 'output folder (default <run>/lfp; an earlier LFP output there is replaced)')
    .option('--kernels-dir <folder>', 'precomputed kernel folder (default data/kernels; computed there if missing)')
    .option('--electrodes <csv>', 'EEG electrodes, BlueRecording CSV (rows of type FourSphere)')
    .option('--dipole-positions <json>', 'area -> [x, y, z] (um) position of each area dipole in the head model')
    .option('--threads <n>', `worker threads, one area each at a time (default: ${availableParallelism()}, the available parallelism)`, wholeNumber('--threads'))
    .option('--no-progress', 'no progress bar');
  return addSourceOptions(cmd, false)
    .addHelpText(
      'after',
      `
Outputs lfp_<area>.npy (contacts x time, mV), dipole.npy (areas x time, nA um), eeg.npy and lfp.json.
Every input is checked before anything is written; the folder is written under a temporary name and
renamed when complete (Ctrl-C leaves no partial output).`,
    )
    .action(async (opts: LfpCommandOptions) => {
      const t0 = performance.now();
      const bar =
        opts.progress === false || !process.stderr.isTTY
          ? null
          : new cliProgress.SingleBar({ format: ' {bar} {value}/{total} areas | wall {wall} s', hideCursor: true, fps: 5 }, cliProgress.Presets.shades_classic);
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        const { files, areas, threads, source } = await runLfp(opts, {
          signal: controller.signal,
          onProgress: (done, total) => {
            if (done === 0) bar?.start(total, 0, { wall: '0.0' });
            bar?.update(done, { wall: ((performance.now() - t0) / 1000).toFixed(1) });
          },
        });
        bar?.stop();
        printNotes('lfp', source);
        console.log(windowLine(source, source.window));
        console.log(`${areas.length} areas: wrote ${files.length} files to ${resolve(files[0], '..')} (${Math.round(performance.now() - t0)} ms, ${threads} thread(s))`);
      } catch (err) {
        bar?.stop();
        if (controller.signal.aborted) {
          console.error('mam lfp: interrupted; nothing written');
          process.exitCode = 130;
          return;
        }
        throw err;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

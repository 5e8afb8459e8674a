/**
 * A simulation run folder as the input of a figure rule. Rule keys hash their configs, so the config
 * carries a fingerprint of the folder (its params.json and the names, sizes and modification times of its
 * files): a rerun of the simulation into the same folder changes the key and reruns the figure. Without a
 * run folder the run-based figures write a data file that says why they were skipped, and no panels.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalHash, stableJson, writeFileAtomic } from '../../core/index.ts';
import { figureDataFile, type FigureInfo } from './figure-common.ts';

export interface RunInput {
  /** Absolute path of the run folder. */
  dir: string;
  /** Hash of params.json and the folder's file list (names, sizes, modification times). */
  fingerprint: string;
}

/** The run folder `dir` as a rule input; errors name the folder when it is not a simulation run. */
export function runInput(dir: string): RunInput {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`run folder ${abs}: not found; expected the output folder of a simulation`);
  const params = join(abs, 'params.json');
  if (!existsSync(params)) throw new Error(`run folder ${abs}: params.json not found; expected the output folder of a simulation`);
  const files = readdirSync(abs)
    .sort()
    .map((name) => {
      const st = statSync(join(abs, name));
      return st.isFile() ? [name, st.size, st.mtimeMs] : [name];
    });
  return { dir: abs, fingerprint: canonicalHash({ params: readFileSync(params, 'utf8'), files }, 16) };
}

/** Why a run-based figure made no panels. */
export const NO_RUN_MESSAGE =
  'skipped: no simulation run folder given; this figure needs one (runPaperFigures({ runDir }) or the pipeline that feeds it a run)';

/** Writes `<name>.json` of a figure that was skipped, with the reason, and no panels. */
export function writeSkippedFigure(outDir: string, info: FigureInfo, config: unknown, reason: string): void {
  const document = { figure: info.name, paperFigure: info.paperFigure, description: info.description, config, skipped: reason, data: null };
  writeFileAtomic(join(outDir, figureDataFile(info.name)), stableJson(document));
}

/** The reason a figure's output was skipped, or null when it has panels. */
export function skippedReason(outDir: string, name: string): string | null {
  const file = join(outDir, figureDataFile(name));
  if (!existsSync(file)) return null;
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { skipped?: unknown };
  return typeof doc.skipped === 'string' ? doc.skipped : null;
}

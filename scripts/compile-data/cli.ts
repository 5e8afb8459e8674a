/** Command line of npm run compile-data (see scripts/compile-data.ts). */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { DATASET_DIR } from '../../multiarea/index.ts';
import { PROJECT_ROOT } from '../../core/index.ts';
import { buildDataset, diffDataset, resolveSourceDir, writeDataset } from './build.ts';

export interface CliIo {
  log: (line: string) => void;
  error: (line: string) => void;
}

/** Run with process-style arguments (argv[0], argv[1] are skipped); returns the exit code. */
export function runCompileData(argv: string[], io: CliIo = { log: console.log, error: console.error }): number {
  const program = new Command()
    .name('compile-data')
    .description('compile ../shared/data/multiarea into data/multiarea/')
    .option('--shared <dir>', 'reference folder holding data/multiarea', resolve(PROJECT_ROOT, '..', 'shared'))
    .option('--out <dir>', 'output folder of the dataset', DATASET_DIR)
    .option('--check', 'rebuild in memory and report differences from the files in --out (exit 1 if any)', false)
    .exitOverride()
    .parse(argv);
  const opts = program.opts<{ shared: string; out: string; check: boolean }>();
  try {
    const sourceDir = resolveSourceDir(resolve(opts.shared));
    const outDir = resolve(opts.out);
    const started = performance.now();
    const files = buildDataset(sourceDir);
    const ms = (performance.now() - started).toFixed(0);
    if (opts.check) {
      const problems = diffDataset(outDir, files);
      if (problems.length > 0) {
        io.error(`compile-data --check: ${problems.length} file(s) differ from a rebuild from ${sourceDir}:`);
        for (const p of problems) io.error(`  ${p}`);
        io.error('Run npm run compile-data to update them.');
        return 1;
      }
      io.log(`compile-data --check: all ${files.size} files in ${outDir} equal a rebuild (${ms} ms)`);
      return 0;
    }
    writeDataset(outDir, files);
    io.log(`compile-data: wrote ${files.size} files to ${outDir} from ${sourceDir} (${ms} ms)`);
    return 0;
  } catch (err) {
    io.error((err as Error).message);
    return 1;
  }
}

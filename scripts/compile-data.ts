/**
 * npm run compile-data [-- --shared DIR] [--out DIR] [--check]
 *
 * Compiles the published tables (../shared/data/multiarea) into the project's dataset (data/multiarea/),
 * with PROVENANCE.json. --check rebuilds in memory and exits 1 if any committed file differs.
 * To add an output file, append a builder to DATASET_OUTPUTS in scripts/compile-data/outputs.ts.
 */
import { CommanderError } from 'commander';
import { runCompileData } from './compile-data/cli.ts';

try {
  process.exitCode = runCompileData(process.argv);
} catch (err) {
  // --help and usage errors: commander has already printed its message.
  process.exitCode = err instanceof CommanderError ? err.exitCode : 1;
  if (!(err instanceof CommanderError)) console.error((err as Error).message);
}

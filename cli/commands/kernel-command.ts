/**
 * `mam kernel`: compute spike-to-signal kernels (LFP, dipole moment, EEG) of one presynaptic population onto
 * one postsynaptic population from a JSON/YAML spec (schema in docs/kernels.md).
 */
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import * as analysis from '../../analysis/index.ts';
import { writeFileAtomic } from '../../core/index.ts';

export interface KernelCommandOptions {
  spec: string;
  out: string;
  X?: string;
}

/** Runs the computation and writes the output; returns what was written. */
export function runKernel(opts: KernelCommandOptions): { file: string; models: string[]; nLags: number } {
  const specFile = resolve(opts.spec);
  const spec = analysis.loadKernelSpec(specFile);
  if (opts.X !== undefined) spec.kernel.X = opts.X;
  const result = analysis.computeKernelsFromSpec(spec, dirname(specFile));
  const file = resolve(opts.out);
  writeFileAtomic(file, JSON.stringify(analysis.kernelsToJson(spec, result)) + '\n');
  return { file, models: Object.keys(result.H), nLags: result.lags.length };
}

export function kernelCommand(): Command {
  return new Command('kernel')
    .requiredOption('-s, --spec <file>', 'kernel specification (.json/.yaml); files it names are relative to it')
    .requiredOption('-o, --out <file>', 'output JSON: lags (ms) and H[forward model] = channels x lags')
    .option('-X, --X <population>', 'presynaptic population (overrides kernel.X of the spec)')
    .addHelpText(
      'after',
      `
Example:
  npx mam kernel --spec examples/kernels/lfpykernels-readme.json --out kernels-EI.json
  npx mam kernel --spec examples/kernels/lfpykernels-readme.json --X E --out kernels-EE.json`,
    )
    .action((opts: KernelCommandOptions) => {
      const t0 = performance.now();
      const { file, models, nLags } = runKernel(opts);
      const ms = Math.round(performance.now() - t0);
      console.log(`wrote ${file}: ${models.join(', ')} on ${nLags} lags (${ms} ms)`);
    });
}

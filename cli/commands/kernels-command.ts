/**
 * `mam kernels`: precompute the unit spike-signal kernels of the 8 populations of an area (all 64 intra-area
 * pairs; docs/kernels.md) for a network's synaptic time constants and delays, stored under data/kernels keyed
 * by a hash of their parameters (recomputed only when those change).
 */
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import * as analysis from '../../analysis/index.ts';
import { resolveNetworkParams } from '../../multiarea/index.ts';
import { BUNDLED } from '../../core/index.ts';
import { readParamsFile } from './command-options.ts';

export interface KernelsCommandOptions {
  params?: string;
  dir?: string;
  force?: boolean;
}

export function runKernels(opts: KernelsCommandOptions): { file: string; computed: boolean; hash: string } {
  const custom = opts.params ? readParamsFile(opts.params) : {};
  // Data-file paths in the params file are relative to it, as for every other command.
  const baseDir = opts.params ? dirname(resolve(opts.params)) : undefined;
  const inputs = analysis.kernelInputsFromNetworkParams(resolveNetworkParams(custom, { baseDir }));
  const dir = resolve(opts.dir ?? BUNDLED.kernelsDir);
  const { file, computed, kernels } = analysis.loadOrComputeAreaUnitKernels(dir, inputs, { force: opts.force });
  return { file, computed, hash: kernels.hash };
}

export function kernelsCommand(): Command {
  return new Command('kernels')
    .option('-p, --params <file>', 'custom network parameters (.json/.yaml); only synaptic time constants and delays matter')
    .option('-d, --dir <folder>', 'kernel folder (default: data/kernels of the project)')
    .option('-f, --force', 'recompute even if a stored file matches')
    .action((opts: KernelsCommandOptions) => {
      const t0 = performance.now();
      const { file, computed, hash } = runKernels(opts);
      const ms = Math.round(performance.now() - t0);
      console.log(`${computed ? 'computed' : 'up to date'}: ${file} (parameter hash ${hash}, ${ms} ms)`);
    });
}

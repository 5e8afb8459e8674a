/**
 * `mam export`: build the model (default or custom parameters) and write its populations, neuron
 * numbers, indegrees, synapse numbers, weights and delays as YAML, JSON or CSV.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import * as multiarea from '../../multiarea/index.ts';
import { modelFromOptions } from './command-options.ts';

const { EXPORT_FORMATS, exportModel } = multiarea;

/** Options of `mam export` after parsing. */
export interface ExportCommandOptions {
  format: (typeof EXPORT_FORMATS)[number];
  out: string;
  params?: string;
}

/** Runs the export; returns the files written and the model label. */
export function runExport(opts: ExportCommandOptions): { files: string[]; label: string } {
  const { model } = modelFromOptions(opts);
  const files = exportModel(model, opts.format, resolve(opts.out));
  return { files, label: model.label };
}

export function exportCommand(): Command {
  return new Command('export')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices([...EXPORT_FORMATS]).makeOptionMandatory(),
    )
    .requiredOption('-o, --out <file>', 'output file (CSV also writes <base>.populations.csv and <base>.meta.json)')
    .option(
      '-p, --params <file>',
      'custom network parameters (.json/.yaml) in upstream nesting; data-file paths relative to this file',
    )
    .addHelpText(
      'after',
      `
Examples:
  npx mam export --format yaml --out connectivity.yaml
  npx mam export --format json --params custom.json --out model.json
  npx mam export --format csv --out connectivity.csv

JSON/YAML use the field names of upstream's reference files (structure_vec, N_vec, K_matrix,
syn_matrix, W_matrix, W_sd_matrix, J_matrix, add_DC_drive, label, ...); matrices are target x source
in structure_vec order, with the external input as the last column of K, syn, W and J.
CSV: <out> is a long table target,source,K,synapses,W_pA,W_sd_pA,J_mV,delay_mean_ms,delay_sd_ms.`,
    )
    .action((opts: ExportCommandOptions) => {
      const t0 = performance.now();
      const { files, label } = runExport(opts);
      const ms = Math.round(performance.now() - t0);
      console.log(`model ${label}: wrote ${files.join(', ')} (${ms} ms)`);
    });
}

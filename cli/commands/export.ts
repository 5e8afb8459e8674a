/**
 * `mam export`: build the model (default or custom parameters) and write its populations, neuron
 * numbers, indegrees, synapse numbers, weights and delays as YAML, JSON or CSV.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import yaml from 'js-yaml';
import * as multiarea from '../../multiarea/index.ts';

const { EXPORT_FORMATS, exportModel, toExportable } = multiarea;

/**
 * Reads a custom-parameter file (.json, .yaml or .yml) in upstream's nesting, e.g.
 * `{"connection_params": {"K_stable": null}}`. Errors name the file.
 */
export function readParamsFile(path: string): unknown {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new Error(`--params: file not found: ${file}; expected a .json or .yaml file of custom parameters`);
  }
  const ext = extname(file).toLowerCase();
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    if (ext === '.json') value = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml') value = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    else throw new Error(`unknown extension '${ext}'; expected .json, .yaml or .yml`);
  } catch (err) {
    throw new Error(`--params ${file}: cannot be read (${(err as Error).message})`);
  }
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`--params ${file}: got ${JSON.stringify(value)}; expected an object of custom parameters`);
  }
  return value;
}

/** Options of `mam export` after parsing. */
export interface ExportCommandOptions {
  format: (typeof EXPORT_FORMATS)[number];
  out: string;
  params?: string;
}

/** Runs the export; returns the files written and the model label. */
export function runExport(opts: ExportCommandOptions): { files: string[]; label: string } {
  const custom = opts.params ? readParamsFile(opts.params) : {};
  // Data files named in the params file are relative to the params file, as documented.
  const baseDir = opts.params ? dirname(resolve(opts.params)) : process.cwd();
  let model: InstanceType<typeof multiarea.MultiAreaModel>;
  try {
    model = new multiarea.MultiAreaModel(custom as any, { baseDir });
  } catch (err) {
    const where = opts.params ? ` (from ${resolve(opts.params)})` : '';
    throw new Error(`${(err as Error).message}${where}`);
  }
  const files = exportModel(toExportable(model), opts.format, resolve(opts.out));
  return { files, label: model.label };
}

export function exportCommand(): Command {
  return new Command('export')
    .description(
      'Build the model and export populations, N, K, synapse numbers, weights (W, W_sd, J) and delays',
    )
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
    .action((opts: ExportCommandOptions, cmd: Command) => {
      try {
        const t0 = performance.now();
        const { files, label } = runExport(opts);
        const ms = Math.round(performance.now() - t0);
        console.log(`model ${label}: wrote ${files.join(', ')} (${ms} ms)`);
      } catch (err) {
        cmd.error(`mam export: ${(err as Error).message}`, { exitCode: 1 });
      }
    });
}

/**
 * Option handling shared by the commands that build a model from `--params` (plus the `--scale`
 * shortcut) and read simulation parameters from `--sim` (plus `--t-sim`, `--threads`, `--areas`),
 * so that every command reads the same files and reports the same errors.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import yaml from 'js-yaml';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { BUNDLED } from '../../core/index.ts';
import { UsageError } from '../cli-errors.ts';

/** Full-scale rates shipped with the project; down-scaled networks need them for their DC compensation. */
export const BUNDLED_FULLSCALE_RATES = BUNDLED.fullscaleRates;

/**
 * Reads an object from a .json, .yaml or .yml file given as command-line option `option`
 * (e.g. '--sim'); `what` says what the file holds, for error messages. An empty file (or a YAML
 * file of only comments, or a null document) is an error in both formats: `{}` means "no changes".
 */
export function readOptionFile(path: string, option: string, what: string): Record<string, any> {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new Error(`${option}: file not found: ${file}; expected a .json or .yaml file of ${what}`);
  }
  const ext = extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') {
    throw new Error(`${option} ${file}: unknown extension '${ext}'; expected .json, .yaml or .yml`);
  }
  const text = readFileSync(file, 'utf8');
  const empty = () => new Error(`${option} ${file}: the file is empty (no document); expected an object of ${what} (write {} to change nothing)`);
  if (text.trim() === '') throw empty();
  let value: unknown;
  try {
    value = ext === '.json' ? JSON.parse(text) : yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (err) {
    throw new Error(`${option} ${file}: cannot be read (${(err as Error).message})`);
  }
  if (value === undefined || value === null) throw empty();
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${option} ${file}: got ${JSON.stringify(value)}; expected an object of ${what}`);
  }
  return value as Record<string, any>;
}

/**
 * Reads a custom-parameter file (.json, .yaml or .yml) in upstream's nesting, e.g.
 * `{"connection_params": {"K_stable": null}}`. Errors name the file.
 */
export function readParamsFile(path: string): Record<string, any> {
  return readOptionFile(path, '--params', 'custom parameters');
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Commander parser of option `name`: `convert` returns the value, or undefined when `text` is not
 * acceptable, which is a usage error "<name>: got '<text>'; expected <expected>".
 */
export function optionParser<T>(name: string, expected: string, convert: (text: string) => T | undefined): (text: string) => T {
  return (text: string) => {
    const value = convert(text);
    if (value === undefined) throw new UsageError(`${name}: got '${text}'; expected ${expected}`);
    return value;
  };
}

/** A decimal number (no hex, no empty string, no Infinity), or undefined. */
export function decimal(text: string): number | undefined {
  const t = text.trim();
  return DECIMAL.test(t) && Number.isFinite(Number(t)) ? Number(t) : undefined;
}

/** Commander parser of a number > 0; `unit` (e.g. 'ms') is named in the error message. */
export function positiveNumber(name: string, unit?: string): (v: string) => number {
  return optionParser(name, `a number > 0${unit ? ` (${unit})` : ''}`, (v) => {
    const x = decimal(v);
    return x !== undefined && x > 0 ? x : undefined;
  });
}

/** Commander parser of a number >= 0 (a time in ms). */
export function nonNegativeMs(name: string): (v: string) => number {
  return optionParser(name, 'a number >= 0 (ms)', (v) => {
    const x = decimal(v);
    return x !== undefined && x >= 0 ? x : undefined;
  });
}

/** Commander parser of a whole number >= `min`. */
export function wholeNumber(name: string, min = 1): (v: string) => number {
  return optionParser(name, `a whole number >= ${min}`, (v) => {
    const x = decimal(v);
    return x !== undefined && Number.isSafeInteger(x) && x >= min ? x : undefined;
  });
}

/**
 * Commander parser of --scale: a down-scaling factor in (0, 1]. (The model, like upstream, also takes
 * N_scaling, K_scaling > 1 from a params file; the shortcut is for down-scaled networks only.)
 */
export function downScalingFactor(name: string): (v: string) => number {
  return optionParser(name, 'a down-scaling factor > 0 and <= 1 (for N_scaling, K_scaling > 1 use --params)', (v) => {
    const x = decimal(v);
    return x !== undefined && x > 0 && x <= 1 ? x : undefined;
  });
}

/** Commander parser of a comma-separated list of area names (no empty entries). */
export function areaList(name: string): (v: string) => string[] {
  return optionParser(name, 'comma-separated area names, e.g. V1,V2', (v) => {
    const areas = v.split(',').map((a) => a.trim());
    return areas.length > 0 && areas.every((a) => a.length > 0) ? areas : undefined;
  });
}

/** Adds the options read by {@link modelFromOptions}: -p/--params and --scale. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option('-p, --params <file>', 'network parameters (.json/.yaml, upstream nesting, as for `mam export`)')
    .option('--scale <s>', 'shortcut: N_scaling = K_scaling = s, 0 < s <= 1 (bundled full-scale rates unless --params names others)', downScalingFactor('--scale'));
}

/**
 * Adds the options read by {@link simParamsFromOptions} except --threads, whose meaning differs
 * between commands: -s/--sim (`simNote` appended to its help), --t-sim and --areas.
 */
export function addSimOptions(cmd: Command, simNote = ''): Command {
  return cmd
    .option('-s, --sim <file>', `simulation parameters (.json/.yaml, upstream sim_params nesting${simNote})`)
    .option('--t-sim <ms>', 'shortcut: simulated time (ms)', positiveNumber('--t-sim', 'ms'))
    .option('--areas <list>', 'shortcut: areas_simulated, comma-separated (e.g. V1,V2)', areaList('--areas'));
}

/** The options from which {@link modelFromOptions} builds a model. */
export interface ModelOptions {
  /** Network-parameter file in upstream nesting. */
  params?: string;
  /** Shortcut: N_scaling = K_scaling = scale. */
  scale?: number;
}

/**
 * Builds the model of `--params` (default parameters without it) with the `--scale` shortcut
 * applied. Data files named in the params file are relative to that file, so `baseDir` is its
 * folder (else the working directory); model errors are suffixed with the file they came from.
 */
export function modelFromOptions(opts: ModelOptions): { model: MultiAreaModel; baseDir: string } {
  const net: Record<string, any> = opts.params ? readParamsFile(opts.params) : {};
  const baseDir = opts.params ? dirname(resolve(opts.params)) : process.cwd();
  if (opts.scale !== undefined) {
    net.N_scaling = opts.scale;
    net.K_scaling = opts.scale;
    // Down-scaling needs full-scale rates; the bundled ones apply unless the file names others.
    if (opts.scale !== 1 && net.fullscale_rates === undefined) net.fullscale_rates = BUNDLED_FULLSCALE_RATES;
  }
  try {
    return { model: new MultiAreaModel(net as any, { baseDir }), baseDir };
  } catch (err) {
    throw new Error(`${(err as Error).message}${opts.params ? ` (from ${resolve(opts.params)})` : ''}`);
  }
}

/** The options from which {@link simParamsFromOptions} reads simulation parameters. */
export interface SimOptions {
  /** Simulation-parameter file in upstream's sim_params nesting. */
  sim?: string;
  /** Shortcut: t_sim (ms). */
  tSim?: number;
  /** Shortcut: threads (replaces local_num_threads of the file). */
  threads?: number;
  /** Shortcut: areas_simulated (parsed from a comma-separated list by {@link areaList}). */
  areas?: string[];
}

/** Simulation parameters of `--sim` (empty without it) with the shortcut options applied. */
export function simParamsFromOptions(opts: SimOptions): Record<string, any> {
  const sim = opts.sim ? readOptionFile(opts.sim, '--sim', 'simulation parameters') : {};
  if (opts.tSim !== undefined) sim.t_sim = opts.tSim;
  if (opts.threads !== undefined) {
    sim.threads = opts.threads;
    delete sim.local_num_threads;
  }
  if (opts.areas !== undefined) sim.areas_simulated = [...opts.areas];
  return sim;
}

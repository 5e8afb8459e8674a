/**
 * Option handling shared by the commands that build a model from `--params` (plus the `--scale`
 * shortcut) and read simulation parameters from `--sim` (plus `--t-sim`, `--threads`, `--areas`),
 * so that every command reads the same files and reports the same errors.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import yaml from 'js-yaml';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { BUNDLED } from '../../core/index.ts';

/** Full-scale rates shipped with the project; down-scaled networks need them for their DC compensation. */
export const BUNDLED_FULLSCALE_RATES = BUNDLED.fullscaleRates;

/**
 * Reads an object from a .json, .yaml or .yml file given as command-line option `option`
 * (e.g. '--sim'); `what` says what the file holds, for error messages. An empty file is `{}`.
 */
export function readOptionFile(path: string, option: string, what: string): Record<string, any> {
  const file = resolve(path);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new Error(`${option}: file not found: ${file}; expected a .json or .yaml file of ${what}`);
  }
  const ext = extname(file).toLowerCase();
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    if (ext === '.json') value = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml') value = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    else throw new Error(`unknown extension '${ext}'; expected .json, .yaml or .yml`);
  } catch (err) {
    throw new Error(`${option} ${file}: cannot be read (${(err as Error).message})`);
  }
  if (value === undefined || value === null) return {};
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

/** Commander parser of a number > 0; `name` is the option, for the error message. */
export function positiveNumber(name: string): (v: string) => number {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name}: got '${v}'; expected a number > 0`);
    return x;
  };
}

/** Commander parser of a number >= 0 (a time in ms); `name` is the option, for the error message. */
export function nonNegativeMs(name: string): (v: string) => number {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new InvalidArgumentError(`${name}: got '${v}'; expected a number >= 0 (ms)`);
    return x;
  };
}

/** Commander parser of a whole number >= `min`; `name` is the option, for the error message. */
export function wholeNumber(name: string, min = 1): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name}: got '${v}'; expected a whole number >= ${min}`);
    return n;
  };
}

/** Adds the options read by {@link modelFromOptions}: -p/--params and --scale. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option('-p, --params <file>', 'network parameters (.json/.yaml, upstream nesting, as for `mam export`)')
    .option('--scale <s>', 'shortcut: N_scaling = K_scaling = s (bundled full-scale rates unless --params names others)', positiveNumber('--scale'));
}

/**
 * Adds the options read by {@link simParamsFromOptions} except --threads, whose meaning differs
 * between commands: -s/--sim (`simNote` appended to its help), --t-sim and --areas.
 */
export function addSimOptions(cmd: Command, simNote = ''): Command {
  return cmd
    .option('-s, --sim <file>', `simulation parameters (.json/.yaml, upstream sim_params nesting${simNote})`)
    .option('--t-sim <ms>', 'shortcut: simulated time (ms)', positiveNumber('--t-sim'))
    .option('--areas <list>', 'shortcut: areas_simulated, comma-separated (e.g. V1,V2)');
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
  /** Shortcut: areas_simulated, comma-separated. */
  areas?: string;
}

/** Simulation parameters of `--sim` (empty without it) with the shortcut options applied. */
export function simParamsFromOptions(opts: SimOptions): Record<string, any> {
  const sim = opts.sim ? readOptionFile(opts.sim, '--sim', 'simulation parameters') : {};
  if (opts.tSim !== undefined) sim.t_sim = opts.tSim;
  if (opts.threads !== undefined) {
    sim.threads = opts.threads;
    delete sim.local_num_threads;
  }
  if (opts.areas !== undefined) sim.areas_simulated = opts.areas.split(',').map((a) => a.trim()).filter(Boolean);
  return sim;
}

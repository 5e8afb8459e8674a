/**
 * `mam figures`: regenerate the figures of Schmidt et al. 2018a/b as SVG + PNG panels plus data JSON,
 * through the hash-keyed rule runner: model -> theory -> simulation -> analysis -> figures. A rerun with
 * unchanged inputs does nothing; a changed parameter reruns only what depends on it.
 */
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  DYNAMICS_FIGURES,
  PAPER_FIGURES,
  paperFigureRules,
  runPaperFigures,
  type DynamicsConfig,
  type PaperFiguresResult,
  type PlannedRule,
} from '../../figures/index.ts';
import { areaList, downScalingFactor, positiveNumber, readOptionFile, readParamsFile, wholeNumber } from './command-options.ts';
import { UsageError } from '../cli-errors.ts';

export interface FiguresCommandOptions {
  out: string;
  only?: string;
  list?: boolean;
  params?: string;
  slnFitMethod?: 'aod' | 'mle';
  quiet?: boolean;
  dryRun?: boolean;
  fromRun?: string[];
  scale?: number;
  tSim?: number;
  chi?: number[];
  areas?: string[];
  dynamicsConfig?: string;
  simDir?: string;
  threads?: number;
}

const ALL_FIGURES = [...PAPER_FIGURES, ...DYNAMICS_FIGURES];

/** Lines of `mam figures --list`: every figure with the paper figure it corresponds to. */
export function figureListing(): string {
  const width = Math.max(...ALL_FIGURES.map((f) => f.name.length));
  return ALL_FIGURES.map((f) => `${f.name.padEnd(width)}  ${f.paperFigure}\n${' '.repeat(width + 2)}${f.description}`).join('\n');
}

/** Parses --only: comma-separated names of figures (or intermediate rules, e.g. simulation-chi1.9). */
export function parseOnly(value: string | undefined, known: ReadonlySet<string> = new Set(paperFigureRules().map((rule) => rule.name))): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const figureNames = new Set(ALL_FIGURES.map((f) => f.name));
  const unknown = names.filter((name) => !known.has(name) && !figureNames.has(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`--only: got '${value}'; expected comma-separated figure names from: ${ALL_FIGURES.map((f) => f.name).join(', ')} (or rule names, see --dry-run)`);
  }
  return names;
}

/** Summary printed after a run; says explicitly when nothing had to be done. */
export function summarizeRun(result: PaperFiguresResult, outDir: string, ms: number): string {
  const lines: string[] = [];
  if (result.ran.length === 0) {
    lines.push(`nothing to do: all ${result.upToDate.length} rules up to date (${ms} ms)`);
  } else {
    lines.push(`ran ${result.ran.length} rule(s): ${result.ran.join(', ')} (${ms} ms)`);
    if (result.upToDate.length > 0) lines.push(`up to date: ${result.upToDate.join(', ')}`);
  }
  lines.push(
    result.written.length === 0
      ? `${result.files.length} files in ${outDir} unchanged`
      : `wrote ${result.written.length} of ${result.files.length} files in ${outDir}`,
  );
  return lines.join('\n');
}

/** `--dry-run` output: one line per rule, what it would do and why. */
export function formatPlan(planned: readonly PlannedRule[]): string {
  const width = Math.max(...planned.map((p) => p.name.length));
  const runs = planned.filter((p) => p.action === 'run').length;
  const lines = planned.map((p) => `${p.action === 'run' ? 'run' : 'ok '}  ${p.name.padEnd(width)}  ${p.action === 'run' ? p.reason : 'up to date'}`);
  lines.push(runs === 0 ? `nothing to do: all ${planned.length} rules up to date` : `would run ${runs} of ${planned.length} rules`);
  return lines.join('\n');
}

function list<T>(parse: (item: string) => T, option: string): (value: string) => T[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) throw new UsageError(`${option}: got '${value}'; expected a comma-separated list`);
    return items.map(parse);
  };
}

/** The dynamics config entries given on the command line (file first, then the shortcut options). */
export function dynamicsConfigFromOptions(opts: FiguresCommandOptions, model: Record<string, unknown> | undefined): Partial<DynamicsConfig> {
  const config: Partial<DynamicsConfig> = opts.dynamicsConfig ? (readOptionFile(opts.dynamicsConfig, '--dynamics-config', 'figure dynamics settings') as Partial<DynamicsConfig>) : {};
  if (model) config.model = model;
  if (opts.scale !== undefined) config.scale = opts.scale;
  if (opts.tSim !== undefined) config.t_sim_ms = opts.tSim;
  if (opts.chi !== undefined) config.chi = opts.chi;
  if (opts.areas !== undefined) config.areas = opts.areas;
  return config;
}

export function figuresCommand(): Command {
  return new Command('figures')
    .description('Regenerate the paper figures (SVG + PNG panels, data JSON) from model to simulation to figure; reruns only what changed')
    .option('-o, --out <dir>', 'output folder (rule outputs are cached in <dir>/cache)', 'mam-figures')
    .option('--only <names>', 'comma-separated figure (or rule) names (see --list); default: all')
    .option('--list', 'list the figures and the paper figures they correspond to, then exit')
    .option('--dry-run', 'list the rules that would run and why, run nothing')
    .option('-p, --params <file>', 'custom network parameters (.json/.yaml) for the model-based figures and the simulated states')
    .addOption(new Option('--sln-fit-method <method>', 'method of our SLN fit shown next to the published one').choices(['aod', 'mle']))
    .option('--scale <s>', 'N_scaling = K_scaling of the simulated network (default 0.01)', downScalingFactor('--scale'))
    .option('--t-sim <ms>', 'simulated time per state (default 2000 ms)', positiveNumber('--t-sim'))
    .option('--chi <list>', 'cortico-cortical weight factors of the simulated states (default 1,1.5,1.9,2.1,2.5)', list(positiveNumber('--chi'), '--chi'))
    .option('--areas <list>', 'simulated areas (default all 32)', areaList('--areas'))
    .option('--dynamics-config <file>', 'settings of the simulation figures (.json/.yaml; entries of DynamicsConfig, docs/figures.md)')
    .option('--from-run <path>', 'use this finished run for the state of its chi instead of simulating (repeatable): a run folder of mam simulate, a NEST run folder, upstream NEST output or a SONATA spike file', (v: string, prev: string[] = []) => [...prev, v])
    .option('--sim-dir <dir>', 'folder of our simulation runs (default <out>/simulations); finished runs of the same label are reused')
    .option('--threads <n>', 'threads per simulation (results do not depend on it)', wholeNumber('--threads'), 2)
    .option('-q, --quiet', 'no progress lines, only the summary')
    .addHelpText(
      'after',
      `
Examples:
  npx mam figures --list
  npx mam figures --out figs                           # everything, simulations at 1 % scale, 2 s (minutes)
  npx mam figures --out figs --dry-run                 # what would run and why
  npx mam figures --out figs --only sln-fit,fln-distance
  npx mam figures --out figs --only resting-state --scale 0.02 --t-sim 3000
  npx mam figures --out figs --from-run /data/runs/<label>   # a finished (e.g. full-scale) run for its chi
  npx mam figures --out figs --from-run sonata/full/output/spikes.h5   # BMTK's output of mam sonata-export

Each figure writes <name>.json (the plotted numbers, its config, the paper figure and the runs it comes
from) and <name>[-<panel>].svg/.png. A rerun with unchanged inputs does nothing. Data-file paths inside
--params resolve against the current directory. Ctrl-C stops a running simulation; nothing half-done is kept.`,
    )
    .action(async (opts: FiguresCommandOptions) => {
      if (opts.list) {
        console.log(figureListing());
        return;
      }
      const model = opts.params ? (readParamsFile(opts.params) as Record<string, unknown>) : undefined;
      const outDir = resolve(opts.out);
      const dynamics = {
        config: dynamicsConfigFromOptions(opts, model),
        fromRuns: opts.fromRun ?? [],
        simulationsDir: resolve(opts.simDir ?? join(outDir, 'simulations')),
        threads: opts.threads,
      };
      const only = parseOnly(opts.only, new Set(paperFigureRules({ dynamics }).map((rule) => rule.name)));
      const t0 = performance.now();
      const result = await runPaperFigures({
        outDir,
        only,
        model,
        slnFitMethod: opts.slnFitMethod,
        dynamics,
        dryRun: opts.dryRun,
        renderer: opts.quiet ? 'silent' : process.stdout.isTTY ? 'default' : 'simple',
      });
      if (result.planned) console.log(formatPlan(result.planned));
      else console.log(summarizeRun(result, outDir, Math.round(performance.now() - t0)));
    });
}

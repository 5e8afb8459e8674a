/**
 * The pipeline of paper figures behind `mam figures`: the figure rules with their configs, run by the
 * hash-keyed Pipeline, and the publishing of each figure's SVG panels and data JSON into one folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetDigest, type SlnFitMethod } from '../multiarea/index.ts';
import { nestedMerge, writeFileAtomic } from '../core/index.ts';
import { Pipeline } from './pipeline.ts';
import type { Rule } from './rules.ts';
import type { PlannedRule } from './rule-plan.ts';
import { DYNAMICS_FIGURES, dynamicsRules, type DynamicsOptions } from './dynamics/index.ts';
import {
  ANATOMY_FIGURE,
  AREA_CONNECTIVITY_FIGURE,
  DEFAULT_ANATOMY_CONFIG,
  DEFAULT_FLN_DISTANCE_CONFIG,
  DEFAULT_SLN_FIT_CONFIG,
  FLN_DISTANCE_FIGURE,
  MEAN_FIELD_RATES_FIGURE,
  POPULATION_INDEGREES_FIGURE,
  POPULATION_SIZES_FIGURE,
  SLN_FIT_FIGURE,
  anatomyRule,
  areaConnectivityRule,
  flnDistanceRule,
  meanFieldFigureRule,
  meanFieldRule,
  populationIndegreesRule,
  populationSizesRule,
  slnFitRule,
  type FigureInfo,
  type ModelParams,
} from './paper/index.ts';
import { STRUCTURE_FIGURES_2018A, runInput, skippedReason, structureFigureRules2018a } from './paper/index.ts';
import { THEORY_FIGURES, ratesVsTheoryFigureRule, theoryFigureRules2017 } from './theory/index.ts';
import { LFP_FIGURES, lfpFigureRules } from './lfp/index.ts';

const PACKAGE_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

/** Every paper figure, in catalogue order. */
export const PAPER_FIGURES: readonly FigureInfo[] = [
  ANATOMY_FIGURE,
  POPULATION_SIZES_FIGURE,
  FLN_DISTANCE_FIGURE,
  SLN_FIT_FIGURE,
  AREA_CONNECTIVITY_FIGURE,
  POPULATION_INDEGREES_FIGURE,
  MEAN_FIELD_RATES_FIGURE,
  ...STRUCTURE_FIGURES_2018A,
  ...THEORY_FIGURES,
  ...LFP_FIGURES,
];

/** Intermediate (non-figure) rules: mean-field rates of the two model variants. */
export const MEAN_FIELD_DEFAULT_RULE = 'mean-field-default';
export const MEAN_FIELD_GROUND_STATE_RULE = 'mean-field-ground-state';

/** Ground state of Schmidt et al. 2018b: cortico-cortical weights not scaled up. */
const GROUND_STATE_OVERRIDE = { connection_params: { cc_weights_factor: 1.0, cc_weights_I_factor: 1.0 } };

export interface PaperFigureOptions {
  /** A simulation run folder for the run-based figures (lfp-run, rates-vs-theory); without it they are skipped. */
  runDir?: string;
  /** Rule name -> config fields merged into that rule's default config (e.g. fewer scan points). */
  configOverrides?: Record<string, Record<string, unknown>>;
  /** Custom network parameters for the model-based figures (default: the published model). */
  model?: ModelParams;
  /** Theory parameters for the mean-field rates. */
  theory?: Record<string, unknown>;
  /** Method of our SLN fit drawn next to the published one. */
  slnFitMethod?: SlnFitMethod;
  /** Areas of the population-level indegree figure. */
  indegreeAreas?: string[];
  /** The simulation figures of 2018b (Figs. 3-9) with their runs; without it only the figures that need no simulation. */
  dynamics?: DynamicsOptions;
}

/** The rules of all paper figures for these options; a changed option changes only the keys of its dependants. */
export function paperFigureRules(options: PaperFigureOptions = {}): Rule<any>[] {
  const model = options.model ?? {};
  // dt = 0.01 ms: with the default 0.1 ms the pseudo-time integration of the default model cannot settle
  // on its (stable) fixed point (docs/figures.md).
  const theory = { dt: 0.01, ...options.theory };
  const run = options.runDir === undefined ? null : runInput(options.runDir);
  return withConfigOverrides(options, [
    anatomyRule(DEFAULT_ANATOMY_CONFIG),
    populationSizesRule({ model }),
    flnDistanceRule(DEFAULT_FLN_DISTANCE_CONFIG),
    slnFitRule({ ...DEFAULT_SLN_FIT_CONFIG, method: options.slnFitMethod ?? DEFAULT_SLN_FIT_CONFIG.method }),
    areaConnectivityRule({ model }),
    populationIndegreesRule({ model, areas: options.indegreeAreas ?? ['V1', 'V2'] }),
    meanFieldRule(MEAN_FIELD_DEFAULT_RULE, { model, theory }),
    meanFieldRule(MEAN_FIELD_GROUND_STATE_RULE, { model: nestedMerge(model, GROUND_STATE_OVERRIDE), theory }),
    meanFieldFigureRule({
      variants: { [MEAN_FIELD_DEFAULT_RULE]: 'default model', [MEAN_FIELD_GROUND_STATE_RULE]: 'ground state' },
      populations: ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'],
    }),
    ...structureFigureRules2018a(model),
    ...theoryFigureRules2017(model),
    ...lfpFigureRules(model, MEAN_FIELD_DEFAULT_RULE, run),
    ratesVsTheoryFigureRule(run, theory),
    ...(options.dynamics ? dynamicsRules(options.dynamics) : []),
  ]);
}

/** Applies `options.configOverrides` (rule name -> config fields, merged into that rule's config). */
function withConfigOverrides(options: PaperFigureOptions, rules: Rule<any>[]): Rule<any>[] {
  const overrides = options.configOverrides ?? {};
  const names = new Set(rules.map((r) => r.name));
  for (const name of Object.keys(overrides)) {
    if (!names.has(name)) throw new Error(`configOverrides: "${name}" is not a rule; expected one of ${[...names].join(', ')}`);
  }
  return rules.map((rule) => (overrides[rule.name] ? { ...rule, config: nestedMerge(rule.config, overrides[rule.name]) } : rule));
}

export interface RunPaperFiguresOptions extends PaperFigureOptions {
  /** Folder for the figures (SVG + JSON); rule outputs are cached under `<outDir>/cache`. */
  outDir: string;
  /** Figure (or rule) names to make; default all figures. */
  only?: string[];
  renderer?: 'default' | 'simple' | 'silent';
  /** Only plan: say which rules would run and why, run nothing (`result.planned`). */
  dryRun?: boolean;
}

export interface PaperFiguresResult {
  /** Rules that ran in this call. */
  ran: string[];
  /** Rules whose cached output was current. */
  upToDate: string[];
  /** Files of `outDir` written in this call (unchanged files are not rewritten). */
  written: string[];
  /** Every published file of the requested figures. */
  files: string[];
  /** With dryRun: every rule needed for the targets, what it would do and why. */
  planned?: PlannedRule[];
  /** Figures that made no panels, with the reason (e.g. a run-based figure without a run folder). */
  skipped: { figure: string; reason: string }[];
}

/** Name of the cache folder inside the output folder. */
export const PAPER_CACHE_DIR = 'cache';

/** Makes the requested figures and copies their SVGs and data into `outDir`, rewriting only changed files. */
export async function runPaperFigures(options: RunPaperFiguresOptions): Promise<PaperFiguresResult> {
  const figureNames = new Set([...PAPER_FIGURES, ...(options.dynamics ? DYNAMICS_FIGURES : [])].map((f) => f.name));
  const pipeline = new Pipeline(paperFigureRules(options), {
    cacheDir: join(options.outDir, PAPER_CACHE_DIR),
    renderer: options.renderer ?? 'silent',
    // Figures derive from the bundled data and the code: a recompiled dataset or a new release reruns them.
    salt: { dataset: datasetDigest(), version: PACKAGE_VERSION },
  });
  const targets = options.only && options.only.length > 0 ? options.only : [...figureNames];
  if (options.dryRun) return { ran: [], upToDate: [], written: [], files: [], skipped: [], planned: pipeline.plan(targets) };
  const result = await pipeline.run(targets);
  const written: string[] = [];
  const files: string[] = [];
  const skipped: PaperFiguresResult['skipped'] = [];
  for (const [rule, dir] of Object.entries(result.outputs)) {
    if (!figureNames.has(rule)) continue;
    const reason = skippedReason(dir, rule);
    if (reason !== null) skipped.push({ figure: rule, reason });
    for (const file of readdirSync(dir).sort()) {
      if (!/\.(svg|png|json)$/.test(file)) continue;
      if (file === 'rule.json') continue;
      const target = join(options.outDir, file);
      files.push(target);
      const content = readFileSync(join(dir, file));
      if (existsSync(target) && readFileSync(target).equals(content)) continue;
      writeFileAtomic(target, content);
      written.push(target);
    }
  }
  return { ran: result.ran, upToDate: result.upToDate, written, files, skipped };
}

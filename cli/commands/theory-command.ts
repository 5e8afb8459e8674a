/**
 * `mam theory`: stationary rates of the mean-field theory of a model (pseudo-time integration as
 * upstream's Theory.integrate_siegert), written as JSON, with a per-area table; `--scan
 * random_uniform --iter N` integrates from N random initial conditions and lists the distinct end states.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { POPULATION_LIST, splitPopulationLabel } from '../../multiarea/index.ts';
import { writeFileAtomic } from '../../core/index.ts';
import { Theory, type Trajectory } from '../../theory/index.ts';
import { modelFromOptions, readOptionFile, wholeNumber } from './command-options.ts';

export interface TheoryCommandOptions {
  params?: string;
  theory?: string;
  out?: string;
  scan?: string;
  iter?: number;
  seed?: number;
  stability?: boolean;
}

/** End states that agree to 1e-3 spikes/s in every population are the same fixed point. */
export function distinctEndStates(runs: Trajectory[], tol = 1e-3): { rates: Float64Array; members: number[] }[] {
  const groups: { rates: Float64Array; members: number[] }[] = [];
  runs.forEach((run, k) => {
    const g = groups.find((c) => c.rates.every((r, i) => Math.abs(r - run.final[i]) <= tol));
    if (g) g.members.push(k);
    else groups.push({ rates: run.final, members: [k] });
  });
  return groups;
}

/** Per-area table of rates (spikes/s), one column per population. */
export function areaTable(structureVec: string[], rates: ArrayLike<number>): string {
  const pops = POPULATION_LIST;
  const byArea = new Map<string, Map<string, number>>();
  structureVec.forEach((label, i) => {
    const { area, pop } = splitPopulationLabel(label);
    if (!byArea.has(area)) byArea.set(area, new Map());
    byArea.get(area)!.set(pop, rates[i]);
  });
  const lines = [['area', ...pops].map((s) => s.padStart(8)).join('')];
  for (const [area, m] of byArea) {
    lines.push([area, ...pops.map((p) => (m.has(p) ? m.get(p)!.toFixed(3) : '-'))].map((s) => s.padStart(8)).join(''));
  }
  return lines.join('\n');
}

/** A run whose rates change by less than this (spikes/s per ms) at T has come to rest. */
const SETTLED = 1e-3;

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Maximal |d nu/dt| over the last recorded interval (spikes/s per ms): how settled a run is. */
function lastChange(run: Trajectory, times: number[]): number {
  const k = times.length - 1;
  if (k < 1) return Number.NaN;
  let m = 0;
  for (const r of run.rates) m = Math.max(m, Math.abs(r[k] - r[k - 1]));
  return m / (times[k] - times[k - 1]);
}

export function runTheory(opts: TheoryCommandOptions): { theory: Theory; runs: Trajectory[]; times: number[] } {
  const spec: Record<string, unknown> = opts.theory ? readOptionFile(opts.theory, '--theory', 'theory parameters') : {};
  if (opts.scan !== undefined) {
    if (opts.scan !== 'random_uniform') throw new Error(`--scan: got '${opts.scan}'; expected 'random_uniform'`);
    spec.initial_rates = 'random_uniform';
    spec.initial_rates_iter = opts.iter ?? spec.initial_rates_iter ?? 20;
  } else if (opts.iter !== undefined) {
    throw new Error(`--iter: got ${opts.iter} without --scan; expected --scan random_uniform --iter N`);
  }
  if (opts.seed !== undefined) spec.initial_rates_seed = opts.seed;
  const { model } = modelFromOptions(opts);
  const theory = new Theory({ arrays: model.arrays(), params: model.params }, spec);
  const { runs, times } = theory.integrateSiegert();
  return { theory, runs, times };
}

export function theoryCommand(): Command {
  return new Command('theory')
    .description('Mean-field theory: stationary rates (spikes/s) per population by pseudo-time integration')
    .option('-p, --params <file>', 'network parameters (.json/.yaml, upstream nesting, as for `mam export`)')
    .option('-t, --theory <file>', 'theory parameters (.json/.yaml: initial_rates, T, dt, rec_interval, ...)')
    .option('-o, --out <file>', 'write structure_vec, rates and the trajectory as JSON to this file')
    .option('--scan <mode>', "integrate from several random initial conditions ('random_uniform')")
    .option('--iter <n>', 'number of initial conditions with --scan (default 20)', wholeNumber('--iter'))
    .option('--seed <n>', 'seed of the random initial conditions', wholeNumber('--seed'))
    .option('--stability', 'also print the largest real eigenvalue of the gain matrix at each end state')
    .addHelpText(
      'after',
      `\nExamples:\n  npx mam theory --params net.yaml --theory th.yaml --out rates.json\n  npx mam theory --scan random_uniform --iter 20`,
    )
    .action((opts: TheoryCommandOptions) => {
      try {
        execute(opts);
      } catch (err) {
        console.error(`mam theory: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}

function execute(opts: TheoryCommandOptions): void {
  const t0 = performance.now();
  const { theory, runs, times } = runTheory(opts);
  const seconds = (performance.now() - t0) / 1e3;
  const several = runs.length > 1;
  if (opts.out) {
    const out = {
      structure_vec: theory.structureVec,
      rates: several ? runs.map((r) => Array.from(r.final)) : Array.from(runs[0].final),
      trajectory_times: times,
      trajectory: several ? runs.map((r) => r.rates.map((x) => Array.from(x))) : runs[0].rates.map((x) => Array.from(x)),
    };
    writeFileAtomic(resolve(opts.out), JSON.stringify(out) + '\n');
  }
  console.log(
    `Theory of ${theory.structureVec.length} populations, T = ${theory.params.T} ms, dt = ${theory.params.dt} ms, ` +
      `${runs.length} initial condition(s), ${seconds.toFixed(2)} s`,
  );
  // Only runs that have come to rest end at a fixed point; the others are reported apart.
  const settledRuns = runs.filter((r) => lastChange(r, times) < SETTLED);
  const unsettled = runs.length - settledRuns.length;
  const groups = distinctEndStates(several ? settledRuns : runs);
  if (several) {
    console.log(`${groups.length} distinct fixed point(s) among ${settledRuns.length} settled run(s) (max |dnu/dt| at T < ${SETTLED} spikes/s/ms)`);
    if (unsettled > 0) {
      const means = runs.filter((r) => lastChange(r, times) >= SETTLED).map((r) => mean(r.final));
      console.log(
        `${unsettled} run(s) not settled at T (mean rates ${Math.min(...means).toFixed(2)}..${Math.max(...means).toFixed(2)} spikes/s); increase T to follow them`,
      );
    }
  }
  groups.forEach((g, k) => {
    const settled = Math.max(...g.members.map((m) => lastChange((several ? settledRuns : runs)[m], times)));
    let line = several ? `\nFixed point ${k + 1}: reached from ${g.members.length} of ${runs.length} initial conditions; ` : '\n';
    line += `mean rate ${mean(g.rates).toFixed(3)} spikes/s; max |dnu/dt| at T ${settled.toExponential(1)} spikes/s/ms`;
    if (opts.stability) line += `; lambda_max ${theory.stability(g.rates).lambdaMax.toFixed(4)}`;
    console.log(line);
    console.log(areaTable(theory.structureVec, g.rates));
  });
  if (opts.out) console.log(`\nWrote ${resolve(opts.out)}`);
}

/**
 * `mam theory`: rates of the mean-field theory of a model by pseudo-time integration (as upstream's
 * Theory.integrate_siegert), written as JSON, with a per-area table. Only runs that converged (theory/
 * rate-dynamics.ts: no rate varied by 1e-3 spikes/s within the last 1 ms) are reported as fixed points;
 * the others are reported as not settled, with their state at T. `--scan random_uniform --iter N`
 * integrates from N random initial conditions and lists the distinct fixed points (theory/end-states.ts).
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { POPULATION_LIST, splitPopulationLabel } from '../../multiarea/index.ts';
import { writeFileAtomic } from '../../core/index.ts';
import {
  CONVERGENCE_TOL_HZ,
  CONVERGENCE_WINDOW_MS,
  distinctFixedPoints,
  SAME_FIXED_POINT_TOL_HZ,
  Theory,
  type EndStates,
  type TheoryResult,
} from '../../theory/index.ts';
import { addModelOptions, modelFromOptions, readOptionFile, wholeNumber } from './command-options.ts';

export interface TheoryCommandOptions {
  params?: string;
  scale?: number;
  theory?: string;
  out?: string;
  scan?: string;
  iter?: number;
  seed?: number;
  stability?: boolean;
}

/** Where a λ_max was evaluated: at a fixed point, or at the state where an unsettled integration stopped. */
export const AT_FIXED_POINT = 'fixed point';
export const AT_END_OF_INTEGRATION = 'end of integration, not a fixed point';

export interface TheoryRun {
  theory: Theory;
  modelLabel: string;
  result: TheoryResult;
  endStates: EndStates;
  /** λ_max at the end state of every run (with --stability), else null. */
  lambdaMax: number[] | null;
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

export function runTheory(opts: TheoryCommandOptions): TheoryRun {
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
  const theory = Theory.fromModel(model, spec);
  const result = theory.integrateSiegert();
  const lambdaMax = opts.stability ? result.runs.map((run) => theory.stability(run.final).lambdaMax) : null;
  return { theory, modelLabel: model.label, result, endStates: distinctFixedPoints(result.runs), lambdaMax };
}

/** The JSON document of a run (docs/theory.md, "mam theory"); one run: flat fields, several: one entry per run. */
export function theoryJson(run: TheoryRun): Record<string, unknown> {
  const { theory, result, endStates, lambdaMax } = run;
  const { runs } = result;
  const several = runs.length > 1;
  const perRun = <T>(f: (k: number) => T): T | T[] => (several ? runs.map((_, k) => f(k)) : f(0));
  return {
    format: 'multiarea-theory-rates',
    version: 2,
    model_label: run.modelLabel,
    units: {
      rates: 'spikes/s',
      trajectory: 'spikes/s',
      trajectory_times: 'ms',
      last_change_Hz: 'spikes/s',
      lambda_max: '1 (largest real part of the eigenvalues of the dimensionless gain matrix; linearly stable if < 1)',
    },
    convergence: {
      window_ms: runs[0].convergenceWindow_ms,
      tolerance_Hz: runs[0].convergenceTol_Hz,
      criterion: 'converged = max over populations of (max - min of the rate over [T - window_ms, T]) < tolerance_Hz',
      same_fixed_point_tolerance_Hz: SAME_FIXED_POINT_TOL_HZ,
    },
    theory_params: theory.params,
    structure_vec: theory.structureVec,
    rates: perRun((k) => Array.from(runs[k].final)),
    converged: perRun((k) => runs[k].converged),
    last_change_Hz: perRun((k) => runs[k].lastChange_Hz),
    ...(lambdaMax
      ? {
          lambda_max: perRun((k) => lambdaMax[k]),
          lambda_max_at: perRun((k) => (runs[k].converged ? AT_FIXED_POINT : AT_END_OF_INTEGRATION)),
        }
      : {}),
    fixed_points: endStates.fixedPoints.map((fp) => ({
      runs: fp.runs,
      rates: Array.from(fp.rates),
      last_change_Hz: fp.lastChange_Hz,
      ...(lambdaMax ? { lambda_max: lambdaMax[fp.runs[0]] } : {}),
    })),
    unsettled_runs: endStates.unsettled,
    trajectory_times: result.times,
    trajectory: perRun((k) => runs[k].rates.map((x) => Array.from(x))),
  };
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

const changeText = (change_Hz: number) =>
  `largest change within the last ${CONVERGENCE_WINDOW_MS} ms ${change_Hz.toExponential(1)} spikes/s`;
const lambdaText = (lambda: number, converged: boolean) =>
  `lambda_max ${lambda.toFixed(4)}${converged ? '' : ` (${AT_END_OF_INTEGRATION})`}`;

/** The report printed on stdout. */
export function theoryReport(run: TheoryRun, seconds: number): string {
  const { theory, result, endStates, lambdaMax } = run;
  const { runs } = result;
  const T = theory.params.T;
  const out: string[] = [
    `Theory of ${theory.structureVec.length} populations (model ${run.modelLabel}), T = ${T} ms, dt = ${theory.params.dt} ms, ` +
      `${runs.length} initial condition(s), ${seconds.toFixed(2)} s`,
    `A run has converged to a fixed point when no rate varied by ${CONVERGENCE_TOL_HZ} spikes/s or more within the last ${CONVERGENCE_WINDOW_MS} ms.`,
  ];
  if (runs.length > 1) {
    out.push(
      `${endStates.fixedPoints.length} distinct fixed point(s) among ${runs.length - endStates.unsettled.length} converged run(s); ` +
        `${endStates.unsettled.length} run(s) not settled at T`,
    );
  }
  endStates.fixedPoints.forEach((fp, k) => {
    let line = runs.length > 1
      ? `\nFixed point ${k + 1}: reached from ${fp.runs.length} of ${runs.length} initial conditions (runs ${fp.runs.join(', ')}); `
      : '\nFixed point: ';
    line += `mean rate ${mean(fp.rates).toFixed(3)} spikes/s; ${changeText(fp.lastChange_Hz)}`;
    if (lambdaMax) line += `; ${lambdaText(lambdaMax[fp.runs[0]], true)}`;
    out.push(line, areaTable(theory.structureVec, fp.rates));
  });
  endStates.unsettled.forEach((k, j) => {
    const r = runs[k];
    let line = runs.length > 1 ? `${j === 0 ? '\n' : ''}Run ${k}: NOT SETTLED at T = ${T} ms` : `\nNOT SETTLED at T = ${T} ms`;
    line += `: ${changeText(r.lastChange_Hz)} (>= ${CONVERGENCE_TOL_HZ}); mean rate at T ${mean(r.final).toFixed(3)} spikes/s`;
    if (lambdaMax) line += `; ${lambdaText(lambdaMax[k], false)}`;
    out.push(line);
  });
  if (endStates.unsettled.length > 0) {
    if (runs.length === 1) out.push('Rates at T (not a fixed point):', areaTable(theory.structureVec, runs[0].final));
    out.push(`Increase T in the theory parameters (--theory) to follow the dynamics further.`);
  }
  return out.join('\n');
}

export function theoryCommand(): Command {
  const cmd = new Command('theory').description(
    'Mean-field theory: rates (spikes/s) per population by pseudo-time integration; fixed points only where it converged',
  );
  return addModelOptions(cmd)
    .option('-t, --theory <file>', 'theory parameters (.json/.yaml: initial_rates, T, dt, rec_interval, ...)')
    .option('-o, --out <file>', 'write rates, convergence, fixed points and the trajectory as JSON to this file')
    .option('--scan <mode>', "integrate from several random initial conditions ('random_uniform')")
    .option('--iter <n>', 'number of initial conditions with --scan (default 20)', wholeNumber('--iter'))
    .option('--seed <n>', 'seed of the random initial conditions', wholeNumber('--seed', 0))
    .option('--stability', 'also print lambda_max, the largest real part of the eigenvalues of the gain matrix, at each end state')
    .addHelpText(
      'after',
      `\nExamples:\n  npx mam theory --params net.yaml --theory th.yaml --out rates.json\n  npx mam theory --scan random_uniform --iter 20 --stability`,
    )
    .action((opts: TheoryCommandOptions) => {
      try {
        const t0 = performance.now();
        const run = runTheory(opts);
        const seconds = (performance.now() - t0) / 1e3;
        if (opts.out) writeFileAtomic(resolve(opts.out), JSON.stringify(theoryJson(run)) + '\n');
        console.log(theoryReport(run, seconds));
        if (opts.out) console.log(`\nWrote ${resolve(opts.out)}`);
      } catch (err) {
        console.error(`mam theory: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    });
}

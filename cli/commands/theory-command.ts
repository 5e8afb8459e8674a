/**
 * `mam theory`: rates of the mean-field theory of a model by pseudo-time integration (as upstream's
 * Theory.integrate_siegert), written as JSON, with a per-area table. Only runs that converged (theory/
 * rate-dynamics.ts: no rate varied by 1e-3 spikes/s within the last 1 ms) are reported as fixed points;
 * the others are reported as not settled, with their state at T. `--scan random_uniform --iter N`
 * integrates from N random initial conditions and lists the distinct fixed points (theory/end-states.ts).
 * For a run that did not settle it says why it may not have (the pseudo-time step at its end state,
 * theory/step-stability.ts) and what Newton's method finds from there, labelled as such.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { POPULATION_LIST, splitPopulationLabel } from '../../multiarea/index.ts';
import { writeFileAtomic } from '../../core/index.ts';
import {
  CONVERGENCE_TOL_HZ,
  CONVERGENCE_WINDOW_MS,
  diagnoseUnsettled,
  distinctFixedPoints,
  SAME_FIXED_POINT_TOL_HZ,
  Theory,
  type EndStates,
  type TheoryResult,
  type UnsettledDiagnosis,
} from '../../theory/index.ts';
import { UsageError } from '../cli-errors.ts';
import { addModelOptions, modelFromOptions, positiveNumber, readOptionFile, wholeNumber } from './command-options.ts';

export interface TheoryCommandOptions {
  params?: string;
  scale?: number;
  theory?: string;
  out?: string;
  scan?: string;
  iter?: number;
  seed?: number;
  stability?: boolean;
  /** Pseudo-time step (ms), overriding the theory parameters' dt. */
  dt?: number;
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
  /** Run index -> why it may not have settled and Newton's fixed point from its end state (unsettled runs only). */
  diagnoses: Map<number, UnsettledDiagnosis>;
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

/** Usage errors of option combinations (exit code 2), before anything is computed. */
export function checkTheoryOptions(opts: TheoryCommandOptions): void {
  if (opts.scan !== undefined && opts.scan !== 'random_uniform') throw new UsageError(`--scan: got '${opts.scan}'; expected 'random_uniform'`);
  if (opts.iter !== undefined && opts.scan === undefined) {
    throw new UsageError(`--iter ${opts.iter}: needs --scan random_uniform (--iter is the number of random initial conditions of a scan)`);
  }
}

export function runTheory(opts: TheoryCommandOptions): TheoryRun {
  checkTheoryOptions(opts);
  const spec: Record<string, unknown> = opts.theory ? readOptionFile(opts.theory, '--theory', 'theory parameters') : {};
  if (opts.scan !== undefined) {
    spec.initial_rates = 'random_uniform';
    spec.initial_rates_iter = opts.iter ?? spec.initial_rates_iter ?? 20;
  }
  if (opts.seed !== undefined) spec.initial_rates_seed = opts.seed;
  if (opts.dt !== undefined) spec.dt = opts.dt;
  const { model } = modelFromOptions(opts);
  const theory = Theory.fromModel(model, spec);
  const result = theory.integrateSiegert();
  const lambdaMax = opts.stability ? result.runs.map((run) => theory.stability(run.final).lambdaMax) : null;
  const endStates = distinctFixedPoints(result.runs);
  // Non-finite rates have no gain matrix to diagnose.
  const finite = (k: number) => result.runs[k].final.every(Number.isFinite);
  const diagnoses = new Map(endStates.unsettled.filter(finite).map((k) => [k, diagnoseUnsettled(theory, result.runs[k].final)] as const));
  return { theory, modelLabel: model.label, result, endStates, lambdaMax, diagnoses };
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
    unsettled_diagnosis: [...run.diagnoses].map(([k, d]) => ({
      run: k,
      dt_ms: d.step.dt_ms,
      step_growth_factor: d.step.growthFactor,
      step_eigenvalue: d.step.eigenvalue,
      largest_stable_dt_ms: Number.isFinite(d.step.largestStableDt_ms) ? d.step.largestStableDt_ms : null,
      step_too_coarse: d.step.stepTooCoarse,
      suggested_dt_ms: d.suggestedDt_ms,
      lambda_max_at_end: d.lambdaMax,
      newton: {
        what: NEWTON_LABEL,
        converged: d.newton.converged,
        iterations: d.newton.iterations,
        residual_Hz: d.newton.residual,
        rates: d.newton.converged ? Array.from(d.newton.rates) : null,
        lambda_max: d.newton.lambdaMax,
      },
    })),
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

export const NEWTON_LABEL = "fixed point by Newton's method from the state at T, not reached by the integration by T";

const complex = (z: { re: number; im: number }) => `${z.re.toFixed(2)} ${z.im < 0 ? '-' : '+'} ${Math.abs(z.im).toFixed(2)}i`;

/** Why an unsettled run may not have settled, what to do, and Newton's fixed point from its end state. */
export function diagnosisText(d: UnsettledDiagnosis, structureVec: string[] | null): string[] {
  const { step } = d;
  const out: string[] = [];
  if (step.stepTooCoarse) {
    out.push(
      `Why: the pseudo-time step dt = ${step.dt_ms} ms may be too coarse for this network: at the state at T the update ` +
        `nu <- P1 nu + P2 Phi(nu) (P1 = exp(-dt/tau), P2 = 1 - P1, tau = ${step.tau_ms} ms) multiplies deviations by |P1 + P2 lambda| = ` +
        `${step.growthFactor.toFixed(3)} for the eigenvalue lambda = ${complex(step.eigenvalue)} of the gain matrix there; it settles only where ` +
        `|P1 + P2 lambda| < 1 for every eigenvalue, here for dt < ${step.largestStableDt_ms.toPrecision(2)} ms. Rerun with --dt ${d.suggestedDt_ms}.`,
    );
  } else {
    out.push(
      `Why: the step dt = ${step.dt_ms} ms is stable at the state at T (|P1 + P2 lambda| < 1 for every eigenvalue with Re lambda < 1 of the gain matrix there); ` +
        `lambda_max there is ${d.lambdaMax.toFixed(4)}${d.lambdaMax >= 1 ? ' (>= 1: the rates move away from that state)' : ''}, so the rates are still moving. ` +
        `Increase T in the theory parameters (--theory) to follow them further.`,
    );
  }
  const n = d.newton;
  if (n.converged) {
    const stable = n.lambdaMax! < 1 ? 'linearly stable' : 'unstable';
    out.push(
      `Newton's method from the state at T converges (residual ${n.residual.toExponential(1)} spikes/s, ${n.iterations} iterations) to a fixed point of the rate equations ` +
        `that the integration had not reached by T: mean rate ${mean(n.rates).toFixed(3)} spikes/s, lambda_max ${n.lambdaMax!.toFixed(4)} (${stable})`,
    );
    if (structureVec) out.push(`Rates of that fixed point (${NEWTON_LABEL}):`, areaTable(structureVec, n.rates));
  } else {
    out.push(`Newton's method from the state at T finds no fixed point near it (residual ${n.residual.toFixed(2)} spikes/s after ${n.iterations} iterations).`);
  }
  return out;
}

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
    if (runs.length === 1) out.push('Rates at T (not a fixed point):', areaTable(theory.structureVec, r.final));
    const d = run.diagnoses.get(k);
    if (d) out.push(...diagnosisText(d, runs.length === 1 ? theory.structureVec : null));
    else out.push('Its rates are not all finite: no gain matrix to diagnose it with.');
  });
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
    .option('--dt <ms>', 'pseudo-time step (default 0.1 ms, as upstream; overrides dt of --theory); 0.01 where 0.1 does not settle', positiveNumber('--dt', 'ms'))
    .addHelpText(
      'after',
      `\nExamples:\n  npx mam theory --params net.yaml --theory th.yaml --out rates.json\n  npx mam theory --dt 0.01 --stability\n  npx mam theory --scan random_uniform --iter 20 --stability`,
    )
    // Errors go to main (cli-errors.ts): usage errors exit with 2, failures with 1.
    .action((opts: TheoryCommandOptions) => {
      const t0 = performance.now();
      const run = runTheory(opts);
      const seconds = (performance.now() - t0) / 1e3;
      if (opts.out) writeFileAtomic(resolve(opts.out), JSON.stringify(theoryJson(run)) + '\n');
      console.log(theoryReport(run, seconds));
      if (opts.out) console.log(`\nWrote ${resolve(opts.out)}`);
    });
}

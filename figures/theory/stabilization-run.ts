/**
 * The stabilization procedure of Schuecker, Schmidt et al. 2017 as a figure rule: `iterations` rounds of
 * theory/'s stabilizationIteration on the 2017 network, each starting from the indegrees of the round
 * before. For every round it keeps what the figures show: the transition drive, the saddle, the spectrum
 * of the effective connectivity M (gain matrix) at the saddle and the indegrees after the round
 * (`K-<round>.npy`; `K-0.npy` holds the indegrees before stabilization).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { npyRows, readNpy, stableJson, writeFileAtomic, writeNpy } from '../../core/index.ts';
import { spectrum, stabilizationIteration, withDrive, type SlopeConvention, type TheoryModel } from '../../theory/index.ts';
import type { Rule } from '../rules.ts';
import { modelFor, type ModelParams } from '../paper/index.ts';

export interface StabilizationConfig {
  /** The network before stabilization (K_stable: null). */
  model: ModelParams;
  theory: Record<string, unknown>;
  iterations: number;
  /** Drive kappa the stabilized network should stay low at, and the bisection range of the transition. */
  kappaTarget: number;
  kappaRange: [number, number];
  convention: SlopeConvention;
}

export interface StabilizationRound {
  round: number;
  /** Largest kappa that stays low and smallest that goes high (bisection). */
  kappaLow: number;
  kappaHigh: number;
  /** Saddle (unstable fixed point) near the transition, spikes/s, and Newton's residual there. */
  saddleRates: number[];
  saddleResidual_Hz: number;
  /** Eigenvalues of M at the saddle, sorted by decreasing real part. */
  eigenvalues: { re: number[]; im: number[] };
  /** Largest real part of the eigenvalues (> 1: the saddle is unstable). */
  lambdaMax: number;
  epsilon: number;
  /** Indegree file after this round (n x n). */
  kFile: string;
}

export interface StabilizationRun {
  structureVec: string[];
  rounds: StabilizationRound[];
  /** Indegree file before stabilization. */
  k0File: string;
}

export const STABILIZATION_FILE = 'stabilization.json';

function saveMatrix(path: string, K: number[][]): void {
  const n = K.length;
  const data = new Float64Array(n * n);
  K.forEach((row, i) => data.set(row, i * n));
  writeNpy(path, { shape: [n, n], data });
}

/** Runs the rounds and writes `stabilization.json` and the indegree files into `outDir`. */
export function runStabilization(config: StabilizationConfig, outDir: string): StabilizationRun {
  if (!(Number.isInteger(config.iterations) && config.iterations >= 1)) {
    throw new Error(`stabilization iterations: got ${config.iterations}; expected a whole number >= 1`);
  }
  const model = modelFor(config.model);
  if (model.params.connection_params.K_stable !== null) {
    throw new Error('stabilization model: connection_params.K_stable is set; expected the network before stabilization (K_stable: null)');
  }
  const base: TheoryModel = { arrays: model.arrays(), params: model.params };
  const n = model.structureVec.length;
  let K = base.arrays.K.map((row) => row.slice(0, n));
  saveMatrix(join(outDir, 'K-0.npy'), K);
  const rounds: StabilizationRound[] = [];
  for (let round = 1; round <= config.iterations; round++) {
    const it = stabilizationIteration(withDrive(base, 1, 1, K), config.theory, config.kappaTarget, config.kappaRange, config.convention);
    const spec = spectrum(it.result.M, n);
    K = it.result.K_prime;
    const kFile = `K-${round}.npy`;
    saveMatrix(join(outDir, kFile), K);
    rounds.push({
      round,
      kappaLow: it.transition.fLow,
      kappaHigh: it.transition.fHigh,
      saddleRates: Array.from(it.saddle.rates),
      saddleResidual_Hz: it.saddle.residual,
      eigenvalues: { re: Array.from(spec.real), im: Array.from(spec.imag) },
      lambdaMax: spec.lambdaMax,
      epsilon: it.result.epsilon,
      kFile,
    });
  }
  const run = { structureVec: [...model.structureVec], rounds, k0File: 'K-0.npy' };
  writeFileAtomic(join(outDir, STABILIZATION_FILE), stableJson(run));
  return run;
}

export function stabilizationRule(name: string, config: StabilizationConfig): Rule<StabilizationConfig> {
  return { name, config, version: 1, run: ({ config: c, outDir }) => void runStabilization(c, outDir) };
}

/** The run written by a stabilization rule, with its indegree matrices loaded. */
export function readStabilization(dir: string): StabilizationRun & { K0: number[][]; K: number[][][] } {
  const path = join(dir, STABILIZATION_FILE);
  let run: StabilizationRun;
  try {
    run = JSON.parse(readFileSync(path, 'utf8')) as StabilizationRun;
  } catch (err) {
    throw new Error(`${path}: cannot be read as JSON (${(err as Error).message}); expected the output of a stabilization rule`);
  }
  const load = (file: string) => npyRows(readNpy(join(dir, file))).map((r) => Array.from(r));
  return { ...run, K0: load(run.k0File), K: run.rounds.map((r) => load(r.kFile)) };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  betaBinomialProbitLogLikelihood,
  fitSlnProbit,
  type SlnFitParameters,
  type SlnObservation,
} from '../../../multiarea/data/sln-probit-fit.ts';
import {
  parsePreparedSlnTable,
  readPreparedSlnTable,
  slnObservationsFromTable,
} from '../../../multiarea/data/sln-table.ts';
import { normalCdf } from '../../../core/math/normal.ts';
import { uniformGenerator } from '../../../core/math/random.ts';
import { DATASET_FILES, datasetPath, loadSlnFitTable } from '../../../multiarea/data/dataset.ts';
import { HAS_SHARED, PROJECT_ROOT, SKIP_SHARED_MESSAGE, sharedPath } from '../../helpers/shared.ts';

/** Coefficients upstream hard-codes as the result of aod::betabin on the prepared table (printed to 7 digits). */
const PUBLISHED = { intercept: -0.1516142, slope: -1.53432 };
/** Half a unit in the last printed digit of the published coefficients. */
const PRINT_ROUNDING = 5e-8;

const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'sln-prepared-logdensities.txt');
const SHARED_TABLE = sharedPath('data', 'multiarea', 'raw_data', 'RData_prepared_logdensities.txt');

const fixtureRows = slnObservationsFromTable(readPreparedSlnTable(FIXTURE));

/**
 * Beta-binomial log-likelihood evaluated by products of ratios, without any log-gamma function:
 * P(y) = prod_{k<y} (a+k)/(k+1) * prod_{k<n-y} (b+k)/(k+1) / prod_{k<n} (t+k)/(k+1), t = a + b.
 */
function productFormLogLikelihood(rows: SlnObservation[], { intercept, slope, phi }: SlnFitParameters): number {
  const t = (1 - phi) / phi;
  let total = 0;
  for (const { x, successes, trials } of rows) {
    const p = normalCdf(intercept + slope * x);
    const a = p * t;
    const b = (1 - p) * t;
    let sum = 0;
    for (let k = 0; k < successes; k++) sum += Math.log1p((a - 1) / (k + 1));
    for (let k = 0; k < trials - successes; k++) sum += Math.log1p((b - 1) / (k + 1));
    for (let k = 0; k < trials; k++) sum -= Math.log1p((t - 1) / (k + 1));
    total += sum;
  }
  return total;
}

function standardNormal(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Gamma(shape, 1) by Marsaglia & Tsang, with the shape < 1 boost. */
function gammaVariate(shape: number, uniform: () => number): number {
  if (shape < 1) return gammaVariate(shape + 1, uniform) * Math.pow(uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = standardNormal(uniform);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

function drawBetaBinomialData(truth: SlnFitParameters, rowCount: number, seed: number): SlnObservation[] {
  const uniform = uniformGenerator(seed);
  const t = (1 - truth.phi) / truth.phi;
  const rows: SlnObservation[] = [];
  for (let i = 0; i < rowCount; i++) {
    const x = -1 + 2 * uniform();
    const trials = 100 + Math.floor(1900 * uniform());
    const p = normalCdf(truth.intercept + truth.slope * x);
    const ga = gammaVariate(p * t, uniform);
    const gb = gammaVariate((1 - p) * t, uniform);
    const pi = ga / (ga + gb);
    let successes = 0;
    for (let k = 0; k < trials; k++) if (uniform() < pi) successes++;
    rows.push({ x, successes, trials });
  }
  return rows;
}

describe('prepared SLN table', () => {
  it('parses the compact fixture (188 rows, row names, counts and log density ratios)', () => {
    const table = readPreparedSlnTable(FIXTURE);
    expect(table).toHaveLength(188);
    expect(table[0]).toMatchObject({ rowName: '228', TO: 'MT', FROM: 'V1', S: 11360, I: 1397, DENS: -0.759034 });
    expect(table[187]).toMatchObject({ TO: 'DP', FROM: '8m', S: 251, I: 235, DENS: 0.0472134 });
    expect(fixtureRows[0]).toEqual({ x: -0.759034, successes: 11360, trials: 12757 });
  });

  it('rejects malformed tables with messages naming the file, line and column', () => {
    expect(() => parsePreparedSlnTable('TO FROM S I\n1 A B 1 2\n', 'x.txt')).toThrow(/x\.txt: header .* lacks column DENS/);
    expect(() => parsePreparedSlnTable('TO FROM S I DENS\n1 A B 1 2 0.1 7\n', 'x.txt')).toThrow(/x\.txt:2: 7 fields; expected 5/);
    expect(() => parsePreparedSlnTable('TO FROM S I DENS\n1 A B -3 2 0.1\n', 'x.txt')).toThrow(/x\.txt:2 column S = "-3"; expected a non-negative integer/);
    expect(() => parsePreparedSlnTable('TO FROM S I DENS\n1 A B 3 2 NA\n', 'x.txt')).toThrow(/column DENS = "NA"; expected a finite number/);
    expect(() => parsePreparedSlnTable('# only a comment\n', 'x.txt')).toThrow(/x\.txt: no header line/);
    expect(() => readPreparedSlnTable('/nonexistent/table.txt')).toThrow(/cannot read \/nonexistent\/table\.txt/);
  });
});

describe.skipIf(!existsSync(datasetPath(DATASET_FILES.slnFitTable)))('bundled dataset table', () => {
  it('loadSlnFitTable() rows give the same fit input as the fixture', () => {
    expect(slnObservationsFromTable(loadSlnFitTable())).toEqual(fixtureRows);
  });
});

describe('fitSlnProbit on the prepared table (fixture)', () => {
  const aod = fitSlnProbit(fixtureRows);
  const mle = fitSlnProbit(fixtureRows, { method: 'mle' });

  it("method 'aod' reproduces the published coefficients (-0.1516142, -1.5343200) to their printed precision", () => {
    expect(aod.converged).toBe(true);
    expect(Math.abs(aod.intercept - PUBLISHED.intercept)).toBeLessThan(PRINT_ROUNDING);
    expect(Math.abs(aod.slope - PUBLISHED.slope)).toBeLessThan(PRINT_ROUNDING);
    expect(aod.phi).toBeGreaterThan(0.2);
    expect(aod.phi).toBeLessThan(0.23);
    // aod starts from the probit GLM (under-dispersed model: different coefficients) and phi = 0.1
    expect(aod.start.phi).toBe(0.1);
    expect(aod.start.intercept).toBeGreaterThan(0.1);
  });

  it("method 'mle' reaches the exact maximum, which the R search stopped ~3e-4 short of", () => {
    expect(mle.converged).toBe(true);
    expect(mle.logLikelihood).toBeGreaterThanOrEqual(aod.logLikelihood);
    const logL = (p: SlnFitParameters): number => betaBinomialProbitLogLikelihood(fixtureRows, p);
    const best = logL(mle);
    for (const key of ['intercept', 'slope', 'phi'] as const) {
      for (const delta of [-1e-3, 1e-3]) {
        expect(logL({ ...mle, [key]: mle[key] + delta })).toBeLessThan(best);
      }
    }
    for (const key of ['intercept', 'slope'] as const) {
      const gap = Math.abs(mle[key] - PUBLISHED[key]);
      expect(gap).toBeGreaterThan(1e-4);
      expect(gap).toBeLessThan(1e-3);
      expect(gap).toBeLessThan(0.01 * mle.standardErrors[key]);
    }
  });

  it('log-likelihood agrees with an independent product-form evaluation', () => {
    for (const parameters of [aod, mle, { intercept: 0.4, slope: -2, phi: 0.05 }]) {
      const direct = productFormLogLikelihood(fixtureRows, parameters);
      const viaLogBeta = betaBinomialProbitLogLikelihood(fixtureRows, parameters);
      expect(Math.abs(viaLogBeta - direct)).toBeLessThan(1e-8);
    }
    expect(aod.logLikelihood).toBeCloseTo(betaBinomialProbitLogLikelihood(fixtureRows, aod), 12);
  });
});

describe.skipIf(!HAS_SHARED || !existsSync(SHARED_TABLE))('fitSlnProbit on ../shared prepared table', () => {
  if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);
  it('the fixture holds the same rows as the shared file, and the fit reproduces the published coefficients', () => {
    const sharedRows = slnObservationsFromTable(readPreparedSlnTable(SHARED_TABLE));
    expect(sharedRows).toEqual(fixtureRows);
    const fit = fitSlnProbit(sharedRows);
    expect(Math.abs(fit.intercept - PUBLISHED.intercept)).toBeLessThan(1e-4);
    expect(Math.abs(fit.slope - PUBLISHED.slope)).toBeLessThan(1e-4);
    expect(Math.abs(fit.intercept - PUBLISHED.intercept)).toBeLessThan(PRINT_ROUNDING);
    expect(Math.abs(fit.slope - PUBLISHED.slope)).toBeLessThan(PRINT_ROUNDING);
  });
});

describe('fitSlnProbit on synthetic data', () => {
  const truth = { intercept: 0.3, slope: -1.2, phi: 0.15 };
  const rows = drawBetaBinomialData(truth, 400, 20240601);

  it('recovers the generating parameters within 4 standard errors, with small standard errors', () => {
    const mle = fitSlnProbit(rows, { method: 'mle' });
    const aod = fitSlnProbit(rows);
    expect(mle.converged && aod.converged).toBe(true);
    for (const key of ['intercept', 'slope', 'phi'] as const) {
      expect(mle.standardErrors[key]).toBeLessThan(0.05);
      expect(Math.abs(mle[key] - truth[key])).toBeLessThan(4 * mle.standardErrors[key]);
      expect(Math.abs(aod[key] - mle[key])).toBeLessThan(0.1 * mle.standardErrors[key]);
    }
  });

  it('without overdispersion (binomial data) phi goes to nearly 0 and the coefficients match the truth', () => {
    const uniform = uniformGenerator(7);
    const binomialRows: SlnObservation[] = [];
    for (let i = 0; i < 300; i++) {
      const x = -1 + 2 * uniform();
      const trials = 500;
      const p = normalCdf(truth.intercept + truth.slope * x);
      let successes = 0;
      for (let k = 0; k < trials; k++) if (uniform() < p) successes++;
      binomialRows.push({ x, successes, trials });
    }
    const fit = fitSlnProbit(binomialRows, { method: 'mle' });
    expect(fit.phi).toBeLessThan(2e-3);
    expect(Math.abs(fit.intercept - truth.intercept)).toBeLessThan(0.02);
    expect(Math.abs(fit.slope - truth.slope)).toBeLessThan(0.03);
  });
});

describe('fitSlnProbit input validation', () => {
  const ok: SlnObservation[] = [
    { x: 0, successes: 3, trials: 10 },
    { x: 1, successes: 5, trials: 10 },
  ];
  it('names the offending parameter and value', () => {
    expect(() => fitSlnProbit([])).toThrow(/rows = \[\]; expected a non-empty array/);
    expect(() => fitSlnProbit([...ok, { x: NaN, successes: 1, trials: 2 }])).toThrow(/rows\[2\]\.x = NaN; expected a finite number/);
    expect(() => fitSlnProbit([...ok, { x: 0, successes: 1, trials: -2 }])).toThrow(/rows\[2\]\.trials = -2; expected an integer >= 0/);
    expect(() => fitSlnProbit([...ok, { x: 0, successes: 3, trials: 2 }])).toThrow(/rows\[2\]\.successes = 3; expected an integer in \[0, trials = 2\]/);
    expect(() => fitSlnProbit([...ok, { x: 0, successes: 1.5, trials: 2 }])).toThrow(/rows\[2\]\.successes = 1\.5/);
    expect(() => fitSlnProbit([ok[0], { ...ok[0] }])).toThrow(/1 distinct x values; expected at least 2/);
    expect(() => fitSlnProbit([{ x: 0, successes: 0, trials: 4 }, { x: 1, successes: 0, trials: 4 }])).toThrow(/all 0 or all equal to trials/);
    expect(() => fitSlnProbit(ok, { method: 'bfgs' as never })).toThrow(/options\.method = bfgs; expected 'aod' or 'mle'/);
    expect(() => fitSlnProbit(ok, { initialPhi: 1 })).toThrow(/options\.initialPhi = 1; expected a number in \(0, 1\)/);
  });

  it('rows with zero trials carry no information and leave the fit unchanged', () => {
    const subset = fixtureRows.slice(0, 60);
    const plain = fitSlnProbit(subset);
    const padded = fitSlnProbit([...subset, { x: 0.3, successes: 0, trials: 0 }]);
    expect(padded.intercept).toBe(plain.intercept);
    expect(padded.slope).toBe(plain.slope);
    expect(padded.logLikelihood).toBe(plain.logLikelihood);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bistabilityScan,
  modelFor,
  Pipeline,
  readStabilization,
  scanModelParams,
  stabilizationIndegreesRule,
  stabilizationRule,
  stabilizationSpectraRule,
  type BistabilityScanConfig,
} from '../../../figures/index.ts';
import { factor6E, SCHUECKER_2017_NETWORK, SCHUECKER_2017_THEORY, stabilize, Theory, withDrive, type TheoryModel } from '../../../theory/index.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('bistability scans (Schuecker, Schmidt et al. 2017 network)', () => {
  const base: Omit<BistabilityScanConfig, 'parameter' | 'values'> = { model: SCHUECKER_2017_NETWORK, chiI: 1, theory: SCHUECKER_2017_THEORY, highInitialRate_Hz: 100 };

  it('kappa: two stable fixed points inside the paper\'s range (transition from rest at 1.0744), one outside', () => {
    const config = { ...base, parameter: 'kappa' as const, values: [0.98, 1.05, 1.12] };
    const scan = bistabilityScan(config);
    expect(scan.bistable).toEqual([false, true, false]);
    expect(scan.low[1].meanRate_Hz).toBeLessThan(3);
    expect(scan.high[1].meanRate_Hz).toBeGreaterThan(100);
    // Both branches at kappa = 1.05 are fixed points (Newton residual) and linearly stable (lambda_max < 1),
    // checked on a theory built here from the scan's network parameters.
    const theory = Theory.fromModel(modelFor(scanModelParams(config, 1.05)), SCHUECKER_2017_THEORY);
    for (const branch of [scan.low[1], scan.high[1]]) {
      expect(branch.converged).toBe(true);
      expect(branch.fixedPointResidual_Hz!).toBeLessThan(1e-8);
      const nu = Float64Array.from(branch.rates_Hz);
      const phi = theory.slopes(nu).rate;
      for (let i = 0; i < nu.length; i++) expect(Math.abs(phi[i] - nu[i])).toBeLessThan(1e-7 + 1e-9 * nu[i]);
      expect(theory.stability(nu).lambdaMax).toBeLessThan(1);
    }
    // Below the range the high start falls back to the low state; above it the low state is gone.
    expect(scan.high[0].meanRate_Hz).toBeCloseTo(scan.low[0].meanRate_Hz, 6);
    expect(scan.low[2].meanRate_Hz).toBeGreaterThan(100);
  }, 120_000);

  it('chi: the low and the high fixed point coexist at chi = 1.1, not at chi = 1', () => {
    const scan = bistabilityScan({ ...base, parameter: 'chi', values: [1, 1.1] });
    expect(scan.bistable).toEqual([false, true]);
    expect(scanModelParams({ ...base, parameter: 'chi', values: [] }, 1.1)).toMatchObject({ connection_params: { cc_weights_factor: 1.1, cc_weights_I_factor: 1 } });
  }, 120_000);

  it('names bad input', () => {
    expect(() => bistabilityScan({ ...base, parameter: 'kappa', values: [] })).toThrow(/values: got \[\]; expected a non-empty list/);
    expect(() => bistabilityScan({ ...base, parameter: 'kappa', values: [1], highInitialRate_Hz: 0 })).toThrow(/highInitialRate_Hz: got 0/);
  });
});

describe('stabilization figures (one round of the procedure)', () => {
  const cacheDir = tempDir('mam-stab-');
  const rules = [
    stabilizationRule('stabilization', { model: SCHUECKER_2017_NETWORK, theory: SCHUECKER_2017_THEORY, iterations: 1, kappaTarget: 1.2, kappaRange: [1, 1.2], convention: 'exact' }),
    stabilizationSpectraRule({ stabilization: 'stabilization' }),
    stabilizationIndegreesRule({ stabilization: 'stabilization', model: SCHUECKER_2017_NETWORK, zoomAreas: ['FEF', '46'] }),
  ];
  let outputs: Record<string, string>;
  beforeAll(async () => {
    outputs = (await new Pipeline(rules, { cacheDir, renderer: 'silent' }).run()).outputs;
  }, 300_000);
  const figure = (name: string) => JSON.parse(readFileSync(join(outputs[name], `${name}.json`), 'utf8')).data;

  it("the spectrum is that of Theory's gain matrix at the saddle: lambda_max > 1, trace = sum of eigenvalues", () => {
    const run = readStabilization(outputs.stabilization);
    const round = run.rounds[0];
    expect(round.kappaLow).toBeGreaterThan(1.07);
    expect(round.kappaLow).toBeLessThan(1.08);
    const model = modelFor(SCHUECKER_2017_NETWORK);
    const base: TheoryModel = { arrays: model.arrays(), params: model.params };
    const theory = new Theory(withDrive(base, round.kappaLow, factor6E(round.kappaLow)), SCHUECKER_2017_THEORY);
    const saddle = Float64Array.from(round.saddleRates);
    const stability = theory.stability(saddle);
    expect(Math.abs(round.lambdaMax - stability.lambdaMax)).toBeLessThan(1e-9 * Math.abs(stability.lambdaMax));
    expect(round.lambdaMax).toBeGreaterThan(1); // a saddle: unstable
    const n = saddle.length;
    let trace = 0;
    for (let i = 0; i < n; i++) trace += stability.G[i * n + i];
    const sumRe = round.eigenvalues.re.reduce((a, b) => a + b, 0);
    expect(Math.abs(sumRe - trace)).toBeLessThan(1e-8 * Math.max(1, Math.abs(trace)));
    expect(Math.abs(round.eigenvalues.im.reduce((a, b) => a + b, 0))).toBeLessThan(1e-8);
    const spectra = figure('stabilization-spectra');
    expect(spectra.rounds[0].lambdaMax).toBe(round.lambdaMax);
  });

  it("Delta K of the figure is K' - K of the stabilization result; K is the model's indegree matrix", () => {
    const run = readStabilization(outputs.stabilization);
    const model = modelFor(SCHUECKER_2017_NETWORK);
    const n = model.structureVec.length;
    run.K0.forEach((row, i) => row.forEach((k, j) => expect(k).toBe(model.K_matrix[i][j])));
    // The stabilization recomputed from the saved saddle gives the same K'.
    const round = run.rounds[0];
    const base: TheoryModel = { arrays: model.arrays(), params: model.params };
    const theory = new Theory(withDrive(base, round.kappaLow, factor6E(round.kappaLow)), SCHUECKER_2017_THEORY);
    const target = new Theory(withDrive(base, 1.2, factor6E(1.2)), SCHUECKER_2017_THEORY);
    const again = stabilize(theory, target, round.saddleRates);
    const data = figure('stabilization-indegrees');
    let changed = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(data.deltaK[i][j]).toBe(run.K[0][i][j] - run.K0[i][j]);
        expect(Math.abs(run.K[0][i][j] - again.K_prime[i][j])).toBeLessThan(1e-9 * Math.max(1, again.K_prime[i][j]));
        if (data.deltaK[i][j] !== 0) changed++;
      }
    }
    expect(changed).toBeGreaterThan(1000);
    expect(data.totalRelativeChange).toBeLessThan(0); // the paper: the stabilization removes synapses
    expect(data.published.correlation).toBeGreaterThan(0.5); // our Delta K points the way of the published K'
    expect(data.zoomLabels).toHaveLength(16);
  });

  it('a rerun is a no-op', async () => {
    const again = await new Pipeline(rules, { cacheDir, renderer: 'silent' }).run();
    expect(again.ran).toEqual([]);
  });
});

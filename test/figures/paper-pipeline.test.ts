import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  areaConnectivityData,
  anatomyData,
  barChartSvg,
  connectionProbability,
  flnDistanceData,
  heatmapCells,
  heatmapSvg,
  layerThicknessFraction,
  renumberSvgIds,
  linearFit,
  meanFieldRates,
  modelFor,
  PAPER_CACHE_DIR,
  PAPER_FIGURES,
  paperFigureRules,
  populationIndegreesData,
  populationSizesData,
  runPaperFigures,
  scatterLineSvg,
  slnFitFigureData,
  type PaperFiguresResult,
} from '../../figures/index.ts';
import { areaLevelIndegrees, getProcessedData, getSlnFitTable, loadRawData, MODEL_AREA_LIST, PUBLISHED_SLN_FIT_COEFFICIENTS } from '../../multiarea/index.ts';
import { normalCdf, parsePythonJson } from '../../core/index.ts';
import { figureListing, parseOnly, summarizeRun } from '../../cli/commands/figures-command.ts';
import { main } from '../../cli/main.ts';
import { HAS_SHARED, readProjectJson, readSharedJson, sharedPath, SKIP_SHARED_MESSAGE } from '../helpers/shared.ts';
import { xmlProblems } from './xml.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

// Temporary folders of this file, removed when its tests are done.
const tempDir = useTempDirs();

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('plot helpers', () => {
  it('heatmap cells drop what the scale cannot show: non-finite values, and values <= 0 on a log scale', () => {
    const values = [
      [1e-3, 0, -2],
      [Number.NaN, 0.5, Number.POSITIVE_INFINITY],
    ];
    const log = heatmapCells({ rows: ['a', 'b'], columns: ['x', 'y', 'z'], values });
    expect(log).toEqual([
      { row: 'a', column: 'x', value: 1e-3 },
      { row: 'b', column: 'y', value: 0.5 },
    ]);
    const linear = heatmapCells({ rows: ['a', 'b'], columns: ['x', 'y', 'z'], values, scale: 'linear' });
    // On a linear scale an exact zero (e.g. a zero lag or zero FC) is a value like any other.
    expect(linear).toEqual([
      { row: 'a', column: 'x', value: 1e-3 },
      { row: 'a', column: 'y', value: 0 },
      { row: 'a', column: 'z', value: -2 },
      { row: 'b', column: 'y', value: 0.5 },
    ]);
    expect(() => heatmapCells({ rows: ['a'], columns: ['x', 'y'], values: [[1]] })).toThrow(/values\[0\] \(a\): got 1 columns; expected 2/);
    expect(() => heatmapCells({ rows: ['a', 'b'], columns: ['x'], values: [[1]] })).toThrow(/got 1 rows; expected 2/);
  });

  it('render well-formed SVG documents with the data in them', async () => {
    const heat = await heatmapSvg({ rows: ['a', 'b'], columns: ['x', 'y'], values: [[1e-4, 1], [0, 0.01]], colorTitle: 'FLN' });
    const scatter = await scatterLineSvg({
      series: [
        { name: 'data', kind: 'points', x: [1, 2, 3], y: [2, 4, 6] },
        { name: 'fit & line', kind: 'line', x: [1, 3], y: [2, 6], dashed: true },
      ],
      xTitle: 'Distance (mm)',
      yTitle: 'y',
    });
    const bars = await barChartSvg({ bars: [{ category: '2', value: 3, group: 'L1' }, { category: '2', value: 5, group: 'L2' }], yTitle: 'n' });
    for (const svg of [heat, scatter, bars]) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(xmlProblems(svg)).toEqual([]);
    }
    // Three non-blank heatmap cells -> three rect marks, each labelled with its cell.
    expect(heat.match(/aria-roledescription="rect mark"/g)).toHaveLength(3);
    expect(heat).toContain('column: x; row: a; FLN: 1e-4; value: 0.0001');
    expect(heat).not.toContain('column: x; row: b');
    expect(heat).toContain('>FLN<');
    expect(scatter).toContain('Distance (mm)');
    expect(scatter).toContain('fit &amp; line');
    await expect(scatterLineSvg({ series: [{ name: 's', kind: 'points', x: [1, 2], y: [1] }] })).rejects.toThrow(/x has 2 values and y 1/);
  });

  it('SVG ids are numbered per document, so a chart renders the same whatever was rendered before', async () => {
    expect(renumberSvgIds('<svg><clipPath id="clip7"/><g clip-path="url(#clip7)"/><linearGradient id="gradient_3"/><path fill="url(#gradient_3)"/></svg>')).toBe(
      '<svg><clipPath id="clip0"/><g clip-path="url(#clip0)"/><linearGradient id="gradient_0"/><path fill="url(#gradient_0)"/></svg>',
    );
    const chart = () => heatmapSvg({ rows: ['a'], columns: ['x', 'y'], values: [[1e-3, 1]] });
    const a = await chart();
    await scatterLineSvg({ series: [{ name: 'l', kind: 'line', x: [0, 1], y: [0, 1] }] });
    expect(await chart()).toBe(a);
  });

  it('xmlProblems finds broken markup', () => {
    expect(xmlProblems('<svg><g></svg>').length).toBeGreaterThan(0);
    expect(xmlProblems('<svg>a & b</svg>').length).toBeGreaterThan(0);
    expect(xmlProblems('<svg><rect x="1"/></svg>')).toEqual([]);
  });
});

describe('figure data equal the model and data numbers', () => {
  it('area-connectivity: indegrees are the area-level indegrees of the model; fractions sum to 1 with external', () => {
    const data = areaConnectivityData({ model: {} });
    const model = modelFor({});
    const independent = areaLevelIndegrees(model.K, model.N, model.areaList, model.populationList);
    expect(data.areas).toEqual(model.areaList);
    data.areas.forEach((target, i) => {
      data.areas.forEach((source, j) => expect(relErr(data.indegrees[i][j], independent[target][source])).toBeLessThan(1e-12));
      expect(relErr(data.externalIndegrees[i], independent[target].external)).toBeLessThan(1e-12);
      const sum = data.indegreeFractions[i].reduce((a, b) => a + b, 0) + data.externalIndegrees[i] / (data.indegrees[i].reduce((a, b) => a + b, 0) + data.externalIndegrees[i]);
      expect(sum).toBeCloseTo(1, 12);
      data.areas.forEach((source, j) => expect(data.flnCompleted[i][j]).toBe(getProcessedData().FLN_completed[target][source] ?? 0));
      data.areas.forEach((source, j) =>
        expect(data.cocomac[i][j]).toBe(independent[target][source] > 0 && source in loadRawData().cocomac_data[target] ? 1 : 0),
      );
    });
  });

  it.skipIf(!HAS_SHARED)('area-connectivity: indegrees match upstream K_areas of the default model', () => {
    const ref = readSharedJson<{ K_areas: Record<string, Record<string, number>> }>('refs', 'structure', 'case_default.json');
    const data = areaConnectivityData({ model: {} });
    let worst = 0;
    data.areas.forEach((target, i) =>
      data.areas.forEach((source, j) => {
        const expected = ref.K_areas[target][source];
        worst = Math.max(worst, expected === 0 ? Math.abs(data.indegrees[i][j]) : relErr(data.indegrees[i][j], expected));
      }),
    );
    expect(worst).toBeLessThan(1e-9);
  });

  it('sln-fit: curves are the normal CDF of the coefficients; the aod fit reproduces the published ones', () => {
    const data = slnFitFigureData({ method: 'aod', curvePoints: 21 });
    expect(data.observations).toHaveLength(getSlnFitTable().length);
    expect([data.published.intercept, data.published.slope]).toEqual([...PUBLISHED_SLN_FIT_COEFFICIENTS]);
    data.curve.logDensityRatio.forEach((x, k) => {
      expect(data.curve.published[k]).toBe(normalCdf(data.published.intercept + data.published.slope * x));
      expect(data.curve.fitted[k]).toBe(normalCdf(data.fitted.intercept + data.fitted.slope * x));
    });
    // Phi(0) = 1/2 exactly: the curve crosses 0.5 where intercept + slope x = 0.
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(data.fitted.intercept - PUBLISHED_SLN_FIT_COEFFICIENTS[0])).toBeLessThan(1e-6);
    expect(Math.abs(data.fitted.slope - PUBLISHED_SLN_FIT_COEFFICIENTS[1])).toBeLessThan(1e-6);
    const xs = data.observations.map((o) => o.logDensityRatio);
    expect(data.curve.logDensityRatio[0]).toBe(Math.min(...xs));
    expect(data.curve.logDensityRatio[20]).toBeCloseTo(Math.max(...xs), 14);
  });

  it('fln-distance: the distance-rule fit is the one that completed the missing FLN of the model', () => {
    const data = flnDistanceData({ curvePoints: 5 });
    const processed = getProcessedData();
    const distances = loadRawData().median_distance_data;
    expect(data.fit.slope).toBeLessThan(0);
    expect(data.fit.n).toBe(data.points.length);
    // Targets without injections have all their FLN from the rule.
    const ruleTargets = MODEL_AREA_LIST.filter((t) => Object.keys(processed.FLN_Data_FV91[t] ?? {}).length === 0);
    expect(ruleTargets.length).toBeGreaterThan(5);
    let checked = 0;
    for (const target of ruleTargets) {
      for (const [source, fln] of Object.entries(processed.FLN_completed[target])) {
        if (source === 'external' || source === target || fln === 0) continue;
        expect(relErr(Math.exp(data.fit.intercept + data.fit.slope * distances[target][source]), fln)).toBeLessThan(1e-12);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    data.curve.distance.forEach((d, k) => expect(data.curve.log10Fln[k]).toBeCloseTo((data.fit.intercept + data.fit.slope * d) / Math.LN10, 14));
    MODEL_AREA_LIST.forEach((t, i) => MODEL_AREA_LIST.forEach((s, j) => expect(data.flnData[i][j]).toBe(processed.FLN_Data_FV91[t]?.[s] ?? 0)));
  });

  it('anatomy: surface densities are type densities times prototype thicknesses; the line is least squares', () => {
    const data = anatomyData();
    const processed = getProcessedData();
    for (const entry of data.densityByType) {
      for (const layer of ['23', '4', '5', '6'] as const) {
        expect(entry.surfaceDensity[layer]).toBe(processed.category_density[entry.type][layer] * processed.laminar_thicknesses[entry.prototype][layer]);
      }
      expect(entry.surfaceDensity['1']).toBe(0);
    }
    const v1 = data.densityByType.find((e) => e.type === '8')!;
    const total = Object.values(v1.surfaceDensity).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1.5e5); // the paper's type-8 bar reaches ~2e5 neurons/mm^2
    expect(total).toBeLessThan(2.1e5);
    // Least squares: residuals sum to zero and are orthogonal to x.
    const pts = data.thicknessVsDensity.filter((p) => Number.isFinite(p.totalThickness));
    expect(pts.length).toBe(data.thicknessFit.n);
    const res = pts.map((p) => p.totalThickness - (data.thicknessFit.intercept + data.thicknessFit.slope * p.log10Density));
    expect(Math.abs(res.reduce((a, b) => a + b, 0))).toBeLessThan(1e-10);
    expect(Math.abs(res.reduce((a, r, k) => a + r * pts[k].log10Density, 0))).toBeLessThan(1e-10);
    // Panel C: the shares of the five layers of an area with complete data add up to ~1 (layers 2/3..6 and 1
    // are all of the cortex); every layer's line is least squares over the areas with data.
    const v1Index = MODEL_AREA_LIST.indexOf('V1');
    const v1Share = ['1', '23', '4', '5', '6'].reduce((a, layer) => a + data.thicknessFractions[layer][v1Index], 0);
    expect(v1Share).toBeGreaterThan(0.95);
    expect(v1Share).toBeLessThan(1.05);
    for (const layer of ['1', '23', '4', '5', '6']) {
      const ys = data.thicknessFractions[layer];
      const xs = data.thicknessVsDensity.map((p) => p.log10Density);
      const ok = ys.map((y) => Number.isFinite(y));
      expect(data.fractionFits[layer].n).toBe(ok.filter(Boolean).length);
      const r = ys.map((y, k) => (ok[k] ? y - (data.fractionFits[layer].intercept + data.fractionFits[layer].slope * xs[k]) : 0));
      expect(Math.abs(r.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
    }
    expect(() => anatomyData({ prototypes: { '8': 'NOPE' } })).toThrow(/area "NOPE" has no laminar thicknesses/);
  });

  it('layer thickness share: mean over measurements; a zero layer counts as 0 even with unknown total', () => {
    expect(layerThicknessFraction({ '4': [100, 0, 50], total: [1000, Number.NaN, Number.NaN] }, '4')).toBe(0.05);
    expect(layerThicknessFraction({ '4': [100, 300], total: [1000, 1000] }, '4')).toBe(0.2);
    expect(layerThicknessFraction({ '4': 250, total: 1000 }, '4')).toBe(0.25);
    expect(layerThicknessFraction({ '4': [Number.NaN], total: [1000] }, '4')).toBeNaN();
  });

  it('linearFit is exact on a line and names bad input', () => {
    const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7], 'test');
    expect(fit.slope).toBe(2);
    expect(fit.intercept).toBe(1);
    expect(fit.r).toBe(1);
    expect(() => linearFit([1, 1], [2, 3], 'thing')).toThrow(/thing: all x values equal 1/);
    expect(() => linearFit([1], [2], 'thing')).toThrow(/thing: got 1 finite/);
  });

  it('population sizes and indegrees equal the model', () => {
    const model = modelFor({});
    const sizes = populationSizesData({ model: {} });
    let sum = 0;
    for (const area of sizes.areas) {
      for (const [pop, n] of Object.entries(sizes.neurons[area])) {
        expect(n).toBe(model.N_vec[model.structureVec.indexOf(`${area}-${pop}`)]);
        sum += n;
      }
    }
    expect(sum).toBe(model.N_vec.reduce((a, b) => a + b, 0));
    expect(sizes.neurons.TH['4E']).toBeUndefined();

    const ind = populationIndegreesData({ model: {}, areas: ['V1', 'V2'] });
    expect(ind.labels).toEqual(model.structureVec.filter((l) => l.startsWith('V1-') || l.startsWith('V2-')));
    ind.labels.forEach((t, a) =>
      ind.labels.forEach((s, b) => {
        const i = model.structureVec.indexOf(t);
        const j = model.structureVec.indexOf(s);
        expect(ind.indegrees[a][b]).toBe(model.K_matrix[i][j]);
        // Upstream's form of the connection probability; it rounds 1 - 1/(N_pre N_post) (~1e-10 below 1), so it
        // carries a relative error up to ~1e-6 that the log1p form avoids.
        const direct = 1 - (1 - 1 / (model.N_vec[i] * model.N_vec[j])) ** (model.K_matrix[i][j] * model.N_vec[i]);
        expect(relErr(ind.connectionProbability[a][b], direct)).toBeLessThan(1e-5);
      }),
    );
    expect(() => populationIndegreesData({ model: {}, areas: ['V9'] })).toThrow(/"V9" is not a model area/);
  });

  it('connection probability: exact small cases', () => {
    expect(connectionProbability(1, 2, 1)).toBeCloseTo(0.5, 15); // one synapse, two candidate pairs
    expect(connectionProbability(0, 10, 10)).toBe(0);
    expect(connectionProbability(2, 1, 1)).toBe(1);
  });

  it('mean-field rates of the ground state match upstream (fixture cut from the reference)', () => {
    const fixture = readProjectJson<{ populations: Record<string, { final_rate: number }> }>('test', 'fixtures', 'theory_ground_state_subset.json');
    const rates = meanFieldRates({ model: { connection_params: { cc_weights_factor: 1, cc_weights_I_factor: 1 } }, theory: {} });
    for (const [label, { final_rate }] of Object.entries(fixture.populations)) {
      expect(Math.abs(rates.rates[rates.structureVec.indexOf(label)] - final_rate)).toBeLessThan(1e-6 + 1e-6 * final_rate);
    }
    // The theory's own convergence report: the ground state settles (a fixed point).
    expect(rates.converged).toBe(true);
    expect(rates.lastChange_Hz).toBeLessThan(1e-3);
  });
});

describe.skipIf(!HAS_SHARED)('figure data against upstream reference outputs', () => {
  it('mean-field ground-state rates match upstream integrate_siegert (all populations)', () => {
    const ref = readSharedJson<{ labels: string[]; final_rates: number[] }>('refs', 'theory', 'theory_ground_state.json');
    const rates = meanFieldRates({ model: { connection_params: { cc_weights_factor: 1, cc_weights_I_factor: 1 } }, theory: {} });
    expect(rates.structureVec).toEqual(ref.labels);
    let worst = 0;
    ref.final_rates.forEach((r, i) => (worst = Math.max(worst, Math.abs(rates.rates[i] - r))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('population sizes equal upstream N_vec; the distance-rule fit reproduces upstream completed FLN', () => {
    const ref = readSharedJson<{ structure_vec: string[]; N_vec: number[] }>('refs', 'structure', 'case_default.json');
    const sizes = populationSizesData({ model: {} });
    ref.structure_vec.forEach((label, i) => {
      const [area, pop] = [label.slice(0, label.indexOf('-')), label.slice(label.indexOf('-') + 1)];
      expect(relErr(sizes.neurons[area][pop], ref.N_vec[i])).toBeLessThan(1e-12);
    });
    // Upstream wrote NaN into this file, so it is Python's JSON dialect.
    const upstream = parsePythonJson(readFileSync(sharedPath('refs', 'structure', 'upstream_processed_data_default.json'), 'utf8')) as {
      FLN_completed: Record<string, Record<string, number>>;
      FLN_Data_FV91: Record<string, Record<string, number>>;
    };
    const fit = flnDistanceData({ curvePoints: 2 }).fit;
    const distances = loadRawData().median_distance_data;
    let checked = 0;
    for (const target of MODEL_AREA_LIST) {
      if (Object.keys(upstream.FLN_Data_FV91[target] ?? {}).length > 0) continue;
      for (const [source, fln] of Object.entries(upstream.FLN_completed[target])) {
        if (source === 'external' || source === target || !fln) continue;
        expect(relErr(Math.exp(fit.intercept + fit.slope * distances[target][source]), fln)).toBeLessThan(1e-12);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

/**
 * Lighter configs of the slow theory rules for the whole-pipeline tests (fewer scan points, one
 * stabilization round, coarser pseudo-time steps); the figures' numbers at their default configs are
 * checked in test/figures/theory/ and test/figures/lfp/.
 */
const QUICK: Record<string, Record<string, unknown>> = {
  'bistability-scan-kappa': { values: [1.0, 1.06], theory: { dt: 0.05, T: 20 } },
  'bistability-scan-chi': { values: [1.0], theory: { dt: 0.05, T: 20 } },
  stabilization: { iterations: 1, theory: { dt: 0.05, T: 20, rec_interval: 0.1 } },
  'community-structure': { nullModels: 3 },
  'lfp-theory': { duration_ms: 600 },
};

describe('paper-figure pipeline and CLI', () => {
  let outDir: string;
  let first: PaperFiguresResult;
  beforeAll(async () => {
    outDir = tempDir('mam-paper-');
    first = await runPaperFigures({ outDir, configOverrides: QUICK });
  }, 300_000);

  it('makes every figure: a data JSON and well-formed SVG panels (run-based figures skipped without a run)', () => {
    expect(first.ran.sort()).toEqual(paperFigureRules().map((r) => r.name).sort());
    expect(first.skipped.map((s) => s.figure).sort()).toEqual(['lfp-run', 'rates-vs-theory']);
    for (const { reason } of first.skipped) expect(reason).toMatch(/no simulation run folder given/);
    const files = readdirSync(outDir);
    for (const figure of PAPER_FIGURES) {
      const json = JSON.parse(readFileSync(join(outDir, `${figure.name}.json`), 'utf8'));
      expect(json.figure).toBe(figure.name);
      expect(json.paperFigure).toBe(figure.paperFigure);
      const skipped = first.skipped.some((s) => s.figure === figure.name);
      expect(files.some((f) => f.startsWith(`${figure.name}`) && f.endsWith('.svg'))).toBe(!skipped);
      if (!skipped) expect(files.some((f) => f.startsWith(figure.name) && f.endsWith('.png'))).toBe(true);
    }
    const svgs = files.filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThanOrEqual(PAPER_FIGURES.length);
    for (const file of svgs) expect({ file, problems: xmlProblems(readFileSync(join(outDir, file), 'utf8')) }).toEqual({ file, problems: [] });
    expect(files).toContain(PAPER_CACHE_DIR);
  });

  it('figure JSON holds the computed numbers (area-connectivity)', () => {
    const json = JSON.parse(readFileSync(join(outDir, 'area-connectivity.json'), 'utf8'));
    const data = areaConnectivityData({ model: {} });
    expect(json.data.indegrees).toEqual(data.indegrees);
  });

  it('a rerun does nothing; a changed model parameter reruns only the model-based figures', async () => {
    const again = await runPaperFigures({ outDir, configOverrides: QUICK });
    expect(again.ran).toEqual([]);
    expect(again.written).toEqual([]);
    expect(summarizeRun(again, outDir, 5)).toMatch(new RegExp(`^nothing to do: all ${paperFigureRules().length} rules up to date`));

    const groundState = { connection_params: { cc_weights_factor: 1, cc_weights_I_factor: 1 } };
    const changed = await runPaperFigures({ outDir, only: ['population-sizes', 'sln-fit', 'anatomy'], model: groundState });
    expect(changed.ran).toEqual(['population-sizes']);
    expect(changed.upToDate.sort()).toEqual(['anatomy', 'sln-fit']);
    const sizes = JSON.parse(readFileSync(join(outDir, 'population-sizes.json'), 'utf8'));
    expect(sizes.config.model).toEqual(groundState);
    expect(changed.written).toEqual([join(outDir, 'population-sizes.json')]); // same neuron numbers, new config
  }, 120_000);

  it('configOverrides names unknown rules', () => {
    expect(() => paperFigureRules({ configOverrides: { nope: {} } })).toThrow(/configOverrides: "nope" is not a rule; expected one of anatomy/);
  });
});

describe('mam figures CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('--list names every figure and its paper figure', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    await main(['node', 'mam', 'figures', '--list']);
    const out = lines.join('\n');
    expect(out).toBe(figureListing());
    for (const figure of PAPER_FIGURES) expect(out).toContain(figure.name);
    expect(out).toContain('Fig. 4A and 4D');
  });

  it('runs the selected figures, then reports a rerun as nothing to do', async () => {
    const out = tempDir('mam-cli-fig-');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    await main(['node', 'mam', 'figures', '--out', out, '--only', 'sln-fit', '--quiet']);
    expect(lines.join('\n')).toMatch(/ran 1 rule\(s\): sln-fit/);
    expect(readdirSync(out).sort()).toEqual([PAPER_CACHE_DIR, 'sln-fit.json', 'sln-fit.png', 'sln-fit.svg']);
    lines.length = 0;
    await main(['node', 'mam', 'figures', '--out', out, '--only', 'sln-fit', '--quiet']);
    expect(lines.join('\n')).toMatch(/^nothing to do: all 1 rules up to date/);
    expect(lines.join('\n')).toMatch(/3 files in .* unchanged/);
  });

  it('--only accepts known names and rejects unknown ones with the list', () => {
    expect(parseOnly('sln-fit, anatomy')).toEqual(['sln-fit', 'anatomy']);
    expect(parseOnly(undefined)).toBeUndefined();
    expect(() => parseOnly('sln-fit,nope')).toThrow(/--only: got 'sln-fit,nope'; expected comma-separated figure names from: anatomy/);
  });
});

if (!HAS_SHARED) console.warn(SKIP_SHARED_MESSAGE);

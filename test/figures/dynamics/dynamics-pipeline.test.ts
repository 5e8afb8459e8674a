/**
 * The simulation figures of 2018b end to end on a tiny network (V1, V2, FEF at 0.5 % scale, 300 ms, two
 * states): every figure is made, its data equal the analysis functions applied to the same run, a rerun
 * does nothing, a changed setting reruns only what depends on it, --dry-run says why, --from-run uses the
 * given run of any layout (our folder, a SONATA file of a BMTK-style output) and rejects what is no finished
 * run with its network, and finished run folders are reused.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisOfRun, type Analysis } from '../../../analysis/index.ts';
import { PROJECT_ROOT } from '../../../core/index.ts';
import { MultiAreaModel, splitPopulationLabel } from '../../../multiarea/index.ts';
import { exportSonataCircuit, recordingToSonata } from '../../../simulation/index.ts';
import {
  DYNAMICS_FIGURES,
  dynamicsRules,
  PAPER_CACHE_DIR,
  readRecord,
  RUN_FILE,
  runPaperFigures,
  SPECTRUM_OPTIONS,
  type DynamicsConfig,
  type PaperFiguresResult,
  type RunRecord,
} from '../../../figures/index.ts';
import { xmlProblems } from '../xml.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

const TINY: Partial<DynamicsConfig> = {
  scale: 0.005,
  t_sim_ms: 300,
  t_min_ms: 100,
  areas: ['V1', 'V2', 'FEF'],
  chi: [1, 1.9],
  rasterDuration_ms: 100,
  boldTransient_ms: 50,
  grangerOrder: 5,
  theory: { T: 10, dt: 0.1 },
};
const FIGURES = DYNAMICS_FIGURES.map((f) => f.name);
const WINDOW = { t_min_ms: 100, t_max_ms: 300 };

const close = (a: number | null, b: number, tol = 1e-12): boolean => a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
const expectClose = (actual: readonly (number | null)[], expected: ArrayLike<number>, tol = 1e-12): void => {
  expect(actual).toHaveLength(expected.length);
  const bad = Array.from(expected, (e, i) => [i, actual[i], e] as const).filter(([, a, e]) => !(Number.isNaN(e) ? a === null : close(a, e, tol)));
  expect(bad).toEqual([]);
};

let outDir: string;
let firstOut: string;
let simulationsDir: string;
let first: PaperFiguresResult;
const figure = (name: string, dir: string = outDir): any => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
const runDirOf = (chi: number): string => figure('metastability', firstOut).data.runs.find((r: { chi: number }) => r.chi === chi).path;
const POPULATIONS = ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'];
const analyses = new Map<string, Analysis>();
const analysisOf = (chi: number): Analysis => {
  const dir = runDirOf(chi);
  if (!analyses.has(dir)) analyses.set(dir, analysisOfRun(dir, { window: WINDOW }));
  return analyses.get(dir)!;
};
const run = (dir: string, config: Partial<DynamicsConfig> = TINY, extra: { fromRuns?: string[]; only?: string[]; dryRun?: boolean; simDir?: string } = {}) =>
  runPaperFigures({
    outDir: dir,
    only: extra.only ?? FIGURES,
    dryRun: extra.dryRun,
    dynamics: { config, simulationsDir: extra.simDir ?? simulationsDir, threads: 1, fromRuns: extra.fromRuns },
  });

beforeAll(async () => {
  outDir = tempDir('mam-dyn-fig-');
  simulationsDir = join(outDir, 'simulations');
  firstOut = outDir;
  first = await run(outDir);
}, 180_000);

describe('simulation figures on a tiny run', () => {
  it('makes every figure: data JSON naming its runs, SVG and PNG panels with the run caption', () => {
    const files = readdirSync(outDir);
    for (const name of FIGURES) {
      const json = figure(name);
      expect(json.figure).toBe(name);
      expect(json.data.runs.length).toBeGreaterThan(0);
      for (const r of json.data.runs) expect([r.N_scaling, r.K_scaling, r.t_sim_ms, r.status]).toEqual([0.005, 0.005, 300, 'completed']);
      const panels = files.filter((f) => f.startsWith(`${name}-`) && f.endsWith('.svg'));
      expect(panels.length).toBeGreaterThan(0);
      for (const svg of panels) {
        const text = readFileSync(join(outDir, svg), 'utf8');
        expect({ svg, problems: xmlProblems(text) }).toEqual({ svg, problems: [] });
        expect({ svg, captioned: json.data.runs.some((r: { label: string; chi: number }) => text.includes(`${r.label.slice(0, 8)} (χ = ${r.chi})`)) }).toEqual({ svg, captioned: true });
        expect(files).toContain(svg.replace(/\.svg$/, '.png'));
      }
    }
    expect(first.ran).toEqual(expect.arrayContaining(['model-chi1', 'simulation-chi1', 'theory-chi1', 'theory-chi1-full-scale', 'granger-chi1.9', ...FIGURES]));
  });

  it('activity figures: distributions, rate series and rasters equal the analysis of the run', () => {
    for (const [name, chi] of [['ground-state', 1], ['resting-state', 1.9]] as const) {
      const { data } = figure(name);
      const a = analysisOf(chi);
      const byPop = (values: readonly number[]) => POPULATIONS.map((pop) => a.structureVec.map((l, i) => [l, values[i]] as const).filter(([l]) => splitPopulationLabel(l).pop === pop).map(([, v]) => v));
      expect(data.distributions.rate_spikes_per_s).toEqual(byPop(a.rates().populations.values));
      expect(data.distributions.lvr).toEqual(byPop(a.lvr().populations.values));
      expect(data.distributions.correlation).toEqual(byPop(a.correlationCoefficients().values));
      const binned = a.rateTimeSeries({ binSize_ms: 1 });
      const smoothed = a.rateTimeSeries({ binSize_ms: 1, kernel: 'gauss', width_ms: 5 });
      for (const s of data.series.areas) {
        expectClose(s.binned_spikes_per_s, binned.areas.get(s.area));
        expectClose(s.smoothed_spikes_per_s, smoothed.areas.get(s.area));
      }
      expect(data.series.t_ms).toEqual(Array.from(binned.t_ms));
      // Rasters: the last 100 ms, all neurons of a 0.5 % network (3 % of full scale is more than all).
      for (const r of data.rasters) {
        expect(r.window_ms).toEqual([200, 300]);
        expect(r.rowCount).toBe(a.areaSpikes(r.area).N);
        let expected = 0;
        for (const i of a.populationsOf(r.area)) {
          const t = a.populationSpikes(a.structureVec[i]).spikes.times_ms;
          expected += t.filter((x) => x >= 200 && x <= 300).length;
        }
        expect(r.populations.reduce((n: number, p: { spikes: number }) => n + p.spikes, 0)).toBe(expected);
        for (const p of r.populations) expect(p.row.every((row: number) => row >= p.firstRow && row < p.firstRow + p.rows)).toBe(true);
      }
    }
  });

  it('state comparisons: spectra, rate distributions, irregularity, synchrony and rates equal the analysis', () => {
    const stats = figure('spiking-statistics').data;
    const meta = figure('metastability').data;
    for (const chi of [1, 1.9]) {
      const a = analysisOf(chi);
      const s = stats.states.find((x: { chi: number }) => x.chi === chi);
      const spectrum = a.spectra(SPECTRUM_OPTIONS).areas.get('V1');
      const keep = spectrum.frequency_Hz.map((f, k) => k).filter((k) => spectrum.frequency_Hz[k] <= 60);
      expectClose(s.spectrum.frequency_Hz, keep.map((k) => spectrum.frequency_Hz[k]));
      expectClose(s.spectrum.power, keep.map((k) => spectrum.power[k]));
      expectClose(s.cvIsi, a.cvIsi().areas.values);
      expectClose(s.lvr, a.lvr().areas.values);
      expectClose(s.synchrony, a.synchrony().areas.values);
      expect(s.rateDistribution.probability.reduce((x: number, y: number) => x + y, 0)).toBeCloseTo(1, 12);
      expect(s.rateDistribution.mean).toBeCloseTo(a.rates().areas.get('V1'), 10);
      const m = meta.states.find((x: { chi: number }) => x.chi === chi);
      expectClose(m.rate_spikes_per_s, a.rateTimeSeries({ binSize_ms: 1 }).areas.get('V1'));
      expect(m.theory.converged === (m.theory.lambdaMaxAt === 'fixed point')).toBe(true);
    }
    const a = analysisOf(1.9);
    const rates = a.rates().populations;
    meta.resting.populations.forEach((pop: string, p: number) =>
      meta.resting.areas.forEach((area: string, k: number) => expect(meta.resting.rates_spikes_per_s[p][k]).toBe(rates.has(`${area}-${pop}`) ? rates.get(`${area}-${pop}`) : null)),
    );
    const h = meta.resting.histogram;
    expect(h.counts.reduce((x: number, y: number) => x + y, 0) + h.silent).toBe(rates.size);
  });

  it('interactions and temporal hierarchy equal the analysis', () => {
    const a = analysisOf(1.9);
    const fig = figure('interactions').data;
    const fc = a.functionalConnectivity();
    fig.order.forEach((x: string, i: number) =>
      fig.order.forEach((y: string, j: number) => expect(fig.fc[i][j]).toBe(i === j ? 0 : fc.values[fc.labels.indexOf(x)][fc.labels.indexOf(y)])),
    );
    const resting = fig.similarity.find((s: { chi: number }) => s.chi === 1.9);
    expect(resting.synapticInput).toBe(a.compareWithExperimentalFc(fc).similarity);
    expect(fig.structuralSimilarity).toBe(a.compareWithExperimentalFc(fc).structuralSimilarity);
    const hierarchy = a.temporalHierarchy();
    const th = figure('temporal-hierarchy').data;
    expect(th.hierarchy.order).toEqual(hierarchy.order);
    expect(th.peakLags.lag_ms).toEqual(hierarchy.peakLags.values.map((row) => row.map((v) => (Number.isFinite(v) ? v : null))));
    const cc = a.crossCorrelations({ maxLag_ms: 100 });
    const pair = th.crossCorrelations.pairs.find((p: { a: string; b: string }) => p.a === 'V1' && p.b === 'V2');
    expectClose(pair.values, cc.values[cc.labels.indexOf('V1')][cc.labels.indexOf('V2')]);
  });

  it('laminar interactions count the Granger p-values of the analysis', () => {
    const a = analysisOf(1.9);
    const granger = a.grangerCausality({ order: 5 }).values;
    const fig = figure('laminar-interactions').data;
    const tested = granger.reduce((n, g) => n + g.sources.length, 0);
    const significant = granger.reduce((n, g) => n + g.pValue.filter((p) => p < 0.05).length, 0);
    expect(fig.significance.find((s: { gradient: string }) => s.gradient === 'all')).toEqual({ gradient: 'all', tested, significant });
    const local = granger.reduce((n, g) => n + g.sources.filter((s) => s.split('-')[0] === g.target.split('-')[0]).length, 0);
    expect(fig.significance.find((s: { gradient: string }) => s.gradient === 'local').tested).toBe(local);
    expect(fig.relativeIndegree.local.length + fig.relativeIndegree.corticocortical.length).toBe(tested);
  });
});

describe('simulation-figure pipeline', () => {
  it('a rerun does nothing', async () => {
    const again = await run(outDir);
    expect(again.ran).toEqual([]);
    expect(again.written).toEqual([]);
  }, 60_000);

  it('--dry-run says what a changed setting reruns and why; running it reruns only that', async () => {
    const changed = { ...TINY, smoothing_ms: 3 };
    const plan = (await run(outDir, changed, { dryRun: true })).planned!;
    const runs = Object.fromEntries(plan.filter((p) => p.action === 'run').map((p) => [p.name, p.reason]));
    expect(Object.keys(runs).sort()).toEqual(['ground-state', 'metastability', 'resting-state', 'spiking-statistics', 'statistics-chi1', 'statistics-chi1.9', 'temporal-hierarchy']);
    expect(runs['statistics-chi1']).toBe('config changed: smoothing_ms: 5 -> 3');
    expect(runs['resting-state']).toBe('needs statistics-chi1.9, which runs');
    expect(plan.find((p) => p.name === 'simulation-chi1')!.action).toBe('up to date');
    const result = await run(outDir, changed);
    expect(result.ran.sort()).toEqual(Object.keys(runs).sort());
    const raster = await run(outDir, { ...changed, rasterDuration_ms: 80 });
    expect(raster.ran.sort()).toEqual(['ground-state', 'resting-state']);
    expect(figure('resting-state').data.rasters[0].window_ms).toEqual([220, 300]);
  }, 120_000);

  it('reuses a finished run folder of the same label instead of simulating again', async () => {
    const dir = tempDir('mam-dyn-reuse-');
    const spikes = join(runDirOf(1.9), readdirSync(runDirOf(1.9)).find((f) => f.startsWith('spikes-'))!);
    const mtime = statSync(spikes).mtimeMs;
    const result = await run(dir, TINY, { only: ['resting-state'] });
    expect(result.ran).toContain('simulation-chi1.9');
    const record = readRecord<RunRecord>(join(dir, PAPER_CACHE_DIR, 'simulation-chi1.9', readdirSync(join(dir, PAPER_CACHE_DIR, 'simulation-chi1.9'))[0]), RUN_FILE);
    expect(record.origin).toBe('reused');
    expect(statSync(spikes).mtimeMs).toBe(mtime);
  }, 60_000);

  it('reruns a simulation whose run folder is gone', async () => {
    const dir = runDirOf(1);
    const moved = `${dir}-moved`;
    renameSync(dir, moved);
    try {
      const plan = (await run(outDir, { ...TINY, smoothing_ms: 3, rasterDuration_ms: 80 }, { dryRun: true })).planned!;
      expect(plan.find((p) => p.name === 'simulation-chi1')!.reason).toMatch(/^cached output unusable: .*: not found; expected a run folder of `mam simulate`/);
    } finally {
      renameSync(moved, dir);
    }
  });

  it('--from-run uses the given run folder for its state (same numbers), without a model or simulation', async () => {
    const dir = tempDir('mam-dyn-from-');
    const given = runDirOf(1.9);
    const copy = join(dir, 'cluster-run');
    cpSync(given, copy, { recursive: true });
    const result = await run(dir, TINY, { fromRuns: [copy], only: ['resting-state'], simDir: join(dir, 'simulations') });
    expect(result.ran).toEqual(expect.arrayContaining(['simulation-chi1.9', 'statistics-chi1.9', 'resting-state']));
    expect(result.ran).not.toContain('model-chi1.9');
    expect(existsSync(join(dir, 'simulations'))).toBe(false);
    const fig = figure('resting-state', dir);
    expect(fig.data.runs[0].path).toBe(copy);
    expect(fig.data.distributions).toEqual(figure('resting-state').data.distributions);
  }, 60_000);

  it('--from-run reads a SONATA file beside an exported simulation_config.json (as BMTK writes it): the same figures', async () => {
    const dir = tempDir('mam-dyn-sonata-');
    const given = runDirOf(1.9);
    const params = JSON.parse(readFileSync(join(given, 'params.json'), 'utf8'));
    // The circuit of the run's network and simulation parameters, and the run's spikes where BMTK writes its own.
    const circuit = join(dir, 'circuit');
    await exportSonataCircuit(new MultiAreaModel(params.network_params), params.sim_params, circuit);
    const spikes = join(circuit, 'output', 'spikes.h5');
    mkdirSync(join(circuit, 'output'));
    await recordingToSonata(given, spikes, { population: 'multiarea' });
    const only = ['resting-state', 'temporal-hierarchy'];
    const result = await run(dir, TINY, { fromRuns: [spikes], only, simDir: join(dir, 'simulations') });
    expect(result.ran).toEqual(expect.arrayContaining(['simulation-chi1.9', 'statistics-chi1.9', 'interactions-chi1.9', ...only]));
    expect(result.ran).not.toContain('model-chi1.9');
    // The same figures from the run folder itself.
    const nativeDir = tempDir('mam-dyn-native-');
    await run(nativeDir, TINY, { fromRuns: [given], only, simDir: join(nativeDir, 'simulations') });
    const [fromSonata, native] = [figure('resting-state', dir).data, figure('resting-state', nativeDir).data];
    expect(fromSonata.runs[0]).toMatchObject({ path: spikes, format: 'sonata', chi: 1.9, label: native.runs[0].label, simulated_ms: 300, window_ms: [0, 300] });
    expect(fromSonata.runs[0].simulator).toBe("SONATA spike file (population 'multiarea', dt 0.1 ms)");
    expect({ ...fromSonata, runs: null }).toEqual({ ...native, runs: null });
    // FC from synaptic input needs the network: rebuilt from the config's network_params, the same numbers.
    const [hierarchy, nativeHierarchy] = [figure('temporal-hierarchy', dir).data, figure('temporal-hierarchy', nativeDir).data];
    expect(hierarchy.peakLags.lag_ms.flat().length).toBe(9);
    expect({ ...hierarchy, runs: null }).toEqual({ ...nativeHierarchy, runs: null });
    const interactions = (d: string) => readRecord<{ fc: { values: number[][] } }>(join(d, PAPER_CACHE_DIR, 'interactions-chi1.9', readdirSync(join(d, PAPER_CACHE_DIR, 'interactions-chi1.9'))[0]), 'interactions.json');
    expect(interactions(dir).fc).toEqual(interactions(nativeDir).fc);
    // Without network parameters in the config (an older export, another tool) the run is refused, saying why.
    const config = JSON.parse(readFileSync(join(circuit, 'simulation_config.json'), 'utf8'));
    delete config.multiarea.network_params;
    writeFileSync(join(circuit, 'simulation_config.json'), JSON.stringify(config));
    expect(() => dynamicsRules({ config: TINY, simulationsDir: dir, fromRuns: [spikes] })).toThrow(
      `${spikes}: this sonata source holds no network parameters, so neither the state it stands for (chi = cc_weights_factor) nor the network its theory and interactions need is known`,
    );
  }, 120_000);

  it('--from-run rejects what is not a finished run, naming it', () => {
    const root = tempDir('mam-dyn-bad-');
    const options = (dir: string) => ({ config: TINY, simulationsDir: root, fromRuns: [dir] });
    expect(() => dynamicsRules(options(join(root, 'nope')))).toThrow(/nope: not found; expected a run folder of `mam simulate`/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(() => dynamicsRules(options(empty))).toThrow(/empty: no spike recording found; expected a run folder/);
    const unfinished = join(root, 'unfinished');
    cpSync(runDirOf(1), unfinished, { recursive: true });
    rmSync(join(unfinished, 'run_log.json'));
    expect(() => dynamicsRules(options(unfinished))).toThrow(/has no run_log\.json: the run did not finish/);
    const twice = join(root, 'twice');
    cpSync(runDirOf(1), twice, { recursive: true });
    expect(() => dynamicsRules({ ...options(twice), fromRuns: [twice, runDirOf(1)] })).toThrow(/both have chi = 1; expected one run per state/);
    const interrupted = join(root, 'interrupted');
    cpSync(runDirOf(1), interrupted, { recursive: true });
    const log = JSON.parse(readFileSync(join(interrupted, 'run_log.json'), 'utf8'));
    writeFileSync(join(interrupted, 'run_log.json'), JSON.stringify({ ...log, status: 'interrupted' }));
    expect(() => dynamicsRules(options(interrupted))).toThrow(/interrupted: the run was interrupted at 300 ms of t_sim = 300 ms; rerun it or give a finished run/);
  });

  it('mam figures --dry-run lists the rules; --from-run of a non-run is an error without a stack trace', () => {
    const config = join(tempDir('mam-dyn-cli-'), 'tiny.json');
    writeFileSync(config, JSON.stringify(TINY));
    const mam = (...args: string[]) => spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), 'figures', ...args], { encoding: 'utf8' });
    writeFileSync(config, JSON.stringify({ ...TINY, smoothing_ms: 4 }));
    const dry = mam('--out', outDir, '--dynamics-config', config, '--only', 'resting-state', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^ok   simulation-chi1\.9 +up to date$/m);
    expect(dry.stdout).toMatch(/^run  statistics-chi1\.9 +config changed: smoothing_ms: 3 -> 4$/m);
    expect(dry.stdout).toMatch(/^would run 2 of 4 rules$/m);
    const bad = mam('--out', outDir, '--from-run', join(outDir, 'nope'), '--dry-run');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/mam figures: .*nope: not found; expected a run folder/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 60_000);
});

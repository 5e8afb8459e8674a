import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisOfRun, cvIsi, lvr, modelOfRun } from '../../analysis/index.ts';
import { BUNDLED } from '../../core/index.ts';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { populationRates, readRunLayout, readSpikes, Simulation } from '../../simulation/index.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { toyNetwork } from '../simulation/toy-network.ts';

const tempDir = useTempDirs();
const root = tempDir('mam-analysis-run-');

describe('analysis of a simulation run folder (toy network)', () => {
  it("splits the recorded spikes by population and agrees with the simulator's own rates", async () => {
    const sim = new Simulation(toyNetwork({ addDC: [380, 380, 380, 380] }), { t_sim: 200, recording_dict: { areas_recorded: ['A'] } }, { dataPath: root });
    await sim.run();
    const analysis = analysisOfRun(sim.dataDir, { window: { t_min_ms: 50, t_max_ms: 200 } });
    expect(analysis.structureVec).toEqual(['A-E', 'A-I']);

    // Rates from two independent code paths: the simulator's counter and the analysis toolkit.
    const simRates = populationRates(sim.dataDir, 50, 200);
    const rates = analysis.rates();
    for (const label of ['A-E', 'A-I']) expect(rates.populations.get(label)).toBeCloseTo(simRates[label], 9);
    expect(rates.populations.get('A-E')).toBeGreaterThan(0);

    // CV and LvR equal those of the hand-split spike trains (local neuron ids 0..79 of A-E).
    const all = readSpikes(sim.dataDir);
    const keep = [...all.senders.keys()].filter((i) => all.senders[i] < 80);
    const ae = { times_ms: Float64Array.from(keep, (i) => all.timesMs[i]), senders: Int32Array.from(keep, (i) => all.senders[i]) };
    const window = { t_min_ms: 50, t_max_ms: 200 };
    expect(analysis.cvIsi().populations.get('A-E')).toBeCloseTo(cvIsi(ae, 80, window).mean, 12);
    expect(analysis.lvr().populations.get('A-E')).toBeCloseTo(lvr(ae, 80, window, 2).mean, 12);
    // The toy network is no MultiAreaModel: statistics that need the network say so.
    expect(analysis.network).toBeUndefined();
    expect(() => analysis.synapticInput()).toThrow(/synaptic input needs the network.*simulated with 'toy': that network was not a MultiAreaModel/);
    expect(() => analysisOfRun(sim.dataDir, { network: 'required' })).toThrow(/simulated with 'toy'/);

    const out = execFileSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), 'analyze', '--run', sim.dataDir, '--t-min', '50'], { encoding: 'utf8' });
    expect(out).toMatch(/^\s+A\s+\d/m);
  });

  it('ends the default window where a run stopped early, and refuses a window beyond it', async () => {
    const sim = new Simulation(toyNetwork({ addDC: [2000, 2000, 2000, 2000] }), { t_sim: 500, runaway: { max_rate: 200, window: 20 } }, { dataPath: root });
    const log = await sim.run();
    expect(log.status).toBe('runaway');
    const analysis = analysisOfRun(sim.dataDir);
    expect(analysis.window).toEqual({ t_min_ms: log.simulated_ms / 2, t_max_ms: log.simulated_ms });
    // The rate over the time actually simulated, not diluted by the 480 ms that never ran.
    expect(analysis.rates().populations.get('A-E')).toBeGreaterThan(200);
    expect(() => analysisOfRun(sim.dataDir, { window: { t_max_ms: 500 } })).toThrow(
      /analysis window: t_max = 500 ms, but the spikes of .* are valid only up to 20 ms \(the run stopped there: runaway activity stopped it; t_sim was 500 ms\); expected t_max <= 20 ms/,
    );
  });

  it('names the folder when it is not a run', () => {
    expect(() => analysisOfRun(root)).toThrow(/no spike recording found; expected a run folder of `mam simulate`/);
    expect(() => modelOfRun(root)).toThrow(/params\.json not found/);
  });
});

describe('analysis of a multi-area model run (3 areas at 1 %, 1 s)', () => {
  let runDir = '';
  const params = {
    N_scaling: 0.01,
    K_scaling: 0.01,
    fullscale_rates: BUNDLED.fullscaleRates,
    connection_params: { replace_non_simulated_areas: 'het_poisson_stat' as const, replace_cc_input_source: BUNDLED.fullscaleRates },
  };
  beforeAll(async () => {
    const sim = new Simulation(new MultiAreaModel(params), { t_sim: 1000, areas_simulated: ['V1', 'V2', '46'], threads: 1 }, { dataPath: tempDir('mam-analysis-mam-') });
    await sim.run();
    runDir = sim.dataDir;
  }, 120_000);

  it('rebuilds the network from params.json and keeps the model area order (46 after V2)', () => {
    const a = analysisOfRun(runDir, { window: { t_min_ms: 200 } });
    expect(a.network?.label).toBe(new MultiAreaModel(params).label);
    expect(a.areas).toEqual(['V1', 'V2', '46']);
    expect(a.rates().areas.labels).toEqual(['V1', 'V2', '46']);
  });

  it('synaptic input of a population = sum over sources of K |W| x (rate filtered by exp(-t / tau_syn)), computed by hand', () => {
    const a = analysisOfRun(runDir, { window: { t_min_ms: 200 } });
    const model = new MultiAreaModel(params);
    const layout = readRunLayout(runDir).populations.filter((p) => p.recordSpikes);
    const all = readSpikes(runDir);
    const n = 800; // 1 ms bins over [200, 1000] shifted by 0.5 ms
    const rateOf = (p: (typeof layout)[number]): Float64Array => {
      const r = new Float64Array(n);
      for (let i = 0; i < all.timesMs.length; i++) {
        const id = all.senders[i];
        if (id < p.first || id >= p.first + p.size) continue;
        const k = Math.floor(all.timesMs[i] - 200.5);
        if (k >= 0 && k < n) r[k] += 1000 / p.size;
        else if (all.timesMs[i] === 1000.5) r[n - 1] += 1000 / p.size;
      }
      return r;
    };
    const target = 'V2-4E';
    const t = model.structureVec.indexOf(target);
    const expected = new Float64Array(n);
    for (const p of layout) {
      const s = model.structureVec.indexOf(p.label);
      const c = model.K_matrix[t][s] * Math.abs(model.W_matrix[t][s]);
      if (c === 0) continue;
      const r = rateOf(p);
      for (let i = 0; i < n; i++) for (let k = 0; k < 20 && k <= i; k++) expected[i] += c * Math.exp(-k / 0.5) * r[i - k];
    }
    const got = a.synapticInput().populations.get(target);
    expect(got).toHaveLength(n);
    const scale = Math.max(...expected);
    expected.forEach((v, i) => expect(Math.abs(got[i] - v) / scale).toBeLessThan(1e-12));
  });

  it('FC from synaptic input is a symmetric correlation matrix, compared with the bundled experimental FC', () => {
    const a = analysisOfRun(runDir, { window: { t_min_ms: 200 } });
    const fc = a.functionalConnectivity();
    expect(fc.labels).toEqual(['V1', 'V2', '46']);
    expect(fc.values[0][1]).toBe(fc.values[1][0]);
    expect(Math.abs(fc.values[0][2])).toBeLessThanOrEqual(1);
    const cmp = a.compareWithExperimentalFc(fc);
    expect(cmp.experimental.labels).toEqual(['V1', 'V2', '46']);
    expect(Math.abs(cmp.similarity)).toBeLessThanOrEqual(1);
    expect(Number.isFinite(cmp.structuralSimilarity)).toBe(true);
    const sc = a.structuralConnectivity();
    const K = new MultiAreaModel(params).K_areas;
    const total = Object.values(K['46']).reduce((x, y) => x + y, 0);
    expect(sc.values[2][0]).toBeCloseTo(K['46'].V1 / total, 15);
    expect(a.communities(sc, { directed: true, seed: 2 }).labels).toEqual(['V1', 'V2', '46']);
    expect(() => a.functionalConnectivity({ signal: 'bold' })).toThrow(/boldTransient_ms = 5000 leaves 0 of 800 samples/);
    expect(a.functionalConnectivity({ signal: 'bold', boldTransient_ms: 100 }).labels).toEqual(['V1', 'V2', '46']);
  });

  it('path analysis at the analysed rates; Granger causality onto one population', () => {
    const a = analysisOfRun(runDir, { window: { t_min_ms: 200 } });
    const paths = a.pathAnalysis();
    expect(paths.pairs).toHaveLength(6); // ordered pairs of 3 areas
    for (const p of paths.pairs) expect(p.path[0]).toBe(p.source);
    const gc = a.grangerCausality({ targets: ['V1-23E'], order: 5 });
    const r = gc.get('V1-23E');
    expect(r.sources.length).toBeGreaterThan(0);
    expect(r.pValue.every((p) => p >= 0 && p <= 1)).toBe(true);
  });
});

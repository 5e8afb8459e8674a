import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisOfRun } from '../../analysis/index.ts';
import { BUNDLED, readNpy } from '../../core/index.ts';
import { MultiAreaModel } from '../../multiarea/index.ts';
import { Simulation } from '../../simulation/index.ts';
import { PROJECT_ROOT } from '../helpers/shared.ts';
import { runMamInProcess } from '../helpers/run-mam.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const root = tempDir('mam-cli-analyze-');
let runDir = '';

const mam = runMamInProcess;

beforeAll(async () => {
  const params = {
    N_scaling: 0.005,
    K_scaling: 0.005,
    fullscale_rates: BUNDLED.fullscaleRates,
    connection_params: { replace_non_simulated_areas: 'het_poisson_stat' as const, replace_cc_input_source: BUNDLED.fullscaleRates },
  };
  const sim = new Simulation(new MultiAreaModel(params), { t_sim: 800, areas_simulated: ['V1', '46'], threads: 1 }, { dataPath: root });
  await sim.run();
  runDir = sim.dataDir;
}, 120_000);

describe('mam analyze', () => {
  it('prints the area table in model order with the default statistics', async () => {
    const { out, code } = await mam('analyze', '--run', runDir, '--t-min', '200');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[1]).toMatch(/area\s+rate_spikes_per_s\s+cv_isi\s+lvr\s+synchrony/);
    expect(lines[2]).toMatch(/^\s+V1\s/);
    expect(lines[3]).toMatch(/^\s+46\s/);
  });

  it('writes CSV tables, analysis.json and npy arrays that agree with the API', async () => {
    const out = join(root, 'out');
    const r = await mam('analyze', '--run', runDir, '--t-min', '200', '--what', 'rates,cv,fano,spectra,cross-correlation,fc', '--out', out);
    expect(r.code).toBe(0);
    const a = analysisOfRun(runDir, { window: { t_min_ms: 200 } });
    const csv = readFileSync(join(out, 'areas.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('area,rate_spikes_per_s,cv_isi,fano_factor,community_fc_synaptic_input,community_fc_experimental,community_structural');
    expect(csv[1].split(',')[0]).toBe('V1');
    expect(csv[2].split(',')[0]).toBe('46');
    expect(Number(csv[2].split(',')[1])).toBe(a.rates().areas.get('46'));
    const json = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    expect(json.areas).toEqual(['V1', '46']);
    expect(json.rates_spikes_per_s.areas).toEqual({ labels: ['V1', '46'], values: a.rates().areas.values });
    const fc = a.functionalConnectivity();
    expect(json.fc_synaptic_input.similarity_to_experiment).toBe(a.compareWithExperimentalFc(fc).similarity);
    expect(json.structural_connectivity.matrix).toEqual(a.structuralConnectivity());
    const fcNpy = readNpy(join(out, 'fc_synaptic_input.npy'));
    expect(fcNpy.shape).toEqual([2, 2]);
    expect(fcNpy.data[1]).toBe(fc.values[0][1]);
    const cc = readNpy(join(out, 'cross_correlation_spikes2_per_s2.npy'));
    expect(cc.shape).toEqual([2, 2, 201]);
    const entry = json.arrays.find((e: { file: string }) => e.file === 'cross_correlation_spikes2_per_s2.npy');
    expect(entry).toEqual({ file: 'cross_correlation_spikes2_per_s2.npy', shape: [2, 2, 201], axes: ['area', 'area', 'lag'], unit: '(spikes/s)^2' });
    expect(readdirSync(root).filter((f) => f.includes('partial'))).toEqual([]);

    // An existing folder is kept unless --overwrite.
    const again = await mam('analyze', '--run', runDir, '--what', 'rates', '--out', out);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/--out .* exists; choose a new folder or pass --overwrite/);
    expect(existsSync(join(out, 'fc_synaptic_input.npy'))).toBe(true);
    expect((await mam('analyze', '--run', runDir, '--what', 'rates', '--out', out, '--overwrite')).code).toBe(0);
    expect(existsSync(join(out, 'fc_synaptic_input.npy'))).toBe(false);
  });

  it('--what all skips what a short run cannot give (BOLD FC) and says so', async () => {
    const out = join(root, 'all');
    const r = await mam('analyze', '--run', runDir, '--t-min', '200', '--what', 'all', '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/skipped bold FC: .*boldTransient_ms = 5000/);
    const json = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    expect(json.skipped.map((s: { what: string }) => s.what)).toEqual(['bold FC']);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['granger_causality', 'significant_channels', 'path_analysis', 'temporal_hierarchy', 'intrinsic_timescales']));
  });

  it('rejects unknown statistics and missing runs by name, writing nothing', async () => {
    // Usage errors end the process (commander), so run the real command.
    const bad = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli', 'mam.js'), 'analyze', '--run', runDir, '--what', 'rates,bogus', '--out', join(root, 'bad')], { encoding: 'utf8' });
    expect(bad.status).toBe(2); // a usage error
    expect(bad.stderr).toMatch(/--what: unknown statistic 'bogus'; expected a comma-separated list of rates, cv/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const missing = await mam('analyze', '--run', join(root, 'nope'), '--out', join(root, 'bad'));
    expect(missing.err).toMatch(/nope: not found; expected a run folder of `mam simulate`/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
    const bold = await mam('analyze', '--run', runDir, '--what', 'bold');
    expect(bold.code).toBe(1);
    expect(bold.err).toMatch(/boldTransient_ms = 5000/);
  });

  it('prints the window it used and flags CV/LvR of populations with fewer than 10 spikes per neuron in it', async () => {
    const out = join(root, 'short');
    const r = await mam('analyze', '--run', runDir, '--t-min', '700', '--t-max', '800', '--what', 'rates,cv,lvr', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`window [700, 800) ms of ${runDir} (multiarea engine (iaf_psc_exp, dt 0.1 ms); valid [0, 800) ms, ends at the end of the run, t_sim = 800 ms)`);
    const a = analysisOfRun(runDir, { window: { t_min_ms: 700, t_max_ms: 800 } });
    const perNeuron = a.rates().populations.values.map((rate) => rate * 0.1);
    const short = perNeuron.filter((m, i) => m < 10 && a.N[i] > 0).length;
    expect(short).toBeGreaterThan(0);
    expect(r.err).toContain(`mam analyze: warning: cv, lvr: ${short} of ${a.N.filter((n) => n > 0).length} populations have fewer than 10 spikes per neuron on average in the 100 ms window [700, 800)`);
    const json = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    expect(json.warnings).toHaveLength(1);
    expect(json.source).toMatchObject({ format: 'multiarea-run', end: 'completed', complete: true, valid_window_ms: { t_min_ms: 0, t_max_ms: 800 } });
    const csv = readFileSync(join(out, 'populations.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('population,spikes_per_neuron,rate_spikes_per_s,cv_isi,lvr');
    expect(Number(csv[1].split(',')[1])).toBeCloseTo(perNeuron[0], 12);
    // Rates need no spikes per neuron: no warning.
    const rates = await mam('analyze', '--run', runDir, '--t-min', '700', '--t-max', '800', '--what', 'rates');
    expect(rates.err).not.toMatch(/warning/);
  });
});

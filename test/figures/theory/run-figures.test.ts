import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInput, runPaperFigures } from '../../../figures/index.ts';
import { BUNDLED } from '../../../core/index.ts';
import { MultiAreaModel } from '../../../multiarea/index.ts';
import { populationRates, Simulation } from '../../../simulation/index.ts';
import { Theory } from '../../../theory/index.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';
import { xmlProblems } from '../xml.ts';

const tempDir = useTempDirs();

const params = {
  N_scaling: 0.01,
  K_scaling: 0.01,
  fullscale_rates: BUNDLED.fullscaleRates,
  connection_params: { replace_non_simulated_areas: 'het_poisson_stat' as const, replace_cc_input_source: BUNDLED.fullscaleRates },
};
const WINDOW = { 'rates-vs-theory': { t_min_ms: 200 }, 'lfp-run': { t_min_ms: 200, signals: { segment_ms: 128, window_ms: [0, 300] } } };

describe('run-based figures (V1 at 1 %, 700 ms)', () => {
  let runDir = '';
  let outDir = '';
  beforeAll(async () => {
    const sim = new Simulation(new MultiAreaModel(params), { t_sim: 700, areas_simulated: ['V1'], threads: 1 }, { dataPath: tempDir('mam-run-fig-') });
    await sim.run();
    runDir = sim.dataDir;
    outDir = tempDir('mam-run-figs-');
  }, 180_000);
  const data = (name: string) => JSON.parse(readFileSync(join(outDir, `${name}.json`), 'utf8'));

  it('without a run folder both figures are skipped with the reason; a bad folder is named', async () => {
    const out = tempDir('mam-norun-');
    const result = await runPaperFigures({ outDir: out, only: ['rates-vs-theory', 'lfp-run'] });
    expect(result.skipped.map((s) => s.figure).sort()).toEqual(['lfp-run', 'rates-vs-theory']);
    expect(JSON.parse(readFileSync(join(out, 'lfp-run.json'), 'utf8')).skipped).toMatch(/no simulation run folder given/);
    expect(() => runInput(join(out, 'nope'))).toThrow(/run folder .*nope: not found; expected the output folder of a simulation/);
    expect(() => runInput(out)).toThrow(/params\.json not found/);
  });

  it('rates vs theory: the run\'s rates and the theory of the network rebuilt from its params.json', async () => {
    const result = await runPaperFigures({ outDir, runDir, only: ['rates-vs-theory', 'lfp-run'], configOverrides: WINDOW });
    expect(result.skipped).toEqual([]);
    const d = data('rates-vs-theory').data;
    expect(d.labels).toHaveLength(8);
    expect(d.N_scaling).toBe(0.01);
    expect(d.window_ms).toEqual([200, 700]);
    const simulated = populationRates(runDir, 200, 700);
    d.labels.forEach((l: string, k: number) => expect(d.simulated_Hz[k]).toBe(simulated[l]));
    const model = new MultiAreaModel(params);
    const theory = Theory.fromModel(model, { dt: 0.01 });
    const run = theory.integrateSiegert().runs[0];
    expect(d.theory.converged).toBe(run.converged);
    const rates = run.converged ? theory.fixedPoint(run.final).rates : run.final;
    d.labels.forEach((l: string, k: number) => expect(d.theory_Hz[k]).toBeCloseTo(rates[model.structureVec.indexOf(l)], 9));
    const svg = readFileSync(join(outDir, 'rates-vs-theory.svg'), 'utf8');
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('N_scaling 0.01, K_scaling 0.01, t_sim 700 ms');
  }, 180_000);

  it("LFP of a run: mean rates are the run's spike counts; a changed run folder reruns the figures", async () => {
    const d = data('lfp-run').data;
    // The analysed signal starts after the 200 ms cut and the 40-ms kernel warm-up.
    const simulated = populationRates(runDir, 240, 700);
    d.populations.forEach((p: string, k: number) => expect(d.meanRates_Hz[k]).toBeCloseTo(simulated[`V1-${p}`], 6));
    expect(d.window.lfp_mV).toHaveLength(16);
    const before = await runPaperFigures({ outDir, runDir, only: ['rates-vs-theory', 'lfp-run'], configOverrides: WINDOW });
    expect(before.ran).toEqual([]);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(runDir, 'populations.json'), later, later);
    const after = await runPaperFigures({ outDir, runDir, only: ['rates-vs-theory', 'lfp-run'], configOverrides: WINDOW });
    expect(after.ran.sort()).toEqual(['lfp-run', 'rates-vs-theory']);
  }, 180_000);
});

/**
 * The explorer in headless Chromium (playwright-core driving Debian's chromium), on the built page:
 * it loads without console errors and builds the model the library builds; a change of χ gives the
 * theory rates and λ_max that the library computes in Node; a live simulation produces spikes, pauses,
 * continues and stops on request; the signals are computed; every download parses and agrees with the
 * library; without cross-origin isolation the run uses one worker. Screenshots of each view go to
 * web/screenshots/. Skipped, with the reason, where Chromium is absent.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTIONS_CSV_HEADER, MultiAreaModel } from '../../multiarea/index.ts';
import { distinctFixedPoints, Theory } from '../../theory/index.ts';
import { readSpikes, readSonataSpikes, Simulation } from '../../simulation/index.ts';
import { DEFAULT_FORM, explorerParams, networkParamsOf } from '../../web/src/explorer-params.ts';
import { buildPage, HAVE_CHROMIUM, openBrowser, SCREENSHOT_DIR, servePage, SKIP_REASON, type BrowserSession } from './browser-session.ts';

const suite = HAVE_CHROMIUM ? 'explorer in headless Chromium' : `explorer in headless Chromium (skipped: ${SKIP_REASON})`;
if (!HAVE_CHROMIUM) console.warn(`test/web/explorer.test.ts: skipped. ${SKIP_REASON}`);

async function shot(page: Page, view: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${view}.png`), fullPage: true });
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.click(`button[data-tab=${tab}]`);
}

/** Waits until the page has built the model of the form's current values (a new label, no build pending). */
async function waitForBuild(page: Page, previousLabel: string | undefined): Promise<string> {
  await page.waitForFunction(
    (old) => {
      const d = (globalThis as any).document.body.dataset;
      return d.label !== undefined && d.label !== old && d.building === undefined;
    },
    previousLabel,
    { timeout: 60_000 },
  );
  return (await page.evaluate(() => (globalThis as any).document.body.dataset.label)) as string;
}

async function status(page: Page) {
  const el = '#sim-status';
  return {
    state: await page.getAttribute(el, 'data-state'),
    spikes: Number(await page.getAttribute(el, 'data-spikes')),
    simulatedMs: Number(await page.getAttribute(el, 'data-simulated-ms')),
    text: (await page.textContent(el)) ?? '',
  };
}

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-12, Math.abs(b[i])));
  return worst;
}

describe.skipIf(!HAVE_CHROMIUM)(suite, () => {
  let server: { url: string; close: () => Promise<void> };
  let session: BrowserSession;
  let page: Page;
  const downloads = mkdtempSync(join(tmpdir(), 'multiarea-web-downloads-'));

  beforeAll(async () => {
    await buildPage();
    server = await servePage(true);
    session = await openBrowser();
    page = session.page;
    await page.goto(server.url);
    await page.waitForFunction(() => (globalThis as any).document.body.dataset.ready !== undefined, null, { timeout: 90_000 });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    await server?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('loads without console errors, cross-origin isolated, with the model the library builds', async () => {
    expect(session.errors).toEqual([]);
    expect(await page.evaluate(() => (globalThis as any).crossOriginIsolated)).toBe(true);
    const expected = new MultiAreaModel(networkParamsOf(explorerParams(DEFAULT_FORM)));
    expect(await page.evaluate(() => (globalThis as any).document.body.dataset.label)).toBe(expected.label);
    expect(await page.textContent('#model-summary')).toContain(`model ${expected.label}: 32 areas, 254 populations`);
    await page.waitForSelector('#pop-matrix canvas');
    await shot(page, 'model');
  });

  it('shows the library validation message for a bad parameter', async () => {
    await page.fill('input[name=chi]', '-1');
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('#param-errors').textContent as string).includes('cc_weights_factor'), null, { timeout: 30_000 });
    const message = await page.textContent('#param-errors');
    let cli = '';
    try {
      new MultiAreaModel(networkParamsOf(explorerParams({ ...DEFAULT_FORM, chi: -1 })));
    } catch (err) {
      cli = (err as Error).message;
    }
    expect(message).toBe(cli);
    await page.fill('input[name=chi]', String(DEFAULT_FORM.chi));
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#param-errors').textContent === '', null, { timeout: 30_000 });
  });

  it('a change of χ gives the theory rates and λ_max that the library computes', async () => {
    await openTab(page, 'theory');
    const label0 = await page.evaluate(() => (globalThis as any).document.body.dataset.label as string);
    const rates0 = JSON.parse((await page.getAttribute('#theory-summary', 'data-rates'))!);
    await page.fill('input[name=chi]', '1.6');
    await waitForBuild(page, label0);
    await page.waitForSelector('#theory-stability[data-lambda-max]', { timeout: 60_000 });
    const rates: number[] = JSON.parse((await page.getAttribute('#theory-summary', 'data-rates'))!);
    const lambdaMax = Number(await page.getAttribute('#theory-stability', 'data-lambda-max'));

    const model = new MultiAreaModel(networkParamsOf(explorerParams({ ...DEFAULT_FORM, chi: 1.6 })));
    const theory = Theory.fromModel(model);
    const expected = theory.integrateSiegert().runs[0].final;
    expect(rates).toHaveLength(254);
    expect(maxRelativeDifference(rates, expected)).toBeLessThan(1e-9);
    expect(Math.abs(lambdaMax - theory.stability(expected).lambdaMax)).toBeLessThan(1e-9);
    // The change did change the rates.
    expect(maxRelativeDifference(rates, rates0)).toBeGreaterThan(1e-3);
    await page.click('#scan-button');
    await page.waitForFunction(() => ((globalThis as any).document.querySelector('#scan-status').textContent as string).startsWith('done'), null, { timeout: 170_000 });
    // Bistability of the full-scale network (χ_I = 1): at χ = 1 the low-activity fixed point found from zero
    // rates and the high-activity fixed point reached from random rates, as the library finds them with the
    // scan's integration (T = 50 ms, dt = 0.01 ms, 2 random initial conditions).
    const points: { chi: number; state: string; meanRate: number }[] = JSON.parse((await page.getAttribute('#theory-scan', 'data-points'))!);
    const atOne = points.filter((p) => p.chi === 1 && p.state.startsWith('fixed point'));
    const fullScale = new MultiAreaModel({ connection_params: { cc_weights_factor: 1, cc_weights_I_factor: 1, replace_non_simulated_areas: 'hom_poisson_stat' } });
    const scan = { T: 50, dt: 0.01 };
    const fromZero = Theory.fromModel(fullScale, scan).integrateSiegert().runs;
    const fromRandom = Theory.fromModel(fullScale, { ...scan, initial_rates: 'random_uniform', initial_rates_iter: 2 }).integrateSiegert().runs;
    const mean = (r: ArrayLike<number>) => Array.from(r).reduce((s, x) => s + x, 0) / r.length;
    const expectedMeans = distinctFixedPoints([...fromZero, ...fromRandom]).fixedPoints.map((fp) => mean(fp.rates)).sort((a, b) => a - b);
    expect(expectedMeans).toHaveLength(2);
    const found = atOne.map((p) => p.meanRate).sort((a, b) => a - b);
    expect(found).toHaveLength(2);
    found.forEach((m, k) => expect(m).toBeCloseTo(expectedMeans[k], 9));
    expect(found[1]).toBeGreaterThan(10 * found[0]);
    expect(atOne.find((p) => p.meanRate === found[0])!.state).toMatch(/^fixed point, stable/);
    await shot(page, 'theory');
    await page.fill('input[name=chi]', String(DEFAULT_FORM.chi));
  }, 240_000);

  it('a live simulation produces spikes, pauses, continues and stops on request', async () => {
    await openTab(page, 'simulation');
    await page.fill('input[name=tSim]', '20000');
    await page.fill('input[name=workers]', '2');
    await page.waitForTimeout(200);
    await page.click('#sim-run');
    await page.waitForFunction(() => Number((globalThis as any).document.querySelector('#sim-status').dataset.simulatedMs) > 300, null, { timeout: 60_000 });
    await page.click('#sim-pause');
    await page.waitForSelector('#sim-status[data-state=paused]');
    await page.waitForTimeout(300);
    const paused = await status(page);
    await page.waitForTimeout(500);
    expect((await status(page)).simulatedMs).toBe(paused.simulatedMs);
    await page.click('#sim-continue');
    await page.waitForFunction((t) => Number((globalThis as any).document.querySelector('#sim-status').dataset.simulatedMs) > t + 100, paused.simulatedMs, { timeout: 60_000 });
    await page.click('#sim-stop');
    await page.waitForSelector('#sim-status[data-state=stopped]', { timeout: 60_000 });
    const stopped = await status(page);
    expect(stopped.spikes).toBeGreaterThan(100);
    expect(stopped.simulatedMs).toBeGreaterThan(paused.simulatedMs);
    expect(stopped.simulatedMs).toBeLessThan(20_000);
    expect(stopped.text).toMatch(/2 worker\(s\), shared memory/);
    await page.waitForTimeout(500);
    expect((await status(page)).spikes).toBe(stopped.spikes);
    // Rates against theory, drawn at the end: one point per simulated population.
    const comparison = JSON.parse((await page.getAttribute('#sim-vs-theory', 'data-comparison'))!);
    expect(comparison.map((c: { population: string }) => c.population).slice(0, 2)).toEqual(['V1-23E', 'V1-23I']);
    expect(comparison).toHaveLength(16);
    await shot(page, 'simulation');
  }, 120_000);

  it('computes the LFP, dipole and EEG of an area from the run, and shows the kernels', async () => {
    await openTab(page, 'signals');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#signal-status').hasAttribute('data-eeg-samples'), null, { timeout: 60_000 });
    const simulatedMs = (await status(page)).simulatedMs;
    const samples = Number(await page.getAttribute('#signal-status', 'data-eeg-samples'));
    // One sample per kernel step (0.1 ms) over the whole milliseconds simulated.
    expect(samples).toBe(Math.round(Math.floor(simulatedMs) / 0.1));
    await page.waitForSelector('#kernel-dipole canvas');
    expect(await page.textContent('#kernel-status')).toBe('bundled kernels (data/kernels)');
    await shot(page, 'signals');
  }, 60_000);

  it('downloads parse and agree with the library', async () => {
    await openTab(page, 'export');
    const save = async (name: string): Promise<string> => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }).catch(async (err) => {
          throw new Error(`${name}: no download (${(err as Error).message}); page says: ${await page.textContent('#export-status')}`);
        }),
        page.click(`button[data-export="${name}"]`),
      ]);
      const path = join(downloads, name);
      await download.saveAs(path);
      return path;
    };
    const network = yaml.load(readFileSync(await save('network.yaml'), 'utf8'));
    expect(network).toEqual({ connection_params: { cc_weights_factor: 1, cc_weights_I_factor: 1, replace_non_simulated_areas: 'hom_poisson_stat' } });
    const simulation = yaml.load(readFileSync(await save('simulation.yaml'), 'utf8'));
    expect(simulation).toEqual({ t_sim: 20000, threads: 2, rng_seed: 1, areas_simulated: ['V1', 'V2'] });

    const doc = JSON.parse(readFileSync(await save('connectivity.json'), 'utf8'));
    const model = new MultiAreaModel(networkParamsOf(explorerParams({ ...DEFAULT_FORM, tSim: 20000 })));
    expect(doc.label).toBe(model.label);
    expect(doc.K_matrix).toEqual(model.K_matrix);
    const csv = readFileSync(await save('connections.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(CONNECTIONS_CSV_HEADER.join(','));
    expect(readFileSync(await save('populations.csv'), 'utf8').split('\n')).toHaveLength(256);

    const spikes = await readSonataSpikes(await save('spikes.h5'));
    const run = await status(page);
    expect(Object.keys(spikes)).toEqual(['multiarea']);
    const { timestampsMs, nodeIds, sorting } = spikes.multiarea;
    expect(sorting).toBe('by_time');
    expect(timestampsMs.length).toBe(run.spikes);
    // The library's engine in Node, run for the time the page simulated before it was stopped, gives
    // the very same spikes (same seed; results do not depend on the number of workers).
    const node = new Simulation(model, { ...explorerParams({ ...DEFAULT_FORM, tSim: 20000 }).simulation, t_sim: run.simulatedMs, threads: 1 }, { dataPath: downloads });
    await node.run();
    const expected = readSpikes(node.dataDir);
    const key = (t: number, id: number) => `${Math.round(t * 10)}:${id}`;
    const pageSpikes = Array.from(timestampsMs, (t, i) => key(t, nodeIds[i])).sort();
    const nodeSpikes = Array.from(expected.timesMs, (t, i) => key(t, expected.senders[i])).sort();
    expect(pageSpikes).toEqual(nodeSpikes);
    expect(await page.textContent('#mam-commands')).toContain('npx mam simulate --params network.yaml --sim simulation.yaml --scale 0.01 --spikes-format sonata');
    await shot(page, 'export');
  }, 60_000);

  it('without cross-origin isolation, runs one worker', async () => {
    const plain = await servePage(false);
    const other = await openBrowser();
    try {
      await other.page.goto(plain.url);
      await other.page.waitForFunction(() => (globalThis as any).document.body.dataset.ready !== undefined, null, { timeout: 90_000 });
      expect(await other.page.evaluate(() => (globalThis as any).crossOriginIsolated)).toBe(false);
      await other.page.click('button[data-tab=simulation]');
      await other.page.fill('input[name=tSim]', '200');
      await other.page.fill('input[name=workers]', '2');
      await other.page.waitForTimeout(200);
      await other.page.click('#sim-run');
      await other.page.waitForSelector('#sim-status[data-state=completed]', { timeout: 60_000 });
      const s = await status(other.page);
      expect(s.text).toMatch(/1 worker\(s\) \(page not cross-origin isolated\)/);
      expect(s.simulatedMs).toBe(200);
      // The same run as the engine's in Node.
      const p = explorerParams({ ...DEFAULT_FORM, tSim: 200 });
      const log = await new Simulation(new MultiAreaModel(networkParamsOf(p)), p.simulation, { noOutput: true }).run();
      expect(s.spikes).toBe(log.spikes);
      expect(s.spikes).toBeGreaterThan(0);
      expect(other.errors).toEqual([]);
    } finally {
      await other.close();
      await plain.close();
    }
  }, 120_000);
});

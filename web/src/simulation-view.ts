/**
 * Simulation view: a down-scaled network simulated live in workers, a streaming raster, population rates
 * over time, pause / continue / stop, and the rates against the theory at the end.
 */
import { isInhibitoryPopulation, splitPopulationLabel } from '../../multiarea/index.ts';
import type { NetworkPlan } from '../../simulation/engine/plan.ts';
import { LiveSimulation, type LiveStatus } from './live-simulation.ts';
import type { ModelClient } from './model-client.ts';
import type { ExplorerParams } from './protocol.ts';
import { RasterCanvas } from './raster-canvas.ts';
import { formatNumber, VegaChart } from './vega-plot.ts';

const RATE_BIN_MS = 10;

/** Spikes per population per bin of `binMs` (ms) up to `tEndMs`, as rates (spikes/s). */
export function populationRateSeries(sim: LiveSimulation, binMs: number, tEndMs: number): Float64Array[] {
  const { plan, spikes } = sim;
  const nBins = Math.max(1, Math.ceil(tEndMs / binMs));
  const popOf = new Uint16Array(plan.totalNeurons);
  plan.populations.forEach((p, k) => popOf.fill(k, p.first, p.first + p.size));
  const series = plan.populations.map(() => new Float64Array(nBins));
  for (let k = 0; k < spikes.count; k++) {
    const bin = Math.floor((spikes.stamps[k] * plan.dt_ms) / binMs);
    if (bin < nBins) series[popOf[spikes.ids[k]]][bin] += 1;
  }
  plan.populations.forEach((p, k) => series[k].forEach((c, b) => (series[k][b] = (c / Math.max(1, p.size)) * (1000 / binMs))));
  return series;
}

export class SimulationView {
  sim: LiveSimulation | null = null;
  private raster: RasterCanvas | null = null;
  private readonly rates: VegaChart;
  private readonly comparison: VegaChart;
  private lastRatesDraw = 0;
  /** Theory rates (spikes/s) by population label, set by the page after each build. */
  theoryRates = new Map<string, number>();
  onFinished: (sim: LiveSimulation) => void = () => {};

  constructor(
    private readonly root: HTMLElement,
    private readonly client: ModelClient,
    private readonly params: () => ExplorerParams,
  ) {
    root.innerHTML = `
      <p class="controls">
        <button id="sim-run">Run</button> <button id="sim-pause" disabled>Pause</button>
        <button id="sim-continue" disabled>Continue</button> <button id="sim-stop" disabled>Stop</button>
        <span id="sim-status"></span></p>
      <section><h3>Spike raster (blue: excitatory, red: inhibitory)</h3><canvas id="raster" width="1000" height="380"></canvas></section>
      <div class="grid2">
        <section><h3>Population rates over time (spikes/s, ${RATE_BIN_MS} ms bins)</h3><div id="sim-rates"></div></section>
        <section><h3>Rates: simulation against theory</h3><div id="sim-vs-theory"><p class="hint">after a run</p></div></section>
      </div>`;
    this.rates = new VegaChart(root.querySelector('#sim-rates')!);
    this.comparison = new VegaChart(root.querySelector('#sim-vs-theory')!);
    const button = (id: string) => root.querySelector<HTMLButtonElement>(`#${id}`)!;
    button('sim-run').onclick = () => void this.start();
    button('sim-pause').onclick = () => this.sim?.pause();
    button('sim-continue').onclick = () => this.sim?.resume();
    button('sim-stop').onclick = () => this.sim?.stop();
  }

  async start(): Promise<void> {
    const status = this.root.querySelector('#sim-status')!;
    this.sim?.terminate();
    status.textContent = 'building the network…';
    status.setAttribute('data-state', 'building');
    let plan: NetworkPlan;
    try {
      plan = (await this.client.request<'plan'>({ type: 'plan', params: this.params() })).plan;
    } catch (err) {
      status.textContent = (err as Error).message;
      return;
    }
    const workers = Number(this.params().simulation.threads) || 1;
    this.raster = new RasterCanvas(this.root.querySelector<HTMLCanvasElement>('#raster')!, plan, Math.min(1000, plan.nSteps * plan.dt_ms) || 1000);
    const sim = new LiveSimulation(plan, workers, (s) => this.onStatus(sim, s), () => new Worker(new URL('./sim-worker.ts', import.meta.url), { type: 'module', name: 'simulation' }));
    this.sim = sim;
    const final = await sim.finished;
    if (this.sim !== sim) return;
    this.raster.update(sim.spikes, final.simulatedMs);
    await this.drawRates(sim);
    await this.drawComparison(sim);
    this.onFinished(sim);
  }

  private onStatus(sim: LiveSimulation, s: LiveStatus): void {
    if (this.sim !== sim) return;
    const running = s.state === 'running' || s.state === 'paused' || s.state === 'building';
    const button = (id: string) => this.root.querySelector<HTMLButtonElement>(`#${id}`)!;
    button('sim-pause').disabled = s.state !== 'running';
    button('sim-continue').disabled = s.state !== 'paused';
    button('sim-stop').disabled = !running;
    const speed = s.wallS > 0 ? ` (${formatNumber(s.simulatedMs / 1000 / s.wallS)} × real time)` : '';
    const status = this.root.querySelector('#sim-status')!;
    status.textContent =
      `${s.state}: ${s.simulatedMs.toFixed(0)} / ${s.totalMs.toFixed(0)} ms simulated in ${s.wallS.toFixed(1)} s${speed}; ` +
      `${s.spikes.toLocaleString('en')} spikes; ${sim.plan.totalNeurons.toLocaleString('en')} neurons, ${s.synapses.toLocaleString('en')} synapses; ` +
      `${s.workers} worker(s)${sim.shared ? ', shared memory' : ' (page not cross-origin isolated)'}${s.message && s.state !== 'running' ? ` — ${s.message}` : ''}`;
    status.setAttribute('data-state', s.state);
    status.setAttribute('data-spikes', String(s.spikes));
    status.setAttribute('data-simulated-ms', String(s.simulatedMs));
    status.setAttribute('data-engine-s', String(s.engineS));
    this.raster?.update(sim.spikes, s.simulatedMs);
    const now = performance.now();
    if (now - this.lastRatesDraw > 700 && s.simulatedMs > 0) {
      this.lastRatesDraw = now;
      void this.drawRates(sim);
    }
  }

  private drawRates(sim: LiveSimulation): Promise<void> {
    const tEnd = Math.max(RATE_BIN_MS, Math.floor(sim.status.simulatedMs / RATE_BIN_MS) * RATE_BIN_MS);
    const series = populationRateSeries(sim, RATE_BIN_MS, tEnd);
    const pops = sim.plan.populations;
    // Many populations: one line per area and E/I class instead of one per population.
    const byGroup = pops.length > 16;
    const groups = new Map<string, { sum: Float64Array; n: number }>();
    pops.forEach((p, k) => {
      const key = byGroup ? `${p.area} ${isInhibitoryPopulation(splitPopulationLabel(p.label).pop) ? 'I' : 'E'}` : p.label;
      const g = groups.get(key) ?? { sum: new Float64Array(series[k].length), n: 0 };
      series[k].forEach((r, b) => (g.sum[b] += r * p.size));
      g.n += p.size;
      groups.set(key, g);
    });
    const values: object[] = [];
    for (const [population, g] of groups) g.sum.forEach((s, b) => values.push({ population, t: (b + 0.5) * RATE_BIN_MS, rate: s / Math.max(1, g.n) }));
    return this.rates.showData('rates', values, {
      width: 400, height: 260,
      data: { name: 'rates' },
      mark: { type: 'line', strokeWidth: 1 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time (ms)' },
        y: { field: 'rate', type: 'quantitative', title: 'rate (spikes/s)' },
        color: { field: 'population', type: 'nominal', legend: groups.size <= 16 ? { columns: 2, labelFontSize: 9 } : null },
        tooltip: [{ field: 'population' }, { field: 't' }, { field: 'rate', format: '.3g' }],
      },
    });
  }

  /** Mean rate of each population after the first 100 ms (or half the run), beside its theory rate. */
  private drawComparison(sim: LiveSimulation): Promise<void> {
    const tEnd = sim.status.simulatedMs;
    const tMin = Math.min(100, tEnd / 2);
    const { plan, spikes } = sim;
    const popOf = new Uint16Array(plan.totalNeurons);
    plan.populations.forEach((p, k) => popOf.fill(k, p.first, p.first + p.size));
    const counts = new Float64Array(plan.populations.length);
    for (let i = 0; i < spikes.count; i++) if (spikes.stamps[i] * plan.dt_ms > tMin) counts[popOf[spikes.ids[i]]]++;
    const values = plan.populations.map((p, k) => ({
      population: p.label,
      simulated: counts[k] / Math.max(1, p.size) / ((tEnd - tMin) / 1000),
      theory: this.theoryRates.get(p.label) ?? NaN,
    }));
    this.root.querySelector('#sim-vs-theory')!.setAttribute('data-comparison', JSON.stringify(values));
    const max = Math.max(1, ...values.flatMap((v) => [v.simulated, v.theory]).filter(Number.isFinite));
    return this.comparison.show({
      width: 300, height: 260,
      layer: [
        { data: { values: [{ a: 0, b: max }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' }, x2: { field: 'b' }, y2: { field: 'b' } } },
        {
          data: { values },
          mark: { type: 'point', filled: true },
          encoding: {
            x: { field: 'theory', type: 'quantitative', title: 'theory (spikes/s)' },
            y: { field: 'simulated', type: 'quantitative', title: 'simulation (spikes/s)' },
            tooltip: [{ field: 'population' }, { field: 'theory', format: '.3g' }, { field: 'simulated', format: '.3g' }],
          },
        },
      ],
    });
  }
}

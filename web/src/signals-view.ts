/**
 * Signals view: LFP (16 contacts), current dipole moment and EEG of a chosen simulated area, computed in
 * the model worker from the live run's spikes with the bundled area kernels; and the kernels themselves.
 */
import { binnedCounts } from '../../analysis/lfp/area-activity.ts';
import { AREA_POPULATIONS, DEFAULT_AREA_KERNEL_SETTINGS } from '../../analysis/lfp/area-kernels.ts';
import { splitPopulationLabel } from '../../multiarea/index.ts';
import type { LiveSimulation } from './live-simulation.ts';
import type { ModelClient } from './model-client.ts';
import type { ExplorerParams } from './protocol.ts';
import type { TopLevelSpec } from 'vega-lite';
import { VegaChart } from './vega-plot.ts';

/** Bins of the plotted signals (ms): the kernels' 0.1 ms, averaged for display. */
const DISPLAY_BIN_MS = 1;

function decimate(values: ArrayLike<number>, factor: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + factor <= values.length; i += factor) {
    let s = 0;
    for (let k = 0; k < factor; k++) s += values[i + k];
    out.push(s / factor);
  }
  return out;
}

/** Potential (mV) over time (or lag) and depth: cells from t to t2 at each contact, diverging colours around 0. */
function laminarSpec(values: object[], xTitle: string): TopLevelSpec {
  return {
    width: 400, height: 260, data: { values }, mark: 'rect',
    encoding: {
      x: { field: 't', type: 'quantitative', title: xTitle },
      x2: { field: 't2' },
      y: { field: 'depth', type: 'ordinal', sort: 'descending', title: 'depth (µm)' },
      color: { field: 'value', type: 'quantitative', scale: { scheme: 'redblue', reverse: true, domainMid: 0 }, title: 'mV' },
    },
  };
}

export class SignalsView {
  private readonly lfp: VegaChart;
  private readonly traces: VegaChart;
  private readonly kernelLfp: VegaChart;
  private readonly kernelDipole: VegaChart;
  sim: LiveSimulation | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly client: ModelClient,
    private readonly params: () => ExplorerParams,
  ) {
    const popOptions = AREA_POPULATIONS.map((p) => `<option>${p}</option>`).join('');
    root.innerHTML = `
      <p class="controls">area <select id="signal-area"></select> <button id="signal-compute">Compute from the run</button> <span id="signal-status">run a simulation first</span></p>
      <div class="grid2">
        <section><h3>LFP (mV) at 16 contacts, 100 µm apart</h3><div id="signal-lfp"></div></section>
        <section><h3>Current dipole moment (nA µm) and EEG (µV)</h3><div id="signal-traces"></div></section>
      </div>
      <p class="controls">kernel of Y <select id="kernel-y">${popOptions}</select> ← X <select id="kernel-x">${popOptions}</select> <span id="kernel-status"></span></p>
      <div class="grid2">
        <section><h3>Unit LFP kernel Y ← X (mV per spike)</h3><div id="kernel-lfp"></div></section>
        <section><h3>Unit dipole kernels Y ← every X (nA µm per spike)</h3><div id="kernel-dipole"></div></section>
      </div>`;
    this.lfp = new VegaChart(root.querySelector('#signal-lfp')!);
    this.traces = new VegaChart(root.querySelector('#signal-traces')!);
    this.kernelLfp = new VegaChart(root.querySelector('#kernel-lfp')!);
    this.kernelDipole = new VegaChart(root.querySelector('#kernel-dipole')!);
    root.querySelector<HTMLButtonElement>('#signal-compute')!.onclick = () => void this.compute();
    for (const id of ['#kernel-y', '#kernel-x']) root.querySelector<HTMLSelectElement>(id)!.onchange = () => void this.showKernels();
  }

  /** A new run: its areas become the choices. */
  setSimulation(sim: LiveSimulation): void {
    this.sim = sim;
    const areas = [...new Set(sim.plan.populations.map((p) => p.area))];
    const select = this.root.querySelector<HTMLSelectElement>('#signal-area')!;
    const keep = select.value;
    select.innerHTML = areas.map((a) => `<option ${a === keep ? 'selected' : ''}>${a}</option>`).join('');
    this.root.querySelector('#signal-status')!.textContent = '';
  }

  async compute(): Promise<void> {
    const status = this.root.querySelector('#signal-status')!;
    const sim = this.sim;
    if (!sim) return void (status.textContent = 'run a simulation first');
    const area = this.root.querySelector<HTMLSelectElement>('#signal-area')!.value;
    const dt = DEFAULT_AREA_KERNEL_SETTINGS.dt;
    const tEnd = Math.floor(sim.status.simulatedMs / DISPLAY_BIN_MS) * DISPLAY_BIN_MS;
    if (tEnd <= 0) return void (status.textContent = 'no simulated time yet');
    const pops = sim.plan.populations.filter((p) => p.area === area);
    const { spikes } = sim;
    const timesMs = Float64Array.from(spikes.stamps.subarray(0, spikes.count), (s) => s * sim.plan.dt_ms);
    const all = binnedCounts({ timesMs, senders: spikes.ids.subarray(0, spikes.count) }, pops, dt, tEnd);
    const counts: Record<string, Float64Array> = {};
    const sizes: Record<string, number> = {};
    for (const p of pops) {
      const { pop } = splitPopulationLabel(p.label);
      counts[pop] = all[p.label];
      sizes[pop] = p.size;
    }
    status.textContent = 'computing…';
    const t0 = performance.now();
    try {
      const { result } = await this.client.request<'signals'>({ type: 'signals', params: this.params(), area, counts, sizes });
      status.textContent = `${area}: ${tEnd} ms in ${(performance.now() - t0).toFixed(0)} ms${result.bundledKernels ? ' (bundled kernels)' : ' (kernels computed for these parameters)'}`;
      status.setAttribute('data-eeg-samples', String(result.eeg.length));
      const factor = Math.round(DISPLAY_BIN_MS / result.dt_ms);
      const nT = result.dipole.length;
      const lfpValues: object[] = [];
      result.contacts_um.forEach((z, c) => decimate(result.lfp.subarray(c * nT, (c + 1) * nT), factor).forEach((v, b) => lfpValues.push({ t: b * DISPLAY_BIN_MS, t2: (b + 1) * DISPLAY_BIN_MS, depth: z, value: v })));
      const traces = [
        ...decimate(result.dipole, factor).map((v, b) => ({ t: b * DISPLAY_BIN_MS, value: v, signal: 'dipole (nA µm)' })),
        ...decimate(result.eeg, factor).map((v, b) => ({ t: b * DISPLAY_BIN_MS, value: v * 1000, signal: 'EEG (µV)' })),
      ];
      await Promise.all([
        this.lfp.show(laminarSpec(lfpValues, 'time (ms)')),
        this.traces.show({
          width: 400, height: 110, data: { values: traces },
          facet: { row: { field: 'signal', type: 'nominal', title: null } },
          spec: { width: 400, height: 110, mark: { type: 'line', strokeWidth: 1 }, encoding: { x: { field: 't', type: 'quantitative', title: 'time (ms)' }, y: { field: 'value', type: 'quantitative', title: null } } },
          resolve: { scale: { y: 'independent' } },
        }),
      ]);
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }

  async showKernels(): Promise<void> {
    const Y = this.root.querySelector<HTMLSelectElement>('#kernel-y')!.value;
    const X = this.root.querySelector<HTMLSelectElement>('#kernel-x')!.value;
    const status = this.root.querySelector('#kernel-status')!;
    try {
      const { view } = await this.client.request<'kernels'>({ type: 'kernels', params: this.params(), pair: `${Y}<-${X}` });
      status.textContent = view.bundled ? 'bundled kernels (data/kernels)' : 'computed for these parameters';
      const dLag = view.lags_ms[1] - view.lags_ms[0];
      const lfp = view.lfp.flatMap((row, c) => row.map((v, k) => ({ t: view.lags_ms[k], t2: view.lags_ms[k] + dLag, depth: view.contacts_um[c], value: v })));
      const dipole = AREA_POPULATIONS.flatMap((x) => view.dipole[`${Y}<-${x}`].map((v, k) => ({ lag: view.lags_ms[k], X: x, value: v })));
      await Promise.all([
        this.kernelLfp.show(laminarSpec(lfp, 'lag (ms)')),
        this.kernelDipole.show({
          width: 400, height: 260, data: { values: dipole }, mark: { type: 'line', strokeWidth: 1 },
          encoding: { x: { field: 'lag', type: 'quantitative', title: 'lag (ms)' }, y: { field: 'value', type: 'quantitative', title: 'nA µm' }, color: { field: 'X', type: 'nominal', sort: [...AREA_POPULATIONS] } },
        }),
      ]);
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }
}

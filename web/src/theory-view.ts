/** Theory view: fixed-point rates per population (model worker), λ_max, and a χ scan for bistability. */
import { splitPopulationLabel } from '../../multiarea/index.ts';
import type { ModelClient } from './model-client.ts';
import type { ExplorerParams, ModelSummary, ScanPoint, TheorySummary } from './protocol.ts';
import { formatNumber, VegaChart } from './vega-plot.ts';

export const SCAN_CHIS = Array.from({ length: 16 }, (_, k) => Math.round((1 + 0.1 * k) * 10) / 10);

export class TheoryView {
  private readonly rates: VegaChart;
  private readonly scan: VegaChart;
  private scanPoints: ScanPoint[] = [];
  private scanning = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly client: ModelClient,
    private readonly params: () => ExplorerParams,
  ) {
    root.innerHTML = `
      <p class="summary"><span id="theory-summary"></span> <span id="theory-stability"></span></p>
      <div class="grid2">
        <section><h3>Mean-field rates (spikes/s), integrated from zero rates</h3><div id="theory-rates"></div></section>
        <section><h3>χ scan of the full-scale network: end states from zero and from random rates (T = 50 ms, dt = 0.01 ms)</h3>
          <p><button id="scan-button">Scan χ from 1.0 to 2.5</button> <span id="scan-status"></span></p>
          <div id="theory-scan"></div></section>
      </div>`;
    this.rates = new VegaChart(root.querySelector('#theory-rates')!);
    this.scan = new VegaChart(root.querySelector('#theory-scan')!);
    root.querySelector<HTMLButtonElement>('#scan-button')!.onclick = () => this.runScan();
  }

  async show(m: ModelSummary, t: TheorySummary): Promise<void> {
    const summary = this.root.querySelector('#theory-summary')!;
    summary.textContent =
      `${t.converged ? `converged (dt = ${t.dt_ms} ms${t.unsettledAtDt_ms !== null ? `; at dt = ${t.unsettledAtDt_ms} ms it did not settle` : ''})` : `not converged (last change ${formatNumber(t.lastChange_Hz)} spikes/s)`}; ` +
      `mean rate ${formatNumber(t.rates.reduce((s, r) => s + r, 0) / t.rates.length)} spikes/s; theory in ${t.theoryMs.toFixed(0)} ms;`;
    summary.setAttribute('data-rates', JSON.stringify(t.rates));
    const stability = this.root.querySelector('#theory-stability')!;
    stability.textContent = 'λ_max: computing…';
    stability.removeAttribute('data-lambda-max');
    const params = this.params();
    void this.client.request<'stability'>({ type: 'stability', params }).then(
      ({ lambdaMax, ms }) => {
        if (JSON.stringify(this.params()) !== JSON.stringify(params)) return;
        stability.textContent = `λ_max = ${formatNumber(lambdaMax)} (${lambdaMax < 1 ? 'stable' : 'unstable'}; largest real part of the gain matrix's eigenvalues, ${ms.toFixed(0)} ms)`;
        stability.setAttribute('data-lambda-max', String(lambdaMax));
      },
      (err) => (stability.textContent = `λ_max: ${(err as Error).message}`),
    );
    await this.rates.showData('rates', m.structureVec.map((label, i) => ({ ...splitPopulationLabel(label), rate: t.rates[i] })), {
      width: 380, height: 420,
      data: { name: 'rates' },
      mark: 'rect',
      encoding: {
        x: { field: 'pop', type: 'nominal', sort: ['23E', '23I', '4E', '4I', '5E', '5I', '6E', '6I'] },
        y: { field: 'area', type: 'nominal', sort: m.areaList, axis: { labelFontSize: 8 } },
        color: { field: 'rate', type: 'quantitative', scale: { type: 'symlog', constant: 0.1, scheme: 'inferno' }, title: 'spikes/s' },
        tooltip: [{ field: 'area' }, { field: 'pop' }, { field: 'rate', format: '.4g', title: 'rate (spikes/s)' }],
      },
    });
  }

  private async runScan(): Promise<void> {
    const run = ++this.scanning;
    this.scanPoints = [];
    const status = this.root.querySelector('#scan-status')!;
    status.textContent = 'scanning…';
    try {
      await this.client.request<'scan-done'>({ type: 'scan', params: this.params(), chis: SCAN_CHIS, runs: 2 }, (p) => {
        if (run !== this.scanning) return;
        this.scanPoints.push(p);
        status.textContent = `χ = ${p.chi}: ${p.fixedPoints.length} fixed point(s)${p.unsettled.length ? `, ${p.unsettled.length} run(s) not settled` : ''}`;
        void this.drawScan();
      });
      if (run === this.scanning) status.textContent = `done: ${this.scanPoints.length} values of χ`;
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  }

  private drawScan(): Promise<void> {
    const STABLE = 'fixed point, stable (λ_max < 1)';
    const UNSTABLE = 'fixed point, unstable';
    const UNSETTLED = 'not settled at T (mean rate at T)';
    const values = this.scanPoints.flatMap((p) => [
      ...p.fixedPoints.map((fp) => ({ chi: p.chi, meanRate: fp.meanRate, runs: fp.runs, lambdaMax: fp.lambdaMax, state: fp.lambdaMax < 1 ? STABLE : UNSTABLE })),
      ...p.unsettled.map((meanRate) => ({ chi: p.chi, meanRate, runs: 1, lambdaMax: NaN, state: UNSETTLED })),
    ]);
    this.root.querySelector('#theory-scan')!.setAttribute('data-points', JSON.stringify(values));
    return this.scan.show({
      width: 380, height: 320,
      data: { values },
      mark: { type: 'point', size: 70 },
      encoding: {
        x: { field: 'chi', type: 'quantitative', title: 'χ (cc_weights_factor)', scale: { domain: [1, 2.5] } },
        y: { field: 'meanRate', type: 'quantitative', scale: { type: 'log' }, title: 'mean rate over populations (spikes/s)' },
        color: { field: 'state', type: 'nominal', scale: { domain: [STABLE, UNSTABLE, UNSETTLED], range: ['#1f77b4', '#d62728', '#ff7f0e'] }, legend: { orient: 'bottom', direction: 'vertical', title: null } },
        shape: { field: 'state', type: 'nominal', scale: { domain: [STABLE, UNSTABLE, UNSETTLED], range: ['circle', 'square', 'triangle-up'] }, legend: null },
        tooltip: [{ field: 'chi' }, { field: 'state' }, { field: 'meanRate', format: '.4g' }, { field: 'runs' }, { field: 'lambdaMax', format: '.4g' }],
      },
    });
  }
}

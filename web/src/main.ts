/**
 * The explorer page: the parameter form, the five views, and the model worker that does the work.
 * A parameter change rebuilds the model and its theory in the worker (the page never blocks).
 */
import { ExportView } from './export-view.ts';
import { ModelClient } from './model-client.ts';
import { ModelView } from './model-view.ts';
import { checkSimulationParams, explorerParams, readForm, renderForm } from './params-form.ts';
import type { ExplorerParams } from './protocol.ts';
import { SignalsView } from './signals-view.ts';
import { SimulationView } from './simulation-view.ts';
import { TheoryView } from './theory-view.ts';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const form = $<HTMLFormElement>('#params');
renderForm(form);
const params = (): ExplorerParams => explorerParams(readForm(form));

const client = new ModelClient();
const modelView = new ModelView($('#view-model'));
const theoryView = new TheoryView($('#view-theory'), client, params);
const simulationView = new SimulationView($('#view-simulation'), client, params);
const signalsView = new SignalsView($('#view-signals'), client, params);
const exportView = new ExportView($('#view-export'), client, params, () => readForm(form));
simulationView.onFinished = (sim) => {
  signalsView.setSimulation(sim);
  exportView.sim = sim;
  void signalsView.compute();
};

for (const tab of document.querySelectorAll<HTMLButtonElement>('#tabs button')) {
  tab.onclick = () => {
    for (const t of document.querySelectorAll('#tabs button')) t.classList.toggle('active', t === tab);
    for (const v of document.querySelectorAll('.view')) v.classList.toggle('active', v.id === `view-${tab.dataset.tab}`);
    if (tab.dataset.tab === 'signals') void signalsView.showKernels();
  };
}

let buildCount = 0;
async function rebuild(): Promise<void> {
  const run = ++buildCount;
  const errors = $('#param-errors');
  const p = params();
  exportView.refresh();
  try {
    checkSimulationParams(p);
  } catch (err) {
    errors.textContent = (err as Error).message;
    return;
  }
  const t0 = performance.now();
  document.body.dataset.building = 'true';
  try {
    const { model, theory } = await client.build(p);
    if (run !== buildCount) return;
    errors.textContent = '';
    simulationView.theoryRates = new Map(model.structureVec.map((l, i) => [l, theory.rates[i]]));
    await Promise.all([modelView.show(model), theoryView.show(model, theory)]);
    document.body.dataset.updateMs = (performance.now() - t0).toFixed(1);
  } catch (err) {
    if (run === buildCount) errors.textContent = (err as Error).message;
  } finally {
    if (run === buildCount) delete document.body.dataset.building;
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
form.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => void rebuild(), 120);
});

const t0 = performance.now();
client
  .init(new URL('.', document.baseURI).href)
  .then(async () => {
    $('#load-status').textContent = `bundled data loaded in ${(performance.now() - t0).toFixed(0)} ms`;
    await rebuild();
    document.body.dataset.ready = String((performance.now() - t0).toFixed(1));
  })
  .catch((err) => ($('#load-status').textContent = `cannot load the bundled data: ${(err as Error).message}`));

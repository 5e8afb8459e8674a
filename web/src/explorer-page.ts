/**
 * The explorer page: the parameter form, the five views, and the model worker that does the work.
 * A parameter change rebuilds the model and its theory in the worker (the page never blocks).
 */
import { ModelClient } from './model-client.ts';
import { checkSimulationParams, explorerParams } from './explorer-params.ts';
import { readForm, renderForm } from './params-form.ts';
import type { ExplorerParams } from './protocol.ts';

// The workers start fetching the bundled data and building at once; the views (and their plotting
// library, the larger part of the page's code) load meanwhile.
const t0 = performance.now();
const client = new ModelClient();
const dataReady = client.init(new URL('.', document.baseURI).href);
const [{ ModelView }, { TheoryView }, { SimulationView }, { SignalsView }, { ExportView }] = await Promise.all([
  import('./model-view.ts'),
  import('./theory-view.ts'),
  import('./simulation-view.ts'),
  import('./signals-view.ts'),
  import('./export-view.ts'),
]);

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const form = $<HTMLFormElement>('#params');
renderForm(form);
const params = (): ExplorerParams => explorerParams(readForm(form));

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

let activeTab = 'model';
/** The last build, and which of the model and theory views show it (the others draw when opened). */
let current: Awaited<ReturnType<typeof client.build>> | null = null;
const drawn = new Set<string>();

async function drawActive(): Promise<void> {
  if (!current || drawn.has(activeTab)) return;
  const { model, theory } = current;
  if (activeTab === 'model') await modelView.show(model);
  else if (activeTab === 'theory') await theoryView.show(model, theory);
  else return;
  drawn.add(activeTab);
}

for (const tab of document.querySelectorAll<HTMLButtonElement>('#tabs button')) {
  tab.onclick = () => {
    activeTab = tab.dataset.tab!;
    for (const t of document.querySelectorAll('#tabs button')) t.classList.toggle('active', t === tab);
    for (const v of document.querySelectorAll('.view')) v.classList.toggle('active', v.id === `view-${activeTab}`);
    if (activeTab === 'signals') void signalsView.showKernels();
    void drawActive();
  };
}

let lastInput = 0;

/** Builds the model and theory of the form's values and draws the open view (or shows why the values are invalid). */
async function buildOnce(): Promise<void> {
  const errors = $('#param-errors');
  const p = params();
  exportView.refresh();
  try {
    checkSimulationParams(p);
  } catch (err) {
    errors.textContent = (err as Error).message;
    return;
  }
  const sent = performance.now();
  try {
    const built = await client.build(p);
    const received = performance.now();
    errors.textContent = '';
    current = built;
    drawn.clear();
    simulationView.theoryRates = new Map(built.model.structureVec.map((l, i) => [l, built.theory.rates[i]]));
    await drawActive();
    // From the parameter change (or the page's start) to the updated view, in ms.
    document.body.dataset.updateMs = (performance.now() - lastInput).toFixed(1);
    document.body.dataset.updateParts = JSON.stringify({ wait: sent - lastInput, worker: received - sent, draw: performance.now() - received });
    document.body.dataset.label = built.model.label;
  } catch (err) {
    errors.textContent = (err as Error).message;
  }
}

/**
 * One build at a time, started at once on a change: changes made while a build runs are coalesced into
 * one more build of the latest values (no debounce, and no stale build queued behind another).
 */
let building = false;
let changedWhileBuilding = false;
async function rebuild(): Promise<void> {
  if (building) {
    changedWhileBuilding = true;
    return;
  }
  building = true;
  document.body.dataset.building = 'true';
  try {
    do {
      changedWhileBuilding = false;
      await buildOnce();
    } while (changedWhileBuilding);
  } finally {
    building = false;
    delete document.body.dataset.building;
  }
}

form.addEventListener('input', () => {
  lastInput = performance.now();
  void rebuild();
});

dataReady
  .then(async () => {
    $('#load-status').textContent = `bundled data loaded in ${(performance.now() - t0).toFixed(0)} ms`;
    await rebuild();
    // Since navigation started: the first view drawn.
    document.body.dataset.ready = performance.now().toFixed(1);
  })
  .catch((err) => ($('#load-status').textContent = `cannot load the bundled data: ${(err as Error).message}`));

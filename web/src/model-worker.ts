/**
 * The page's model worker: builds the model from the form's parameters (validated by the library's own
 * schemas), integrates its mean-field theory, scans the cortico-cortical weight factor chi, and builds the
 * engine's plan of a simulation. Runs the library unchanged (the bundled data through the browser host).
 */
import { ParameterError } from '../../core/index.ts';
import { connectionsCsv, documentToJson, exportDocument, MultiAreaModel, populationsCsv } from '../../multiarea/index.ts';
import { Theory, distinctFixedPoints } from '../../theory/index.ts';
import { buildNetworkDescription } from '../../simulation/network/index.ts';
import { buildPlan } from '../../simulation/engine/plan.ts';
import { resolveSimulationParams } from '../../simulation/simulation-params.ts';
import { loadBundledData } from '../platform/browser-host.ts';
import { networkParamsOf } from './explorer-params.ts';
import { areaSignalsFromCounts, kernelView } from './signals-compute.ts';
import type { ExplorerParams, ModelRequest, ModelResponse, ModelSummary, ScanPoint, TheorySummary } from './protocol.ts';

/** The bundled dataset, fetched once from the page's folder (given by the 'init' message); the kernels when first needed. */
let ready: Promise<unknown> = new Promise(() => {});
let baseUrl = '';
const kernelsReady = () => loadBundledData(baseUrl, { folders: ['data/kernels'] });

let last: { key: string; model: MultiAreaModel; ms: number } | null = null;

/** The model of the form's parameters (the last one is kept: plan, signals and export reuse it). */
function buildModel(params: ExplorerParams): { model: MultiAreaModel; ms: number } {
  const net = networkParamsOf(params);
  const key = JSON.stringify(net);
  if (last?.key !== key) {
    const t0 = performance.now();
    const model = new MultiAreaModel(net);
    last = { key, model, ms: performance.now() - t0 };
  }
  return last;
}

function summarize(model: MultiAreaModel, buildMs: number): ModelSummary {
  const a = model.arrays();
  const n = a.structureVec.length;
  const Ka = model.K_areas;
  return {
    label: model.label,
    areaList: a.areaList,
    structureVec: a.structureVec,
    N: a.N,
    K_areas: a.areaList.map((t) => a.areaList.map((s) => Ka[t][s])),
    K: Float64Array.from({ length: n * n }, (_, k) => a.K[Math.floor(k / n)][k % n]),
    totalNeurons: model.totalNeurons(),
    totalSynapses: model.totalSynapses(),
    buildMs,
  };
}

/** The theory of the last model built, and its end state (the stability request reuses them). */
let lastTheory: { model: MultiAreaModel; theory: Theory; rates: Float64Array } | null = null;

/**
 * The pseudo-time step (ms) tried when the default step does not settle: a coarse step can make the
 * integration oscillate around a stable fixed point (docs/theory.md, "Step size").
 */
const FINE_DT_MS = 0.01;

function theoryOf(model: MultiAreaModel): TheorySummary {
  const t0 = performance.now();
  let theory = Theory.fromModel(model);
  let run = theory.integrateSiegert().runs[0];
  const coarseDt_ms = theory.params.dt;
  let unsettledAtDt_ms: number | null = null;
  if (!run.converged) {
    const fine = Theory.fromModel(model, { dt: FINE_DT_MS });
    const fineRun = fine.integrateSiegert().runs[0];
    if (fineRun.converged) [theory, run, unsettledAtDt_ms] = [fine, fineRun, coarseDt_ms];
  }
  lastTheory = { model, theory, rates: run.final };
  return {
    rates: Array.from(run.final),
    converged: run.converged,
    lastChange_Hz: run.lastChange_Hz,
    dt_ms: theory.params.dt,
    unsettledAtDt_ms,
    theoryMs: performance.now() - t0,
  };
}

/** λ_max at the end state of the model's theory (an eigenvalue problem of 254 x 254: asked for after the rates are shown). */
function lambdaMaxOf(model: MultiAreaModel): number {
  if (lastTheory?.model !== model) theoryOf(model);
  const { theory, rates } = lastTheory!;
  return rates.every(Number.isFinite) ? theory.stability(rates).lambdaMax : NaN;
}

/**
 * Integration of the scan: T (ms) long enough for the low-activity state to settle, at the fine step, because
 * at 0.1 ms the integration oscillates for χ around 1.9 and at 0.02 ms it can end in another basin.
 */
const SCAN_T_MS = 50;
const SCAN_DT_MS = FINE_DT_MS;

/**
 * The distinct end states of the full-scale network's theory at cc_weights_factor = chi (the form's other
 * network parameters, without down-scaling): from zero rates and from `runs` random initial rates.
 */
function scanPoint(params: ExplorerParams, chi: number, runs: number): ScanPoint {
  const { N_scaling: _n, K_scaling: _k, fullscale_rates: _r, ...net } = params.network;
  const cp = { ...((net.connection_params as Record<string, unknown>) ?? {}), cc_weights_factor: chi };
  const model = new MultiAreaModel({ ...net, connection_params: cp });
  const zero = Theory.fromModel(model, { T: SCAN_T_MS, dt: SCAN_DT_MS });
  const random = Theory.fromModel(model, { initial_rates: 'random_uniform', initial_rates_iter: runs, T: SCAN_T_MS, dt: SCAN_DT_MS });
  const trajectories = [...zero.integrateSiegert().runs, ...random.integrateSiegert().runs];
  const states = distinctFixedPoints(trajectories);
  const mean = (rates: ArrayLike<number>) => Array.from(rates).reduce((s, r) => s + r, 0) / rates.length;
  return {
    chi,
    fixedPoints: states.fixedPoints.map((fp) => ({ meanRate: mean(fp.rates), runs: fp.runs.length, lambdaMax: zero.stability(fp.rates).lambdaMax })),
    unsettled: states.unsettled.map((k) => mean(trajectories[k].final)),
  };
}

function describe(err: unknown): string {
  return err instanceof ParameterError || err instanceof Error ? err.message : String(err);
}

self.onmessage = async (event: MessageEvent<ModelRequest>) => {
  const req = event.data;
  const post = (msg: ModelResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);
  try {
    if (req.type === 'init') {
      baseUrl = req.baseUrl;
      ready = loadBundledData(baseUrl, { folders: ['data/multiarea'] });
      await ready;
      post({ id: req.id, type: 'ready' });
      return;
    }
    await ready;
    if (req.type === 'build') {
      const { model, ms } = buildModel(req.params);
      const summary = summarize(model, ms);
      post({ id: req.id, type: 'built', model: summary, theory: theoryOf(model) }, [summary.K.buffer]);
    } else if (req.type === 'scan') {
      for (const chi of req.chis) post({ id: req.id, type: 'scan-point', point: scanPoint(req.params, chi, req.runs) });
      post({ id: req.id, type: 'scan-done' });
    } else if (req.type === 'plan') {
      const { model } = buildModel(req.params);
      const sim = resolveSimulationParams(req.params.simulation);
      const plan = buildPlan(buildNetworkDescription(model, sim), sim);
      post({ id: req.id, type: 'plan', plan, label: model.label });
    } else if (req.type === 'signals') {
      await kernelsReady();
      const result = areaSignalsFromCounts(buildModel(req.params).model, req.area, req.counts, req.sizes);
      post({ id: req.id, type: 'signals', result }, [result.lfp.buffer, result.dipole.buffer, result.eeg.buffer]);
    } else if (req.type === 'stability') {
      const t0 = performance.now();
      const lambdaMax = lambdaMaxOf(buildModel(req.params).model);
      post({ id: req.id, type: 'stability', lambdaMax, ms: performance.now() - t0 });
    } else if (req.type === 'kernels') {
      await kernelsReady();
      post({ id: req.id, type: 'kernels', view: kernelView(buildModel(req.params).model, req.pair) });
    } else if (req.type === 'export') {
      const { model } = buildModel(req.params);
      const doc = exportDocument(model);
      post({ id: req.id, type: 'export', json: documentToJson(doc), connectionsCsv: connectionsCsv(doc), populationsCsv: populationsCsv(doc), label: model.label });
    }
  } catch (err) {
    post({ id: req.id, type: 'error', message: describe(err) });
  }
};

/**
 * Cost model of the engine: memory and wall time of a run from the plan, before anything is built.
 * Work is counted in units whose costs were measured on the reference machine (2-core AMD EPYC VM,
 * Node 20), from CPU profiles of the runs of `npm run bench:sim` (2026-11-30: the neuron step with
 * the two-neuron SIMD kernel, the explicit event with its expansion and delivery at 1 %); memory is counted in bytes
 * per neuron, per stored synapse or count, and per synaptic event in flight (events arriving later,
 * by Little's law: events per second x mean delay).
 *
 * Rates are not known before a run; the estimate assumes `rate_Hz` for every population (the mean
 * rate of the full-scale ground state is ~3.7 spikes/s). On top of that come the spikes of the first
 * step: every neuron whose initial V_m ~ normal(V0_mean, V0_sd) lies at or above threshold fires at
 * once (2.3 % of all neurons with the model's defaults), and all their synaptic events are in flight
 * together.
 */
import { BLOCK_EVENTS, EVENT_BYTES } from './event-buckets.ts';
import { sourcePopulation, type NetworkPlan } from './plan.ts';
import { TABLE_FROM } from './poisson-drive.ts';
import type { ConnectivityMode } from './shard.ts';

/** Measured costs (ns per unit, one core). */
export const COSTS_NS = {
  /** Update of one neuron in one step. */
  neuronStep: 2,
  /** One neuron's Poisson count from a table (lambda >= TABLE_FROM). */
  poissonTableDraw: 4,
  /** One Poisson event drawn per population (lambda < TABLE_FROM). */
  poissonEvent: 5,
  /** One synaptic event: stored (explicit) or redrawn (procedural), queued and delivered. */
  eventExplicit: 25,
  eventProcedural: 25,
  /** Procedural: seeding the stream of one (pathway, source) of a spike. */
  pathwaySeed: 40,
  /** Per step and worker: barrier, bookkeeping. */
  step: 3000,
  /** Build: one per-source count (binomial draw), one explicit synapse. */
  countDraw: 40,
  buildSynapse: 20,
};

/** Bytes per neuron: state, input, spike buffers (local and shared). */
export const NEURON_BYTES = 5 * 8 + 2 * 8 + 4 + 8 + 4;
/** Fixed memory of the process and of each further worker thread (JavaScript heaps, code). */
export const PROCESS_BYTES = 120 * 2 ** 20;
export const WORKER_BYTES = 40 * 2 ** 20;


export interface ResourceEstimate {
  connectivity: ConnectivityMode;
  threads: number;
  rate_Hz: number;
  neurons: number;
  synapses: number;
  /** Synaptic events per second of biological time. */
  eventsPerS: number;
  memory: { neurons: number; connectivity: number; events: number; fixed: number; total: number };
  /** Wall time of the build, of the first steps' burst of spikes, and per second of biological time (s), with all threads busy. */
  buildWall_s: number;
  burstWall_s: number;
  wallPerBio_s: number;
}

/** Work (ns of one core per biological second) of every population as a target: what the split balances. */
export function populationCosts(plan: NetworkPlan, connectivity: ConnectivityMode, rate_Hz: number): Float64Array {
  const steps = 1000 / plan.dt_ms;
  const cost = new Float64Array(plan.populations.length);
  plan.populations.forEach((p, k) => {
    cost[k] = p.size * steps * COSTS_NS.neuronStep + poissonCost(plan, k) * steps;
  });
  const perEvent = connectivity === 'explicit' ? COSTS_NS.eventExplicit : COSTS_NS.eventProcedural;
  for (const pw of plan.pathways) {
    const sources = sourcePopulation(plan, pw.source).size;
    cost[pw.target] += pw.count * rate_Hz * perEvent;
    if (connectivity === 'procedural' && sources > 0) cost[pw.target] += sources * rate_Hz * (1 - Math.exp(-pw.count / sources)) * COSTS_NS.pathwaySeed;
  }
  return cost;
}

/** Cost (ns) of one population's Poisson input in one step. */
function poissonCost(plan: NetworkPlan, pop: number): number {
  const n = plan.populations[pop].size;
  let ns = 0;
  for (const c of plan.poisson[pop]) {
    const lambda = c.rate_Hz * plan.dt_ms * 1e-3;
    ns += lambda >= TABLE_FROM ? n * COSTS_NS.poissonTableDraw : n * lambda * COSTS_NS.poissonEvent;
  }
  return ns;
}

/**
 * `burstShare`: the share of neurons that fire in the first step, P(V0 >= V_th) (the caller has the
 * normal distribution function; 0 = none).
 */
export function estimateResources(plan: NetworkPlan, opts: { connectivity: ConnectivityMode; threads: number; rate_Hz: number; burstShare: number }): ResourceEstimate {
  const { connectivity, threads, rate_Hz } = opts;
  const neurons = plan.totalNeurons;
  let synapses = 0;
  let countEntries = 0;
  let eventsPerS = 0;
  let inFlight = 0;
  let maxDelay_ms = 1;
  for (const pw of plan.pathways) {
    synapses += pw.count;
    countEntries += sourcePopulation(plan, pw.source).size;
    eventsPerS += pw.count * rate_Hz;
    inFlight += pw.count * rate_Hz * pw.delayMean_ms * 1e-3;
    maxDelay_ms = Math.max(maxDelay_ms, pw.delayMean_ms + 6 * pw.delaySd_ms);
  }
  const burstEvents = synapses * opts.burstShare;
  inFlight += burstEvents;
  const slots = Math.ceil(maxDelay_ms / plan.dt_ms);
  // Every step with events holds a partly filled block per worker.
  const events = inFlight * EVENT_BYTES + threads * slots * BLOCK_EVENTS * EVENT_BYTES;
  const counts = countEntries * 2;
  const conn = connectivity === 'explicit' ? synapses * 8 + counts + countEntries * 4 : counts;
  const neuronBytes = neurons * NEURON_BYTES + plan.currents.reduce((s, c) => s + (c?.byteLength ?? 0), 0);
  const fixed = PROCESS_BYTES + (threads - 1) * WORKER_BYTES;
  const memory = { neurons: neuronBytes, connectivity: conn, events, fixed, total: neuronBytes + conn + events + fixed };
  const costs = populationCosts(plan, connectivity, rate_Hz);
  let work = 0;
  for (const c of costs) work += c;
  const steps = 1000 / plan.dt_ms;
  const wallPerBio_s = (work / threads + steps * COSTS_NS.step) * 1e-9;
  const buildWork = countEntries * COSTS_NS.countDraw + (connectivity === 'explicit' ? synapses * COSTS_NS.buildSynapse : 0);
  const perEvent = connectivity === 'explicit' ? COSTS_NS.eventExplicit : COSTS_NS.eventProcedural;
  return {
    connectivity,
    threads,
    rate_Hz,
    neurons,
    synapses,
    eventsPerS,
    memory,
    buildWall_s: (buildWork / threads) * 1e-9,
    burstWall_s: ((burstEvents * perEvent) / threads) * 1e-9,
    wallPerBio_s,
  };
}

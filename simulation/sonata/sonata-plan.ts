/**
 * A SONATA point-neuron circuit as the engine's plan (docs/sonata.md, "Running SONATA circuits on our
 * engine"). Neurons are grouped into engine populations by node population, node type and the inputs
 * they receive (poisson_generator edges with their weight and delay, current clamps), so that every
 * engine population has one parameter set and shares its Poisson channels and input current; nodes
 * keep their order within a population, and populations follow their first node. A circuit written
 * by `mam sonata-export` maps back to its own populations with node id = global neuron id.
 *
 * Recurrent and virtual-node edges are given edges (weights as float32, delays rounded to steps);
 * every poisson_generator edge becomes a Poisson channel of its target's population (NEST gives each
 * target its own train, as the engine draws one per neuron).
 */
import type { SingleNeuronParams } from '../../multiarea/index.ts';
import type { GivenEdges, NetworkPlan, PathwayPlan, PoissonChannel, PopulationPlan, VirtualPopulationPlan } from '../engine/plan.ts';
import { delayToSteps } from '../network/delay-rule.ts';
import { stepsPerMs } from './time-grid.ts';
import type { EdgeTable, NodeTable } from './circuit-tables.ts';
import { edgeTypeDefaults, generatorRate, neuronParams, nodeKind, readDynamicsParams, type NeuronTypeParams, type NodeKind } from './node-models.ts';
import type { CurrentInput, SpikeInput } from './sonata-inputs.ts';

export interface SonataCircuit {
  nodes: NodeTable[];
  edges: EdgeTable[];
  components: Record<string, string>;
  currents: CurrentInput[];
  spikes: SpikeInput[];
}

export interface SonataPlan {
  plan: NetworkPlan;
  /** Per global neuron id: node population (index into nodes) and node id. */
  nodePopulationOfGid: Int32Array;
  nodeIdOfGid: Int32Array;
}

export function sonataPlan(c: SonataCircuit, run: { dt_ms: number; tstop_ms: number; seed: number; runaway: NetworkPlan['runaway'] }): SonataPlan {
  const { dt_ms } = run;
  const perMs = stepsPerMs(dt_ms);
  const nSteps = Math.round(run.tstop_ms * perMs);
  const neuronDir = c.components.point_neuron_models_dir;
  const synapseDir = c.components.synaptic_models_dir;
  // Per node type (of those used), kind and parameters; then each node's kind from its type.
  const typeParams = c.nodes.map((n) => {
    const out = new Map<number, { kind: NodeKind; neuron?: NeuronTypeParams; rate?: number }>();
    const used = new Set(n.typeIds);
    for (const [id, type] of n.types) {
      if (!used.has(id)) continue;
      const kind = nodeKind(type, id, n.typesFile);
      const where = `${n.typesFile}: node type ${id}`;
      const dyn = kind === 'virtual' ? null : readDynamicsParams(type.dynamics_params, neuronDir, where);
      out.set(id, { kind, neuron: kind === 'neuron' ? neuronParams(dyn, where, type.model_template) : undefined, rate: kind === 'generator' ? generatorRate(dyn, where) : undefined });
    }
    return out;
  });
  const kinds = c.nodes.map((n, p) => Array.from(n.typeIds, (id) => typeParams[p].get(id)!.kind));
  c.nodes.forEach((n) => {
    for (const name of Object.keys(n.dynamics)) if (name !== 'V_m') throw new Error(`nodes file ${n.file}: population ${n.population}: per-node dynamics_params/${name} is not supported (only V_m); give it in the node type's dynamics_params`);
  });

  // Poisson generator edges onto each neuron: "generator:weight:delaySteps" entries (kept per node, in edge order).
  const channelsOf = c.nodes.map((n) => new Map<number, string[]>());
  const popIndex = new Map(c.nodes.map((n, i) => [n.population, i]));
  const popOf = (name: string, where: string) => {
    const p = popIndex.get(name);
    if (p === undefined) throw new Error(`${where}: node population ${name} is not in the circuit's nodes files`);
    return p;
  };
  interface EdgeValues { weight: Float64Array; delaySteps: Int32Array; sourcePop: number; targetPop: number }
  const edgeValues: EdgeValues[] = c.edges.map((e) => {
    const where = `edges file ${e.file}: population ${e.population}`;
    const sourcePop = popOf(e.sourcePopulation, where);
    const targetPop = popOf(e.targetPopulation, where);
    const defaults = new Map([...new Set(e.typeIds)].map((id) => [id, edgeTypeDefaults(e.types.get(id)!, id, e.typesFile, synapseDir)]));
    const E = e.source.length;
    const weight = new Float64Array(E);
    const delaySteps = new Int32Array(E);
    for (let i = 0; i < E; i++) {
      const d = defaults.get(e.typeIds[i])!;
      const w = e.columns.syn_weight ? e.columns.syn_weight[i] : d.syn_weight;
      const delay = e.columns.delay ? e.columns.delay[i] : d.delay;
      if (w === null) throw new Error(`${where}: edge ${i} has no syn_weight (neither a group column nor an edge type column of ${e.typesFile})`);
      if (delay === null) throw new Error(`${where}: edge ${i} has no delay (group column, edge type column or synapse dynamics_params)`);
      weight[i] = (e.columns.nsyns ? e.columns.nsyns[i] : d.nsyns) * w;
      delaySteps[i] = delayToSteps(`${where}: edge ${i}`, delay, dt_ms);
      const s = e.source[i];
      const t = e.target[i];
      if (!(s < c.nodes[sourcePop].count)) throw new Error(`${where}: edge ${i} has source node ${s}; population ${e.sourcePopulation} has ${c.nodes[sourcePop].count} nodes`);
      if (!(t < c.nodes[targetPop].count)) throw new Error(`${where}: edge ${i} has target node ${t}; population ${e.targetPopulation} has ${c.nodes[targetPop].count} nodes`);
      if (kinds[targetPop][t] !== 'neuron') throw new Error(`${where}: edge ${i} targets node ${t} of ${e.targetPopulation}, a ${kinds[targetPop][t]} node; edges must end on neurons`);
      if (kinds[sourcePop][s] === 'generator') {
        const list = channelsOf[targetPop].get(t) ?? [];
        list.push(`${sourcePop}:${s}:${weight[i]}:${delaySteps[i]}`);
        channelsOf[targetPop].set(t, list);
      }
    }
    return { weight, delaySteps, sourcePop, targetPop };
  });

  // Engine populations: neurons of equal (population, type, generator channels, current inputs).
  const classOf = c.nodes.map((n) => new Int32Array(n.count).fill(-1));
  const classes: { pop: number; type: number; channels: string[]; currents: number[]; nodes: number[] }[] = [];
  const bySignature = new Map<string, number>();
  c.nodes.forEach((n, p) => {
    for (let i = 0; i < n.count; i++) {
      if (kinds[p][i] !== 'neuron') continue;
      const channels = channelsOf[p].get(i) ?? [];
      const currents = c.currents.flatMap((x, k) => (x.targets.get(p)?.[i] ? [k] : []));
      const key = `${p}|${n.typeIds[i]}|${channels.join(',')}|${currents.join(',')}`;
      let k = bySignature.get(key);
      if (k === undefined) {
        k = classes.length;
        bySignature.set(key, k);
        classes.push({ pop: p, type: n.typeIds[i], channels, currents, nodes: [] });
      }
      classes[k].nodes.push(i);
      classOf[p][i] = k;
    }
  });
  if (classes.length > 65535) throw new Error(`circuit: ${classes.length} groups of neurons with different inputs; at most 65535 are supported`);

  // Global ids: classes one after the other, then the virtual nodes.
  const gidOf = c.nodes.map((n) => new Int32Array(n.count).fill(-1));
  let next = 0;
  const groupsOfType = new Map<string, number>();
  for (const k of classes) groupsOfType.set(`${k.pop}|${k.type}`, (groupsOfType.get(`${k.pop}|${k.type}`) ?? 0) + 1);
  const populations: PopulationPlan[] = classes.map((k, index) => {
    const n = c.nodes[k.pop];
    const params = typeParams[k.pop].get(k.type)!.neuron!;
    const first = next;
    for (const i of k.nodes) gidOf[k.pop][i] = next++;
    const typeName = n.types.get(k.type)!.pop_name ?? `type${k.type}`;
    const label = groupsOfType.get(`${k.pop}|${k.type}`)! > 1 ? `${n.population}-${typeName}-${index}` : `${n.population}-${typeName}`;
    const alpha = params.model === 'iaf_psc_alpha' ? { model: params.model, V_min_mV: params.V_min } : {};
    return { label, area: n.population, matrixIndex: index, first, size: k.nodes.length, I_e_pA: params.I_e, recordSpikes: true, nVm: 0, neuron: params.neuron, ...alpha };
  });
  const totalNeurons = next;
  const nodePopulationOfGid = new Int32Array(totalNeurons);
  const nodeIdOfGid = new Int32Array(totalNeurons);
  classes.forEach((k, index) => k.nodes.forEach((i, j) => ((nodePopulationOfGid[populations[index].first + j] = k.pop), (nodeIdOfGid[populations[index].first + j] = i))));
  const initialVm_mV = new Float64Array(totalNeurons);
  classes.forEach((k, index) => {
    const vm = c.nodes[k.pop].dynamics.V_m;
    const typeVm = typeParams[k.pop].get(k.type)!.neuron!.V_m;
    k.nodes.forEach((i, j) => (initialVm_mV[populations[index].first + j] = vm ? vm[i] : typeVm));
  });
  const virtualPopulations: VirtualPopulationPlan[] = [];
  const virtualIndexOfPop = new Int32Array(c.nodes.length).fill(-1);
  c.nodes.forEach((n, p) => {
    if (!kinds[p].includes('virtual')) return;
    virtualIndexOfPop[p] = virtualPopulations.length;
    virtualPopulations.push({ label: n.population, first: next, size: n.count });
    for (let i = 0; i < n.count; i++) if (kinds[p][i] === 'virtual') gidOf[p][i] = next + i;
    next += n.count;
  });

  // Given edges: grouped by (target class, source class or virtual population), sources ascending, file order within.
  const P = populations.length;
  const sourceKey = (pop: number, node: number) => (kinds[pop][node] === 'neuron' ? classOf[pop][node] : P + virtualIndexOfPop[pop]);
  const groups = new Map<number, number[][]>();
  edgeValues.forEach((v, f) => {
    const e = c.edges[f];
    for (let i = 0; i < e.source.length; i++) {
      if (kinds[v.sourcePop][e.source[i]] === 'generator') continue;
      const key = classOf[v.targetPop][e.target[i]] * (P + virtualPopulations.length) + sourceKey(v.sourcePop, e.source[i]);
      const list = groups.get(key) ?? [];
      list.push([f, i]);
      groups.set(key, list);
    }
  });
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const count = keys.reduce((s, k) => s + groups.get(k)!.length, 0);
  const edges: GivenEdges = { source: new Int32Array(count), target: new Int32Array(count), weight_pA: new Float32Array(count), delaySteps: new Int32Array(count) };
  const pathways: PathwayPlan[] = [];
  let at = 0;
  for (const key of keys) {
    const list = groups.get(key)!;
    const gidSource = ([f, i]: number[]) => gidOf[edgeValues[f].sourcePop][c.edges[f].source[i]];
    list.sort((a, b) => gidSource(a) - gidSource(b) || a[0] - b[0] || a[1] - b[1]);
    const start = at;
    let sum = 0;
    for (const [f, i] of list) {
      const v = edgeValues[f];
      edges.source[at] = gidSource([f, i]);
      edges.target[at] = gidOf[v.targetPop][c.edges[f].target[i]];
      edges.weight_pA[at] = v.weight[i];
      edges.delaySteps[at] = v.delaySteps[i];
      sum += v.delaySteps[i];
      at++;
    }
    const W = P + virtualPopulations.length;
    pathways.push({ target: Math.floor(key / W), source: key % W, key: -1, count: list.length, weightMean_pA: 0, weightSd_pA: 0, weightMin_pA: -Infinity, weightMax_pA: Infinity, delayMean_ms: (sum / list.length) * dt_ms, delaySd_ms: 0, given: { edgeStart: start } });
  }

  // Poisson channels (generator order as in the edges), currents per class, virtual spikes.
  const poisson: PoissonChannel[][] = classes.map((k) =>
    k.channels.map((ch) => {
      const [gp, g, w, d] = ch.split(':').map(Number);
      return { rate_Hz: typeParams[gp].get(c.nodes[gp].typeIds[g])!.rate!, weight_pA: w, delaySteps: d };
    }),
  );
  const currents = classes.map((k) => {
    if (k.currents.length === 0) return null;
    const cur = new Float64Array(nSteps);
    for (const x of k.currents.map((j) => c.currents[j])) {
      // step_current_generator connected with delay dt: the value set at time T arrives in step T / dt.
      for (let j = 0; j < x.times_ms.length; j++) {
        const from = Math.round(x.times_ms[j] * perMs);
        const to = j + 1 < x.times_ms.length ? Math.round(x.times_ms[j + 1] * perMs) : nSteps;
        for (let t = Math.max(0, from); t < Math.min(to, nSteps); t++) cur[t] += x.amplitudes_pA[j];
      }
    }
    return cur;
  });
  const virtualSpikes = virtualPopulations.length > 0 ? collectVirtualSpikes(c, gidOf, kinds, dt_ms, nSteps) : undefined;
  const common: SingleNeuronParams = populations[0]?.neuron ?? neuronParams(null, 'defaults').neuron;
  const plan: NetworkPlan = {
    dt_ms,
    nSteps,
    seed: run.seed,
    neuron: common,
    V0_mean_mV: NaN,
    V0_sd_mV: NaN,
    initialVm_mV,
    populations,
    totalNeurons,
    pathways,
    virtualPopulations,
    virtualSpikes,
    edges,
    poisson,
    currents,
    vm: { startStep: 0, stopStep: 0, intervalSteps: 1 },
    spikeStartStep: 0,
    runaway: run.runaway,
  };
  return { plan, nodePopulationOfGid, nodeIdOfGid };
}

/** Spikes of the virtual nodes by emission step: a spike at time s arrives at s + delay, as a neuron's spike of step ceil(s / dt) - 1. */
function collectVirtualSpikes(c: SonataCircuit, gidOf: Int32Array[], kinds: NodeKind[][], dt_ms: number, nSteps: number) {
  const pairs: number[] = [];
  for (const x of c.spikes) {
    const where = `input ${x.name}`;
    const n = c.nodes[x.population];
    for (let k = 0; k < x.nodeIds.length; k++) {
      const id = x.nodeIds[k];
      const t = x.timesMs[k];
      if (!(Number.isInteger(id) && id >= 0 && id < n.count) || kinds[x.population][id] !== 'virtual') throw new Error(`${where}: spike ${k} of node ${id}, which is not a virtual node of population ${n.population}`);
      if (!(t > 0)) throw new Error(`${where}: spike ${k} of node ${id} at ${t} ms; spike times must be > 0 (NEST and BMTK refuse others)`);
      const stamp = Math.ceil(t / dt_ms - 1e-9);
      if (stamp - 1 < nSteps) pairs.push(stamp - 1, gidOf[x.population][id]);
    }
  }
  const order = Array.from({ length: pairs.length / 2 }, (_, i) => i).sort((a, b) => pairs[2 * a] - pairs[2 * b] || pairs[2 * a + 1] - pairs[2 * b + 1]);
  const stepStart = new Int32Array(nSteps + 1);
  const gid = new Int32Array(order.length);
  order.forEach((i, k) => {
    stepStart[pairs[2 * i] + 1]++;
    gid[k] = pairs[2 * i + 1];
  });
  for (let t = 0; t < nSteps; t++) stepStart[t + 1] += stepStart[t];
  return { stepStart, gid };
}

/**
 * The content of a SONATA circuit for BMTK PointNet, computed (no files) from the one network
 * description and the engine's plan, so that the circuit is the network our engine simulates:
 *
 * - neurons: one node per engine neuron (node id = global neuron id), one node type per population
 *   with NEST's iaf_psc_exp parameters (I_e included) and per-node initial V_m from the engine's
 *   random streams (the same values the engine starts from);
 * - recurrent edges: the engine's synapses themselves (drawNetworkSynapses: the same sources, targets,
 *   float32 weights and delays in whole steps as the engine with any thread count);
 * - Poisson input (external drive and replaced Poisson input): one poisson_generator node per input of
 *   the description, connected to every neuron of its target population. NEST gives every target of a
 *   poisson_generator its own independent train, as the engine draws one per neuron;
 * - replaced input of kind 'current': a step current per input, as BMTK's IClamp input (csv) takes it,
 *   with the connection weight and delay folded into amplitudes and times.
 */
import { isInhibitoryPopulation } from '../../multiarea/index.ts';
import { buildPlan, type NetworkPlan } from '../engine/plan.ts';
import { drawNetworkSynapses, initialMembranePotentials, type NetworkSynapses } from '../engine/network-synapses.ts';
import type { NetworkDescription } from '../network/network-types.ts';
import type { SimulationParams } from '../simulation-params.ts';
import { stepsPerMs } from './time-grid.ts';

export interface NeuronNodeType {
  node_type_id: number;
  /** "area-pop". */
  label: string;
  area: string;
  pop: string;
  /** Layer name ('23', '4', ...) and 'e' / 'i'. */
  layer: string;
  ei: 'e' | 'i';
  /** First node id and number of nodes. */
  first: number;
  size: number;
  /** NEST iaf_psc_exp parameters (mV, pF, ms, pA), the dynamics_params of the node type. */
  dynamics: Record<string, number>;
}

export interface PoissonGeneratorNode {
  /** Node id in the input population (= its node type id). */
  node_id: number;
  /** 'external' or the replaced source population. */
  source: string;
  target: string;
  rate_hz: number;
  weight_pA: number;
  delay_ms: number;
}

export interface StepCurrentInput {
  /** Name of the input in simulation_config.json. */
  name: string;
  source: string;
  target: string;
  /** Times (ms) from which each amplitude holds, as they act with BMTK's IClamp delay of one step. */
  times_ms: Float64Array;
  /** Amplitudes (pA) after the connection weight. */
  amplitudes_pA: Float64Array;
}

export interface CircuitContent {
  dt_ms: number;
  /** Neuron node types (model order) and their total node count. */
  nodeTypes: NeuronNodeType[];
  nodeCount: number;
  /** Initial membrane potential of every node (mV). */
  initialVm: Float64Array;
  /** Population index of every node. */
  populationOfNode: Int32Array;
  /** Recurrent projections; the edge type id is the index. */
  projections: { target: string; source: string; synapses: number }[];
  /** Edge type of the pair (target population index x populations + source population index), -1 if none. */
  edgeTypeOfPair: Int32Array;
  synapses: NetworkSynapses;
  generators: PoissonGeneratorNode[];
  /** Edges from the generators: the sum of their target population sizes. */
  inputEdgeCount: number;
  currents: StepCurrentInput[];
  plan: NetworkPlan;
}

/** The recurrent edges and input edges of a description, without building anything. */
export function countEdges(net: NetworkDescription): { recurrent: number; input: number; nodes: number } {
  const size = new Map(net.populations.map((p) => [p.label, p.size]));
  const poisson = [...net.external_input.inputs, ...net.replaced_input.inputs.filter((x) => x.kind === 'poisson')];
  return {
    recurrent: net.projections.reduce((s, p) => s + p.synapses, 0),
    input: poisson.reduce((s, x) => s + (size.get(x.target) ?? 0), 0),
    nodes: net.populations.reduce((s, p) => s + p.size, 0),
  };
}

function stepCurrent(net: NetworkDescription, x: NetworkDescription['replaced_input']['inputs'][number], sim: SimulationParams, index: number): StepCurrentInput {
  const values = net.series[x.series_file!];
  if (!values) throw new Error(`network description: no values of time series ${x.series_file} (replaced input ${x.target} <- ${x.source})`);
  const scale = x.amplitude_scale ?? x.K * 1e-3;
  const dt = sim.dt;
  const k = stepsPerMs(dt);
  // NEST (run_nest.py): amplitude j from dt + j ms, arriving delay_ms later. BMTK's IClamp connects with
  // delay dt, so the same current arrives when its times are j + delay_ms.
  const delaySteps = Math.round(x.delay_ms * k);
  if (delaySteps < 2) {
    throw new Error(`replaced input ${x.target} <- ${x.source}: delay ${x.delay_ms} ms; a step current for BMTK needs a delay of at least 2 dt = ${2 * dt} ms (BMTK drops IClamp values at t <= dt)`);
  }
  const times = Float64Array.from(values, (_, j) => (j * k + delaySteps) / k);
  const amplitudes = Float64Array.from(values, (r) => scale * r * x.weight_pA);
  return { name: `replaced_current_${index}`, source: x.source, target: x.target, times_ms: times, amplitudes_pA: amplitudes };
}

/** Everything a circuit file holds, for `net` simulated with `sim`. Builds the full synapse table (8 bytes per synapse). */
export function buildCircuitContent(net: NetworkDescription, sim: SimulationParams): CircuitContent {
  const plan = buildPlan(net, sim);
  const P = net.populations.length;
  const nodeTypes: NeuronNodeType[] = net.populations.map((p, i) => ({
    node_type_id: i,
    label: p.label,
    area: p.area,
    pop: p.pop,
    layer: p.pop.replace(/[EI]$/, '') || 'NA',
    ei: isInhibitoryPopulation(p.pop) ? 'i' : 'e',
    first: plan.populations[i].first,
    size: p.size,
    dynamics: { ...net.neuron_params, I_e: p.I_e_pA, V_m: net.V0.mean_mV },
  }));
  const populationOfNode = new Int32Array(plan.totalNeurons);
  plan.populations.forEach((p, i) => populationOfNode.fill(i, p.first, p.first + p.size));
  const edgeTypeOfPair = new Int32Array(P * P).fill(-1);
  plan.pathways.forEach((pw, e) => (edgeTypeOfPair[pw.target * P + pw.source] = e));

  const generators: PoissonGeneratorNode[] = [];
  const size = new Map(net.populations.map((p) => [p.label, p.size]));
  let inputEdgeCount = 0;
  const addGenerator = (source: string, target: string, rate_hz: number, weight_pA: number, delay_ms: number) => {
    generators.push({ node_id: generators.length, source, target, rate_hz, weight_pA, delay_ms });
    inputEdgeCount += size.get(target) ?? 0;
  };
  for (const x of net.external_input.inputs) addGenerator('external', x.target, x.rate_hz, x.weight_pA, x.delay_ms);
  const currents: StepCurrentInput[] = [];
  for (const x of net.replaced_input.inputs) {
    if (x.kind === 'poisson') addGenerator(x.source, x.target, x.rate_hz!, x.weight_pA, x.delay_ms);
    else currents.push(stepCurrent(net, x, sim, currents.length));
  }

  const synapses = drawNetworkSynapses(plan);
  return {
    dt_ms: sim.dt,
    nodeTypes,
    nodeCount: plan.totalNeurons,
    initialVm: initialMembranePotentials(plan),
    populationOfNode,
    projections: net.projections.map((p) => ({ target: p.target, source: p.source, synapses: p.synapses })),
    edgeTypeOfPair,
    synapses,
    generators,
    inputEdgeCount,
    currents,
    plan,
  };
}

/**
 * `exportSonataCircuit`: a network and its simulation parameters as a SONATA circuit and simulation
 * that BMTK PointNet runs on NEST (docs/sonata.md). The folder is written under a temporary name,
 * validated against the SONATA layout (circuit-validate.ts), then renamed: it appears complete or
 * not at all. Networks whose explicit edge list would exceed `maxBytes` are refused before anything
 * is built.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { writeFolderAtomic } from '../../core/index.ts';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetworkSource } from '../../multiarea/index.ts';
import { buildNetworkDescription, type NetworkBuildOptions } from '../network/build-network.ts';
import { resolveSimulationParams, simulationLabel } from '../simulation-params.ts';
import { buildCircuitContent, countEdges, type CircuitContent } from './circuit-build.ts';
import { stepsPerMs } from './time-grid.ts';
import { circuitConfig, circuitFileNames, nodeSets, simulationConfig, type CircuitFileNames } from './circuit-config.ts';
import { perEdge, writeEdgesFile, writeNodesFile, writeTypesCsv } from './circuit-files.ts';
import { validateSonataCircuit } from './circuit-validate.ts';
import { DEFAULT_POPULATION } from './sonata-format.ts';

/** run_pointnet.py: runs an exported folder with BMTK PointNet (copied into it). */
export const POINTNET_RUNNER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python', 'run_pointnet.py');

/** Default limit of the files written: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 * 2 ** 30;

/** Bytes per edge: ids, type, group, weight, delay (52) plus about 16 for the two indices. */
const BYTES_PER_EDGE = 68;
/** Bytes per node: type, id, group, V_m (32) plus two index rows (32). */
const BYTES_PER_NODE = 64;

export interface SonataExportOptions extends NetworkBuildOptions {
  /** Node population name (default 'multiarea'); the input population is '<name>_input'. */
  name?: string;
  /** Replace an existing non-empty outDir (default: error). */
  overwrite?: boolean;
  /** Refuse circuits whose files would exceed this estimate (bytes; default 2 GiB). */
  maxBytes?: number;
}

export interface SonataExportResult {
  dir: string;
  name: string;
  nodes: number;
  edges: number;
  inputNodes: number;
  inputEdges: number;
  currentInputs: number;
  /** Estimated and written size (bytes). */
  estimatedBytes: number;
  bytes: number;
  files: string[];
}

/** A size in MiB or GiB, for messages. */
export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}

/** Estimated size (bytes) of the circuit files of a network with these counts. */
export function estimateCircuitBytes(counts: { recurrent: number; input: number; nodes: number }): number {
  return BYTES_PER_EDGE * (counts.recurrent + counts.input) + BYTES_PER_NODE * counts.nodes;
}

function folderBytes(dir: string): { bytes: number; files: string[] } {
  let bytes = 0;
  const files: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      const r = rel ? `${rel}/${f}` : f;
      if (statSync(p).isDirectory()) walk(p, r);
      else {
        bytes += statSync(p).size;
        files.push(r);
      }
    }
  };
  walk(dir, '');
  return { bytes, files };
}

async function writeNeurons(dir: string, files: CircuitFileNames, name: string, c: CircuitContent): Promise<void> {
  const typeOf = new Int32Array(c.nodeCount);
  c.nodeTypes.forEach((t) => typeOf.fill(t.node_type_id, t.first, t.first + t.size));
  await writeNodesFile(join(dir, files.nodes), {
    population: name,
    count: c.nodeCount,
    nodeTypeId: (a, b) => typeOf.subarray(a, b),
    groupDatasets: { 'dynamics_params/V_m': { dtype: 'float64', fill: (a, b) => c.initialVm.subarray(a, b) } },
  });
  writeTypesCsv(
    join(dir, files.nodeTypes),
    ['node_type_id', 'population', 'model_type', 'model_template', 'dynamics_params', 'pop_name', 'area', 'layer', 'ei'],
    c.nodeTypes.map((t) => ({ node_type_id: t.node_type_id, population: name, model_type: 'point_neuron', model_template: 'nest:iaf_psc_exp', dynamics_params: `${t.label}.json`, pop_name: t.label, area: t.area, layer: t.layer, ei: t.ei })),
  );
  for (const t of c.nodeTypes) writeFileSync(join(dir, files.neuronModelsDir, `${t.label}.json`), JSON.stringify(t.dynamics, null, 1) + '\n');

  const { source, target, weight_pA, delaySteps } = c.synapses;
  const P = c.nodeTypes.length;
  const k = stepsPerMs(c.dt_ms);
  await writeEdgesFile(join(dir, files.edges), {
    population: `${name}_to_${name}`,
    sourcePopulation: name,
    targetPopulation: name,
    sourceNodeCount: c.nodeCount,
    targetNodeCount: c.nodeCount,
    source,
    target,
    edgeTypeId: perEdge((i) => c.edgeTypeOfPair[c.populationOfNode[target[i]] * P + c.populationOfNode[source[i]]]),
    groupDatasets: {
      syn_weight: { dtype: 'float64', fill: (a, b) => weight_pA.subarray(a, b), units: 'pA' },
      delay: { dtype: 'float64', fill: perEdge((i) => delaySteps[i] / k), units: 'ms' },
    },
  });
  writeTypesCsv(
    join(dir, files.edgeTypes),
    ['edge_type_id', 'model_template', 'dynamics_params', 'target_pop', 'source_pop'],
    c.projections.map((p, i) => ({ edge_type_id: i, model_template: 'static_synapse', dynamics_params: files.staticSynapse, target_pop: p.target, source_pop: p.source })),
  );
}

async function writeInputs(dir: string, files: CircuitFileNames, name: string, inputName: string, c: CircuitContent): Promise<void> {
  const G = c.generators.length;
  await writeNodesFile(join(dir, files.inputNodes), {
    population: inputName,
    count: G,
    nodeTypeId: (a, b) => Float64Array.from({ length: b - a }, (_, i) => a + i),
    groupDatasets: {},
  });
  writeTypesCsv(
    join(dir, files.inputNodeTypes),
    ['node_type_id', 'population', 'model_type', 'model_template', 'dynamics_params', 'source', 'target', 'rate_hz'],
    c.generators.map((g) => ({ node_type_id: g.node_id, population: inputName, model_type: 'point_neuron', model_template: 'nest:poisson_generator', dynamics_params: `input_${g.node_id}.json`, source: g.source, target: g.target, rate_hz: g.rate_hz })),
  );
  for (const g of c.generators) writeFileSync(join(dir, files.neuronModelsDir, `input_${g.node_id}.json`), JSON.stringify({ rate: g.rate_hz }) + '\n');

  const byLabel = new Map(c.nodeTypes.map((t) => [t.label, t]));
  const source = new Uint32Array(c.inputEdgeCount);
  const target = new Uint32Array(c.inputEdgeCount);
  const weight = new Float64Array(c.inputEdgeCount);
  const delay = new Float64Array(c.inputEdgeCount);
  let e = 0;
  for (const g of c.generators) {
    const t = byLabel.get(g.target)!;
    for (let j = 0; j < t.size; j++, e++) {
      source[e] = g.node_id;
      target[e] = t.first + j;
      weight[e] = g.weight_pA;
      delay[e] = g.delay_ms;
    }
  }
  await writeEdgesFile(join(dir, files.inputEdges), {
    population: `${inputName}_to_${name}`,
    sourcePopulation: inputName,
    targetPopulation: name,
    sourceNodeCount: G,
    targetNodeCount: c.nodeCount,
    source,
    target,
    edgeTypeId: (a, b) => source.subarray(a, b),
    groupDatasets: {
      syn_weight: { dtype: 'float64', fill: (a, b) => weight.subarray(a, b), units: 'pA' },
      delay: { dtype: 'float64', fill: (a, b) => delay.subarray(a, b), units: 'ms' },
    },
  });
  writeTypesCsv(
    join(dir, files.inputEdgeTypes),
    ['edge_type_id', 'model_template', 'dynamics_params', 'source', 'target'],
    c.generators.map((g) => ({ edge_type_id: g.node_id, model_template: 'static_synapse', dynamics_params: files.staticSynapse, source: g.source, target: g.target })),
  );
}

function writeCurrents(dir: string, files: CircuitFileNames, c: CircuitContent): string[] {
  return c.currents.map((cur) => {
    const rel = `${files.inputsDir}/${cur.name}.csv`;
    const lines = ['timestamps amps'];
    for (let j = 0; j < cur.times_ms.length; j++) lines.push(`${cur.times_ms[j]} ${cur.amplitudes_pA[j]}`);
    writeFileSync(join(dir, rel), lines.join('\n') + '\n');
    return rel;
  });
}

/**
 * Writes the SONATA circuit of `network` simulated with `simParams` (custom simulation parameters in
 * upstream nesting, or resolved ones) to `outDir`.
 */
export async function exportSonataCircuit(network: NetworkSource, simParams: unknown, outDir: string, options: SonataExportOptions = {}): Promise<SonataExportResult> {
  const name = options.name ?? DEFAULT_POPULATION;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`name: got '${name}'; expected letters, digits and _ (starting with a letter)`);
  const inputName = `${name}_input`;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const sim = resolveSimulationParams(simParams);
  const net = buildNetworkDescription(network, sim, options);
  const counts = countEdges(net);
  const estimatedBytes = estimateCircuitBytes(counts);
  if (estimatedBytes > maxBytes) {
    throw new Error(
      `network too large for explicit SONATA edges: ${counts.recurrent} synapses and ${counts.input} input edges would write about ` +
        `${formatBytes(estimatedBytes)} (limit ${formatBytes(maxBytes)}; raise it with --max-size, or reduce N_scaling/K_scaling or areas_simulated)`,
    );
  }
  const dir = resolve(outDir);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) && !options.overwrite) {
    throw new Error(`outDir: ${dir} exists and is not empty; expected a new or empty folder (or overwrite: true / --force)`);
  }
  const content = buildCircuitContent(net, sim);
  const files = circuitFileNames(name, inputName);
  const hasInputs = content.generators.length > 0;
  const hasVmReport = sim.recording_dict.record_vm && net.populations.some((p) => p.n_record_vm > 0);

  await writeFolderAtomic(dir, async (tmp) => {
    for (const sub of ['network', files.neuronModelsDir, files.synapseModelsDir, files.inputsDir]) mkdirSync(join(tmp, sub), { recursive: true });
    await writeNeurons(tmp, files, name, content);
    if (hasInputs) await writeInputs(tmp, files, name, inputName, content);
    const currentFiles = writeCurrents(tmp, files, content);
    writeFileSync(join(tmp, files.synapseModelsDir, files.staticSynapse), '{}\n');
    const json = (f: string, v: unknown) => writeFileSync(join(tmp, f), JSON.stringify(v, null, 1) + '\n');
    json(files.circuitConfig, circuitConfig(files, hasInputs));
    json(files.nodeSets, nodeSets(name, net, content));
    json(files.simulationConfig, simulationConfig({ name, files, net, sim, content, simulationLabel: simulationLabel(sim, network.label), networkParams: network.params, currentFiles, hasVmReport }));
    copyFileSync(POINTNET_RUNNER, join(tmp, 'run_pointnet.py'));
    const problems = await validateSonataCircuit(join(tmp, files.circuitConfig));
    if (problems.length > 0) throw new Error(`the written circuit does not validate against SONATA:\n  ${problems.join('\n  ')}`);
  });
  const written = folderBytes(dir);
  return {
    dir,
    name,
    nodes: content.nodeCount,
    edges: content.synapses.count,
    inputNodes: content.generators.length,
    inputEdges: content.inputEdgeCount,
    currentInputs: content.currents.length,
    estimatedBytes,
    bytes: written.bytes,
    files: written.files,
  };
}

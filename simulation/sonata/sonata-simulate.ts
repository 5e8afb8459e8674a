/**
 * `simulateSonata`: runs a SONATA point-neuron circuit (circuit or simulation config) on our engine
 * as BMTK PointNet would run it on NEST, writing SONATA spikes (one population per node population,
 * node ids of the circuit) to output.output_dir / output.spikes_file, and our run folder beside them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Simulation, type RunLog, type RunOptions } from '../simulation.ts';
import { resolveSimulationParams } from '../simulation-params.ts';
import { readCircuitConfig, readConfigFile } from './circuit-reader.ts';
import { readEdgeTables, readNodeTables } from './circuit-tables.ts';
import { runFolderSpikes } from './run-folder.ts';
import { clampSteps, selectNodes, spikeInput, type CurrentInput, type SpikeInput } from './sonata-inputs.ts';
import { sonataPlan } from './sonata-plan.ts';
import { writeSonataSpikes, type SpikeSorting, type SpikeTrains } from './spike-file.ts';

export interface SonataSimulateOptions {
  threads?: number;
  connectivity?: 'explicit' | 'procedural' | 'auto';
  /** Override output.output_dir of the config. */
  outputDir?: string;
  /** Override run.random_seed (default 1 when the config has none). */
  seed?: number;
  /** Called with the simulation before it runs (e.g. to stop it on Ctrl-C with requestStop). */
  onSimulation?: (simulation: Simulation) => void;
}

export interface SonataSimulateResult {
  log: RunLog;
  spikesFile: string;
  runDir: string;
  populations: Record<string, number>;
  neurons: number;
  virtualNodes: number;
}

const SORTINGS: Record<string, SpikeSorting> = { time: 'by_time', by_time: 'by_time', id: 'by_id', by_id: 'by_id', none: 'none' };

export async function simulateSonata(configPath: string, options: SonataSimulateOptions = {}, runOptions: RunOptions = {}): Promise<SonataSimulateResult> {
  const cfg = readConfigFile(configPath, 'SONATA config');
  const { json, file, config } = cfg;
  const where = `SONATA config ${config}`;
  const run = json.run;
  if (!run || typeof run !== 'object') throw new Error(`${where}: no run section; expected a simulation config with run.dt and run.tstop (ms)`);
  for (const key of ['dt', 'tstop']) {
    if (typeof run[key] !== 'number' || !(run[key] > 0)) throw new Error(`${where}: run.${key} = ${JSON.stringify(run[key])}; expected a number > 0 (ms)`);
  }
  if (run.tstart !== undefined && run.tstart !== 0) throw new Error(`${where}: run.tstart = ${run.tstart}; only 0 is supported`);
  const circuitPath = json.networks ? config : json.network !== undefined ? file(json.network, 'network') : null;
  if (circuitPath === null) throw new Error(`${where}: neither networks nor network; expected the circuit (networks) or the path of its circuit config (network)`);
  const files = readCircuitConfig(circuitPath);
  for (const [k, v] of Object.entries(json.components ?? {})) if (typeof v === 'string' && !(k in files.components)) files.components[k] = file(v, `components.${k}`);
  for (const f of [...files.nodes.flatMap((n) => [n.nodesFile, n.nodeTypesFile]), ...files.edges.flatMap((e) => [e.edgesFile, e.edgeTypesFile])]) {
    if (f && !existsSync(f)) throw new Error(`circuit config ${files.config}: file ${f} not found`);
  }
  const nodes = await readNodeTables(files);
  const edges = await readEdgeTables(files);
  const nodeSets: Record<string, unknown> = json.node_sets_file ? JSON.parse(readConfigText(file(json.node_sets_file, 'node_sets_file'), where)) : (json.node_sets ?? {});

  const currents: CurrentInput[] = [];
  const spikes: SpikeInput[] = [];
  for (const [name, x] of Object.entries<any>(json.inputs ?? {})) {
    const at = `${where}: inputs.${name}`;
    if (x.input_type === 'spikes') spikes.push(await spikeInput(name, x, nodes, nodeSets, file, at));
    else if (x.module === 'IClamp') currents.push({ name, targets: selectNodes(x.node_set ?? 'all', nodes, nodeSets, at), ...clampSteps(x, run.dt, at, file) });
    else throw new Error(`${at}: input_type ${JSON.stringify(x.input_type)} module ${JSON.stringify(x.module)} is not supported; supported: spikes (module sonata, h5, hdf5) and IClamp (current_clamp, csv)`);
  }
  const seed = options.seed ?? (run.random_seed === undefined ? 1 : run.random_seed);
  const sim = resolveSimulationParams({ dt: run.dt, t_sim: run.tstop, rng_seed: seed, threads: options.threads ?? 1, connectivity: options.connectivity ?? 'auto' });
  const { plan, nodePopulationOfGid, nodeIdOfGid } = sonataPlan({ nodes, edges, components: files.components, currents, spikes }, { dt_ms: sim.dt, tstop_ms: sim.t_sim, seed: sim.rng_seed, runaway: { maxRate_Hz: sim.runaway.max_rate, window_ms: sim.runaway.window } });

  const output = json.output ?? {};
  const outputDir = options.outputDir ?? (output.output_dir ? file(output.output_dir, 'output.output_dir') : join(process.cwd(), 'output'));
  const spikesName = output.spikes_file ?? 'spikes.h5';
  const spikesFile = isAbsolute(spikesName) ? spikesName : join(outputDir, spikesName);
  const sorting = SORTINGS[output.spikes_sort_order ?? 'time'];
  if (!sorting) throw new Error(`${where}: output.spikes_sort_order ${JSON.stringify(output.spikes_sort_order)}; expected time, id or none`);

  const simulation = new Simulation({ label: `sonata:${config}`, params: { sonata_config: config }, plan }, sim, { dataPath: outputDir });
  options.onSimulation?.(simulation);
  const log = await simulation.run(runOptions);
  const runDir = simulation.dataDir;
  if (!existsSync(runDir)) return { log, spikesFile, runDir, populations: {}, neurons: plan.totalNeurons, virtualNodes: 0 };
  const all = runFolderSpikes(runDir);
  const byPopulation: Record<string, { ids: number[]; times: number[] }> = {};
  nodes.forEach((n) => {
    if (plan.populations.some((q) => q.area === n.population)) byPopulation[n.population] = { ids: [], times: [] };
  });
  for (let k = 0; k < all.nodeIds.length; k++) {
    const gid = all.nodeIds[k];
    const b = byPopulation[nodes[nodePopulationOfGid[gid]].population];
    b.ids.push(nodeIdOfGid[gid]);
    b.times.push(all.timestampsMs[k]);
  }
  const trains: Record<string, SpikeTrains> = {};
  for (const [name, b] of Object.entries(byPopulation)) trains[name] = { nodeIds: Float64Array.from(b.ids), timestampsMs: Float64Array.from(b.times) };
  await writeSonataSpikes(spikesFile, trains, sorting);
  return {
    log,
    spikesFile,
    runDir,
    populations: Object.fromEntries(Object.entries(byPopulation).map(([k, b]) => [k, b.ids.length])),
    neurons: plan.totalNeurons,
    virtualNodes: (plan.virtualPopulations ?? []).reduce((s, v) => s + v.size, 0),
  };
}

function readConfigText(path: string, where: string): string {
  if (!existsSync(path)) throw new Error(`${where}: node_sets_file ${path} not found`);
  return readFileSync(path, 'utf8');
}

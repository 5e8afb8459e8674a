/**
 * The inputs section of a SONATA simulation config as BMTK PointNet applies them: node sets
 * (node_sets_file names, or {population, node_id, <node type column>: value(s)}), spike inputs of
 * virtual nodes (input_type spikes, module sonata / h5 / hdf5: a SONATA spike file), and current
 * clamps (module IClamp: input_type current_clamp with amp (pA), delay, duration (ms), scalars or
 * lists; or input_type csv with timestamps and amplitudes columns). Current values whose time is
 * <= dt are dropped, as BMTK does (NEST cannot apply them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseTypesCsv } from './circuit-reader.ts';
import type { NodeTable } from './circuit-tables.ts';
import { readSonataSpikes } from './spike-file.ts';

/** Nodes selected by a node set: per node population (index into the node tables) a membership mask. */
export type NodeSelection = Map<number, Uint8Array>;

export interface CurrentInput {
  name: string;
  targets: NodeSelection;
  /** Times (ms) from which each amplitude (pA) holds, as step_current_generator amplitude_times / values. */
  times_ms: number[];
  amplitudes_pA: number[];
}

export interface SpikeInput {
  name: string;
  /** Node population (index) of the virtual nodes, and their spikes (node ids, times in ms). */
  population: number;
  nodeIds: Float64Array;
  timesMs: Float64Array;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

export function selectNodes(spec: unknown, nodes: NodeTable[], nodeSets: Record<string, unknown>, where: string): NodeSelection {
  const out: NodeSelection = new Map();
  const add = (pop: number, mask: Uint8Array) => {
    const m = out.get(pop) ?? new Uint8Array(nodes[pop].count);
    for (let i = 0; i < m.length; i++) m[i] |= mask[i];
    out.set(pop, m);
  };
  const visit = (s: unknown, depth: number): void => {
    if (depth > 16) throw new Error(`${where}: node sets refer to each other too deeply (a cycle?)`);
    if (typeof s === 'string') {
      if (s === 'all' && !(s in nodeSets)) return nodes.forEach((n, p) => add(p, new Uint8Array(n.count).fill(1)));
      if (!(s in nodeSets)) throw new Error(`${where}: node set '${s}' is not in the node_sets_file (known: ${Object.keys(nodeSets).join(', ') || 'none'})`);
      return visit(nodeSets[s], depth + 1);
    }
    if (Array.isArray(s)) return s.forEach((x) => visit(x, depth + 1));
    if (s === null || typeof s !== 'object') throw new Error(`${where}: node set ${JSON.stringify(s)}; expected a name, a list or an object`);
    const filter = s as Record<string, unknown>;
    nodes.forEach((n, p) => {
      if (filter.population !== undefined && !asList(filter.population).includes(n.population)) return;
      const mask = new Uint8Array(n.count).fill(1);
      for (const [key, value] of Object.entries(filter)) {
        if (key === 'population') continue;
        const wanted = new Set(asList(value).map(String));
        for (let i = 0; i < n.count; i++) {
          if (!mask[i]) continue;
          let v: string | undefined;
          if (key === 'node_id') v = String(i);
          else if (key === 'node_type_id') v = String(n.typeIds[i]);
          else v = n.types.get(n.typeIds[i])![key];
          if (v === undefined) throw new Error(`${where}: node set attribute ${key} is not a column of ${n.typesFile} (population ${n.population}); supported: population, node_id, node_type_id and node type columns`);
          if (!wanted.has(v)) mask[i] = 0;
        }
      }
      add(p, mask);
    });
  };
  visit(spec, 0);
  return out;
}

function numberList(v: unknown, what: string, where: string): number[] {
  const list = asList(v);
  return list.map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${where}: ${what}${list.length > 1 ? `[${i}]` : ''} = ${JSON.stringify(x)}; expected a number`);
    return x;
  });
}

/** IClamp amplitude steps as BMTK PointNet gives them to a step_current_generator. */
export function clampSteps(x: Record<string, any>, dt_ms: number, where: string, file: (v: unknown, what: string) => string): { times_ms: number[]; amplitudes_pA: number[] } {
  let starts: number[];
  let amps: number[];
  let durations: number[] | null = null;
  if (x.input_type === 'current_clamp') {
    for (const key of ['amp', 'delay', 'duration']) if (x[key] === undefined) throw new Error(`${where}: ${key} missing; a current_clamp needs amp (pA), delay and duration (ms)`);
    amps = numberList(x.amp, 'amp', where);
    starts = numberList(x.delay, 'delay', where);
    durations = numberList(x.duration, 'duration', where);
    if (amps.length !== starts.length || amps.length !== durations.length) throw new Error(`${where}: amp, delay and duration have ${amps.length}, ${starts.length}, ${durations.length} values; expected the same number`);
  } else if (x.input_type === 'csv' || x.input_type === 'file') {
    const path = file(x.file, 'file');
    if (!existsSync(path)) throw new Error(`${where}: file ${path} not found`);
    const sep = x.separator ?? ' ';
    if (sep !== ' ') throw new Error(`${where}: separator ${JSON.stringify(sep)}; only ' ' is supported`);
    const table = parseTypesCsv(readFileSync(path, 'utf8'), path);
    const col = (name: string) => {
      const at = table.columns.indexOf(name);
      if (at < 0) throw new Error(`${where}: ${path} has no column ${name} (columns: ${table.columns.join(' ')})`);
      return table.rows.map((r, i) => {
        const v = Number(r[at]);
        if (!Number.isFinite(v)) throw new Error(`${path} line ${i + 2}: ${name} '${r[at]}' is not a number`);
        return v;
      });
    };
    starts = col(x.timestamps_column ?? 'timestamps');
    amps = col(x.amplitudes_column ?? 'amps');
    if (starts.length < 2) throw new Error(`${where}: ${path} has ${starts.length} rows; BMTK expects two or more`);
  } else {
    throw new Error(`${where}: IClamp input_type ${JSON.stringify(x.input_type)}; supported: current_clamp, csv`);
  }
  const times_ms: number[] = [];
  const amplitudes_pA: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    if (starts[i] <= dt_ms) continue;
    times_ms.push(starts[i]);
    amplitudes_pA.push(amps[i]);
    if (durations !== null) {
      const stop = starts[i] + durations[i];
      if (i + 1 === starts.length || stop <= starts[i + 1]) {
        times_ms.push(stop);
        amplitudes_pA.push(0);
      }
    }
  }
  for (let i = 1; i < times_ms.length; i++) if (!(times_ms[i] > times_ms[i - 1])) throw new Error(`${where}: amplitude times ${times_ms[i - 1]}, ${times_ms[i]} ms are not increasing (NEST's step_current_generator refuses them)`);
  return { times_ms, amplitudes_pA };
}

export async function spikeInput(name: string, x: Record<string, any>, nodes: NodeTable[], nodeSets: Record<string, unknown>, file: (v: unknown, what: string) => string, where: string): Promise<SpikeInput> {
  if (!['sonata', 'h5', 'hdf5'].includes(x.module)) throw new Error(`${where}: spike input module ${JSON.stringify(x.module)}; supported: sonata, h5, hdf5 (SONATA spike files)`);
  const selection = selectNodes(x.node_set, nodes, nodeSets, where);
  const pops = [...selection.entries()].filter(([, m]) => m.some((v) => v)).map(([p]) => p);
  if (pops.length !== 1) throw new Error(`${where}: node_set selects nodes of ${pops.length} populations (${pops.map((p) => nodes[p].population).join(', ')}); expected the one virtual node population the spikes are of`);
  const path = file(x.input_file, 'input_file');
  if (!existsSync(path)) throw new Error(`${where}: input_file ${path} not found`);
  const spikes = await readSonataSpikes(path);
  const name0 = nodes[pops[0]].population;
  const names = Object.keys(spikes);
  const pop = spikes[name0] ?? (names.length === 1 ? spikes[names[0]] : undefined);
  if (!pop) throw new Error(`${where}: ${path} holds spikes of ${names.join(', ')}; expected population ${name0}`);
  return { name, population: pops[0], nodeIds: pop.nodeIds, timesMs: pop.timestampsMs };
}

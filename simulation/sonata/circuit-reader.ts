/**
 * Reading SONATA circuits: circuit_config.json with its manifest, and the node/edge type CSV files.
 * Manifest variables ($NAME, ${NAME}) are substituted; relative paths are resolved against the config
 * file's folder, as libsonata does (BMTK's ${configdir} is understood too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

export interface CircuitFiles {
  /** The config file (absolute). */
  config: string;
  nodes: { nodesFile: string; nodeTypesFile: string | null }[];
  edges: { edgesFile: string; edgeTypesFile: string | null }[];
  /** The components section with paths resolved (morphologies_dir, point_neuron_models_dir, ...). */
  components: Record<string, string>;
}

/** A parsed SONATA CSV file: column names and string rows. */
export interface TypesTable {
  columns: string[];
  rows: string[][];
}

function substitute(value: string, vars: Record<string, string>, where: string): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, key: string) => {
    if (key in vars) return vars[key];
    throw new Error(`${where}: unknown manifest variable ${m}`);
  });
}

/** A SONATA config file (circuit or simulation) parsed, with its paths resolvable: `file(value, field)`. */
export interface ConfigFile {
  config: string;
  json: any;
  file: (value: unknown, what: string) => string;
}

/** Reads a SONATA config file and its manifest (variables may refer to each other). */
export function readConfigFile(path: string, kind = 'circuit config'): ConfigFile {
  const config = resolve(path);
  if (!existsSync(config)) throw new Error(`${kind} ${config}: file not found`);
  let json: any;
  try {
    json = JSON.parse(readFileSync(config, 'utf8'));
  } catch (err) {
    throw new Error(`${kind} ${config}: not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object') throw new Error(`${kind} ${config}: expected a JSON object`);
  const dir = dirname(config);
  const vars: Record<string, string> = { configdir: dir, workingdir: process.cwd() };
  const manifest: Record<string, string> = json.manifest ?? {};
  // Variables may refer to each other: resolve those whose references are known, until none is left.
  const pending = new Map(Object.entries(manifest).map(([k, v]) => [k.replace(/^\$/, ''), String(v)]));
  while (pending.size > 0) {
    let progress = false;
    for (const [k, v] of pending) {
      const refs = [...v.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]);
      if (!refs.every((r) => r in vars)) continue;
      const value = substitute(v, vars, `${kind} ${config}`);
      vars[k] = isAbsolute(value) ? value : resolve(dir, value);
      pending.delete(k);
      progress = true;
    }
    if (!progress) throw new Error(`${kind} ${config}: manifest variables ${[...pending.keys()].map((k) => '$' + k).join(', ')} refer to unknown variables or to each other in a cycle`);
  }
  const file = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || v === '') throw new Error(`${kind} ${config}: ${what} is ${JSON.stringify(v)}; expected a path`);
    const p = substitute(v, vars, `${kind} ${config}`);
    return isAbsolute(p) ? p : resolve(dir, p);
  };
  return { config, json, file };
}

/** Reads a circuit config (or a simulation config whose "network" names one). */
export function readCircuitConfig(path: string): CircuitFiles {
  const { config, json, file } = readConfigFile(path);
  if (typeof json.network === 'string' && !json.networks) return readCircuitConfig(file(json.network, 'network'));
  const networks = json.networks;
  if (!networks || !Array.isArray(networks.nodes)) throw new Error(`circuit config ${config}: no networks.nodes list; expected a SONATA circuit config`);
  const components: Record<string, string> = {};
  for (const [k, v] of Object.entries(json.components ?? {})) if (typeof v === 'string') components[k] = file(v, `components.${k}`);
  return {
    config,
    nodes: networks.nodes.map((n: any, i: number) => ({
      nodesFile: file(n?.nodes_file, `networks.nodes[${i}].nodes_file`),
      nodeTypesFile: n?.node_types_file ? file(n.node_types_file, `networks.nodes[${i}].node_types_file`) : null,
    })),
    edges: (networks.edges ?? []).map((e: any, i: number) => ({
      edgesFile: file(e?.edges_file, `networks.edges[${i}].edges_file`),
      edgeTypesFile: e?.edge_types_file ? file(e.edge_types_file, `networks.edges[${i}].edge_types_file`) : null,
    })),
    components,
  };
}

/** Splits one line of a SONATA CSV: fields separated by one or more spaces; "..." quotes, "" a literal quote. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') { field += '"'; i++; }
        else if (line[i] === '"') { i++; break; }
        else field += line[i];
      }
    } else {
      while (i < line.length && line[i] !== ' ') field += line[i++];
    }
    out.push(field);
  }
  return out;
}

/** Parses a SONATA types CSV; `file` names it in errors. */
export function parseTypesCsv(text: string, file: string): TypesTable {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`${file}: empty; expected a header line of space-separated column names`);
  const columns = splitLine(lines[0]);
  const rows = lines.slice(1).map((l, i) => {
    const r = splitLine(l);
    if (r.length !== columns.length) throw new Error(`${file} line ${i + 2}: ${r.length} fields; expected ${columns.length} (${columns.join(' ')})`);
    return r;
  });
  return { columns, rows };
}

export function readTypesCsv(file: string): TypesTable {
  if (!existsSync(file)) throw new Error(`types file ${file}: not found`);
  return parseTypesCsv(readFileSync(file, 'utf8'), file);
}

/** The rows of a types table by their id column (node_type_id or edge_type_id), as column -> value maps. */
export function typesById(table: TypesTable, idColumn: string, file: string): Map<number, Record<string, string>> {
  const at = table.columns.indexOf(idColumn);
  if (at < 0) throw new Error(`${file}: no ${idColumn} column (columns: ${table.columns.join(' ')})`);
  const out = new Map<number, Record<string, string>>();
  for (const row of table.rows) {
    const id = Number(row[at]);
    if (!Number.isInteger(id)) throw new Error(`${file}: ${idColumn} '${row[at]}' is not an integer`);
    if (out.has(id)) throw new Error(`${file}: ${idColumn} ${id} appears twice`);
    out.set(id, Object.fromEntries(table.columns.map((c, k) => [c, row[k]])));
  }
  return out;
}

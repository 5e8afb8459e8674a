/**
 * SONATA frame-oriented reports (SONATA developer guide, "Frame oriented, node element recordings"),
 * used here for membrane potentials of point neurons (one element per node):
 *   /report/<population>/data (float32, N_time x N_values, attribute units)
 *   /report/<population>/mapping/node_ids (uint64), index_pointers (uint64, N_nodes + 1),
 *   element_ids (uint32), time (float64 [start, stop, step), attribute units = "ms")
 * Node i's values are the columns index_pointers[i] .. index_pointers[i + 1] of data. BMTK names the
 * index `index_pointer`: it is written as a hard link too, and read under either name.
 */
import { H5Reader, writeSonataH5 } from './h5.ts';
import { stepsPerMs } from './time-grid.ts';

export interface ReportPopulation {
  nodeIds: Float64Array;
  /** Column ranges of the nodes in `data` (N_nodes + 1 values). */
  indexPointers: Float64Array;
  elementIds: Float64Array;
  /** Row-major N_time x N_values. */
  data: Float32Array | Float64Array;
  /** Start, stop (exclusive) and step of the frames (ms). */
  time: [number, number, number];
  /** Units of data (e.g. 'mV'). */
  units: string;
}

/** Population name -> report. */
export type SonataReport = Record<string, ReportPopulation>;

/** Number of frames of [start, stop) at `step` (ms), tolerant to rounding. */
export function frameCount(time: [number, number, number]): number {
  const [start, stop, step] = time;
  return Math.max(0, Math.round((stop - start) / step));
}

/** The trace (one value per frame) of node `nodeId`, first element; undefined if the node is not in the report. */
export function reportTrace(report: ReportPopulation, nodeId: number): Float64Array | undefined {
  const k = report.nodeIds.indexOf(nodeId);
  if (k < 0) return undefined;
  const col = report.indexPointers[k];
  const nValues = report.elementIds.length;
  const frames = report.data.length / nValues;
  const out = new Float64Array(frames);
  for (let f = 0; f < frames; f++) out[f] = report.data[f * nValues + col];
  return out;
}

/** Samples (node, time, value) on a regular grid as a one-element-per-node report; incomplete last frames are dropped. */
export function samplesToReport(nodes: Float64Array, timesMs: Float64Array, values: Float64Array, dt: number): ReportPopulation {
  const k = stepsPerMs(dt);
  const nodeIds = Float64Array.from(new Set(nodes)).sort();
  const col = new Map<number, number>();
  nodeIds.forEach((id, i) => col.set(id, i));
  const stamps = Array.from(new Set(Array.from(timesMs, (t) => Math.round(t * k)))).sort((a, b) => a - b);
  const step = stamps.length > 1 ? stamps[1] - stamps[0] : 1;
  const n = nodeIds.length;
  const frames = Math.min(stamps.length, Math.floor(nodes.length / Math.max(1, n)));
  const data = new Float32Array(frames * n);
  for (let i = 0; i < nodes.length; i++) {
    const f = Math.round((Math.round(timesMs[i] * k) - stamps[0]) / step);
    if (f < frames) data[f * n + col.get(nodes[i])!] = values[i];
  }
  return {
    nodeIds,
    indexPointers: Float64Array.from({ length: n + 1 }, (_, i) => i),
    elementIds: new Float64Array(n),
    data,
    time: [stamps[0] / k, (stamps[0] + frames * step) / k, step / k],
    units: 'mV',
  };
}

function checkReport(name: string, r: ReportPopulation): void {
  const nValues = r.elementIds.length;
  const where = `report population ${name}`;
  if (r.indexPointers.length !== r.nodeIds.length + 1) throw new Error(`${where}: ${r.indexPointers.length} index pointers for ${r.nodeIds.length} nodes; expected nodes + 1`);
  if (r.indexPointers[0] !== 0 || r.indexPointers[r.nodeIds.length] !== nValues) throw new Error(`${where}: index pointers must run from 0 to the ${nValues} values`);
  const frames = frameCount(r.time);
  if (r.data.length !== frames * nValues) throw new Error(`${where}: ${r.data.length} data values; expected ${frames} frames x ${nValues} values`);
}

/** Writes a SONATA report file (complete or not at all). Data are stored as float32, as the spec says. */
export async function writeSonataReport(path: string, populations: SonataReport): Promise<void> {
  const names = Object.keys(populations);
  if (names.length === 0) throw new Error(`report file ${path}: no populations to write`);
  names.forEach((n) => checkReport(n, populations[n]));
  await writeSonataH5(path, (h5) => {
    for (const name of names) {
      const r = populations[name];
      const g = `/report/${name}`;
      const frames = frameCount(r.time);
      h5.numeric(`${g}/data`, r.data, 'float32', [frames, r.elementIds.length]);
      h5.attr(`${g}/data`, 'units', r.units);
      h5.numeric(`${g}/mapping/node_ids`, r.nodeIds, 'uint64');
      h5.numeric(`${g}/mapping/index_pointers`, r.indexPointers, 'uint64');
      h5.link(`${g}/mapping/index_pointers`, `${g}/mapping/index_pointer`);
      h5.numeric(`${g}/mapping/element_ids`, r.elementIds, 'uint32');
      h5.numeric(`${g}/mapping/time`, r.time, 'float64');
      h5.attr(`${g}/mapping/time`, 'units', 'ms');
    }
  });
}

/** Reads every population of a SONATA report file; times in ms (files in s are converted). */
export async function readSonataReport(path: string): Promise<SonataReport> {
  const h5 = await H5Reader.open(path, 'SONATA report file');
  try {
    if (!h5.isGroup('/report')) throw new Error(`SONATA report file ${path}: no /report group; expected /report/<population>/{data, mapping}`);
    const out: SonataReport = {};
    for (const name of h5.keys('/report')) {
      const g = `/report/${name}`;
      const where = `SONATA report file ${path}: population ${name}`;
      const pointers = h5.has(`${g}/mapping/index_pointers`) ? 'mapping/index_pointers' : 'mapping/index_pointer';
      for (const ds of ['data', 'mapping/node_ids', pointers, 'mapping/element_ids', 'mapping/time']) {
        if (!h5.has(`${g}/${ds}`)) throw new Error(`${where}: dataset ${ds} missing`);
      }
      const timeUnits = String(h5.attr(`${g}/mapping/time`, 'units')?.value ?? 'ms');
      const scale = timeUnits === 'ms' ? 1 : timeUnits === 's' ? 1000 : NaN;
      if (Number.isNaN(scale)) throw new Error(`${where}: time in '${timeUnits}'; expected ms or s`);
      const t = Array.from(h5.numeric(`${g}/mapping/time`), (x) => x * scale);
      if (t.length !== 3) throw new Error(`${where}: mapping/time has ${t.length} values; expected start, stop, step`);
      const raw = h5.numeric(`${g}/data`);
      const nodeIds = Float64Array.from(h5.numeric(`${g}/mapping/node_ids`));
      let indexPointers = Float64Array.from(h5.numeric(`${g}/${pointers}`));
      const elementIds = Float64Array.from(h5.numeric(`${g}/mapping/element_ids`));
      // Some writers (BMTK) store N_nodes index pointers without the closing one.
      if (indexPointers.length === nodeIds.length) {
        const closed = new Float64Array(nodeIds.length + 1);
        closed.set(indexPointers);
        closed[nodeIds.length] = elementIds.length;
        indexPointers = closed;
      }
      const report: ReportPopulation = {
        nodeIds,
        indexPointers,
        elementIds,
        data: raw instanceof Float32Array || raw instanceof Float64Array ? raw : Float64Array.from(raw),
        time: [t[0], t[1], t[2]],
        units: String(h5.attr(`${g}/data`, 'units')?.value ?? ''),
      };
      const frames = report.data.length / Math.max(1, elementIds.length);
      // Writers disagree on whether `stop` is the last frame or one step beyond; the data decide.
      if (frames !== frameCount(report.time) && elementIds.length > 0) report.time = [t[0], t[0] + frames * t[2], t[2]];
      checkReport(name, report);
      out[name] = report;
    }
    if (Object.keys(out).length === 0) throw new Error(`SONATA report file ${path}: /report holds no population`);
    return out;
  } finally {
    h5.close();
  }
}

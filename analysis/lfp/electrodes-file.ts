/**
 * The SONATA electrodes file that neurodamus reads for online LFP (sonata-extension, "Format of the
 * electrodes_file"; written by BlueRecording):
 *   /electrodes/<contact>/position (float32 [3], um), type, region, layer (UTF-8)
 *   /electrodes/<contact>/<population> (uint64): the contact's column in the population's scaling factors
 *   /electrodes/<population>/scaling_factors (float64, compartments x contacts, mV/nA)
 *   /<population>/node_ids (uint64, sorted), /<population>/offsets (uint64, nodes + 1): node i's
 *   compartments are the rows offsets[i] .. offsets[i + 1].
 * `writeCircuitElectrodes` computes it for a circuit with morphologies (circuit-cells.ts) and a
 * BlueRecording electrode CSV (electrode-weights.ts).
 */
import { H5Reader, readCircuitConfig, writeSonataH5 } from '../../simulation/index.ts';
import { loadCircuitCells, type CompartmentOptions } from './circuit-cells.ts';
import { checkWeightOptions, compartmentWeights, loadBlueRecordingCsv, type ElectrodeContact } from './electrode-weights.ts';
import { readLeadField } from './lead-field.ts';

export interface ElectrodesPopulation {
  name: string;
  nodeIds: number[];
  /** Node i's compartments are rows offsets[i] .. offsets[i + 1] (nodes + 1 values). */
  offsets: number[];
  /** Row-major compartments x contacts (mV/nA). */
  scalingFactors: Float64Array;
}

export interface ElectrodesFile {
  contacts: ElectrodeContact[];
  populations: ElectrodesPopulation[];
}

/** Writes an electrodes file (complete or not at all); `attributes` go on every node_ids dataset. */
export async function writeElectrodesFile(path: string, content: ElectrodesFile, attributes: Record<string, string | number> = {}): Promise<void> {
  const C = content.contacts.length;
  const taken = new Set(content.populations.map((p) => p.name));
  for (const c of content.contacts) if (taken.has(c.name)) throw new Error(`contact name "${c.name}" equals a node population name; expected distinct names`);
  if (taken.has('electrodes')) throw new Error(`node population "electrodes" clashes with the /electrodes group of the file`);
  await writeSonataH5(path, (h5) => {
    content.contacts.forEach((c, j) => {
      const g = `/electrodes/${c.name}`;
      h5.numeric(`${g}/position`, [c.x, c.y, c.z], 'float32');
      h5.strings(`${g}/type`, c.type);
      h5.strings(`${g}/region`, c.region);
      h5.strings(`${g}/layer`, c.layer);
      for (const p of content.populations) h5.scalar(`${g}/${p.name}`, j, 'uint64');
    });
    for (const p of content.populations) {
      const rows = p.offsets[p.offsets.length - 1];
      if (p.scalingFactors.length !== rows * C) throw new Error(`population ${p.name}: ${p.scalingFactors.length} weights; expected ${rows} compartments x ${C} contacts`);
      h5.sliced(`/electrodes/${p.name}/scaling_factors`, rows, 'float64', (a, b) => p.scalingFactors.subarray(a * C, b * C), C);
      h5.attr(`/electrodes/${p.name}/scaling_factors`, 'units', 'mV/nA');
      h5.numeric(`/${p.name}/node_ids`, p.nodeIds, 'uint64');
      for (const [k, v] of Object.entries(attributes)) h5.attr(`/${p.name}/node_ids`, k, v, typeof v === 'number' ? 'float64' : undefined);
      h5.numeric(`/${p.name}/offsets`, p.offsets, 'uint64');
    }
  });
}

/** Reads an electrodes file: contacts in column order, and every population's weights. */
export async function readElectrodesFile(path: string): Promise<ElectrodesFile> {
  const h5 = await H5Reader.open(path, 'electrodes file');
  try {
    const roots = h5.keys('/').filter((k) => k !== 'electrodes' && h5.has(`/${k}/node_ids`));
    const populations: ElectrodesPopulation[] = roots.map((name) => {
      for (const ds of [`/${name}/offsets`, `/electrodes/${name}/scaling_factors`]) if (!h5.has(ds)) throw new Error(`electrodes file ${path}: ${ds} missing`);
      return {
        name,
        nodeIds: Array.from(h5.numeric(`/${name}/node_ids`)),
        offsets: Array.from(h5.numeric(`/${name}/offsets`)),
        scalingFactors: Float64Array.from(h5.numeric(`/electrodes/${name}/scaling_factors`)),
      };
    });
    const contacts: { c: ElectrodeContact; column: number }[] = [];
    for (const name of h5.keys('/electrodes')) {
      if (roots.includes(name)) continue;
      const g = `/electrodes/${name}`;
      const str = (k: string) => (h5.has(`${g}/${k}`) ? h5.strings(`${g}/${k}`)[0] : 'NA');
      const pos = h5.numeric(`${g}/position`);
      const column = roots.length > 0 ? h5.numeric(`${g}/${roots[0]}`)[0] : contacts.length;
      contacts.push({ c: { name, x: pos[0], y: pos[1], z: pos[2], type: str('type') as ElectrodeContact['type'], region: str('region'), layer: str('layer') }, column });
    }
    contacts.sort((a, b) => a.column - b.column);
    return { contacts: contacts.map((x) => x.c), populations };
  } finally {
    h5.close();
  }
}

export interface CircuitElectrodesOptions extends CompartmentOptions {
  /** Extracellular conductivity (S/m) of the PointSource and LineSource contacts. */
  sigma: number;
  /** Only this node population (default: every population with morphologies). */
  population?: string;
  /** Lead-field files of the Reciprocity / DipoleReciprocity contacts, in CSV order. */
  leadFields?: string[];
}

/** Computes and writes the electrodes file of a circuit and an electrode CSV; returns what it wrote. */
export async function writeCircuitElectrodes(circuitConfig: string, electrodesCsv: string, out: string, opts: CircuitElectrodesOptions): Promise<{ contacts: number; populations: { name: string; nodes: number; compartments: number }[] }> {
  readCircuitConfig(circuitConfig); // a missing or malformed circuit is the first thing to report
  const contacts = loadBlueRecordingCsv(electrodesCsv);
  const leadFields = await Promise.all((opts.leadFields ?? []).map((f) => readLeadField(f)));
  checkWeightOptions(contacts, { sigma: opts.sigma, leadFields });
  const cells = await loadCircuitCells(circuitConfig, opts);
  const populations: ElectrodesPopulation[] = cells.map(({ population, cells: list }) => {
    const offsets = [0];
    const parts = list.map((cell) => {
      const w = compartmentWeights(cell.geometry, contacts, { sigma: opts.sigma, leadFields });
      offsets.push(offsets[offsets.length - 1] + cell.geometry.totnsegs);
      return w;
    });
    const scalingFactors = new Float64Array(offsets[offsets.length - 1] * contacts.length);
    let at = 0;
    for (const w of parts) {
      scalingFactors.set(w, at);
      at += w.length;
    }
    return { name: population, nodeIds: list.map((c) => c.nodeId), offsets, scalingFactors };
  });
  await writeElectrodesFile(out, { contacts, populations }, { circuit: circuitConfig, sigma: opts.sigma, generator: 'multiarea mam electrodes' });
  return { contacts: contacts.length, populations: populations.map((p) => ({ name: p.name, nodes: p.nodeIds.length, compartments: p.offsets[p.offsets.length - 1] })) };
}

/**
 * Per-compartment weights (mV per nA of transmembrane current) of the contacts of a BlueRecording
 * electrode CSV for one cell, as the SONATA electrodes file stores them:
 *   PointSource, LineSource: the infinite homogeneous medium models of forward/ (PointSourcePotential,
 *     LineSourcePotential; conductivity sigma in S/m, distances below half the compartment diameter
 *     raised to it);
 *   Reciprocity: the lead field (potential for a current between the contact and the reference) at
 *     the compartment midpoints; DipoleReciprocity: the lead field's E-field at the cell's centre
 *     times the compartment's displacement from it (lead-field.ts).
 * BlueRecording's ObjectiveCSD types are not supported (an error says so).
 */
import { readFileSync } from 'node:fs';
import { parseDelimited, pyFloat } from '../../core/index.ts';
import type { Electrode } from './electrodes.ts';
import { forwardModelsFromElectrodes } from './electrodes.ts';
import { midpoints, type SegmentGeometry } from './geometry.ts';
import { efieldAt, potentialAt, type LeadField } from './lead-field.ts';

export const BLUERECORDING_TYPES = ['PointSource', 'LineSource', 'Reciprocity', 'DipoleReciprocity'] as const;
export type BlueRecordingType = (typeof BLUERECORDING_TYPES)[number];

export interface ElectrodeContact {
  name: string;
  /** Position (um). */
  x: number;
  y: number;
  z: number;
  layer: string;
  region: string;
  type: BlueRecordingType;
}

/**
 * Parses a BlueRecording electrode CSV: the first column names the contacts, then x, y, z (um) and the
 * optional columns layer, region (default NA) and type (default LineSource, as BlueRecording).
 */
export function parseBlueRecordingCsv(text: string, source = 'electrodes CSV'): ElectrodeContact[] {
  const records = parseDelimited(text.replace(/^\uFEFF/, ''), ',', source).filter((r) => r.length > 1 || (r[0] ?? '').trim() !== '');
  if (records.length === 0) throw new Error(`${source}: empty; expected a header "name,x,y,z,layer,region,type"`);
  const header = records[0].map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  for (const need of ['x', 'y', 'z']) if (col(need) < 1) throw new Error(`${source}: header "${header.join(',')}" has no column ${need}; expected "name,x,y,z,layer,region,type"`);
  const contacts: ElectrodeContact[] = [];
  const names = new Set<string>();
  records.slice(1).forEach((r, k) => {
    const where = `${source} line ${k + 2}`;
    if (r.length !== header.length) throw new Error(`${where}: ${r.length} fields; expected ${header.length} (${header.join(',')})`);
    const name = r[0].trim();
    if (name === '' || name.includes('/')) throw new Error(`${where}: contact name ${JSON.stringify(name)}; expected a non-empty name without '/'`);
    if (names.has(name)) throw new Error(`${where}: contact name "${name}" is used twice`);
    names.add(name);
    const get = (c: string, d: string) => (col(c) >= 0 ? r[col(c)].trim() : d);
    const type = get('type', 'LineSource');
    if (type.startsWith('ObjectiveCSD')) throw new Error(`${where}: type ${type}: BlueRecording's ObjectiveCSD electrodes are not supported; expected ${BLUERECORDING_TYPES.join(', ')}`);
    if (!(BLUERECORDING_TYPES as readonly string[]).includes(type)) throw new Error(`${where}: type "${type}"; expected one of ${BLUERECORDING_TYPES.join(', ')}`);
    contacts.push({
      name,
      x: pyFloat(r[col('x')].trim(), `${where} x`),
      y: pyFloat(r[col('y')].trim(), `${where} y`),
      z: pyFloat(r[col('z')].trim(), `${where} z`),
      layer: get('layer', 'NA'),
      region: get('region', 'NA'),
      type: type as BlueRecordingType,
    });
  });
  if (contacts.length === 0) throw new Error(`${source}: no contacts after the header`);
  return contacts;
}

export function loadBlueRecordingCsv(file: string): ElectrodeContact[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`electrodes file ${file}: cannot be read (${(err as Error).message})`);
  }
  return parseBlueRecordingCsv(text, `electrodes file ${file}`);
}

export interface WeightOptions {
  /** Extracellular conductivity (S/m) of PointSource and LineSource contacts. */
  sigma: number;
  /** Lead fields of the Reciprocity and DipoleReciprocity contacts, in contact order. */
  leadFields?: LeadField[];
}

/** Checks the options against the contacts: a lead field per reciprocity contact, sigma > 0. */
export function checkWeightOptions(contacts: ElectrodeContact[], opts: WeightOptions): void {
  if (!(Number.isFinite(opts.sigma) && opts.sigma > 0)) throw new Error(`sigma = ${opts.sigma}: expected a conductivity > 0 (S/m)`);
  const reciprocity = contacts.filter((c) => c.type === 'Reciprocity' || c.type === 'DipoleReciprocity');
  const fields = opts.leadFields ?? [];
  if (fields.length !== reciprocity.length) {
    throw new Error(
      `${reciprocity.length} Reciprocity/DipoleReciprocity contact(s) (${reciprocity.map((c) => c.name).join(', ') || 'none'}) but ${fields.length} lead field file(s); ` +
        'give one lead field (BlueRecording/Sim4Life layout) per such contact, in CSV order',
    );
  }
  reciprocity.forEach((c, i) => {
    const has = c.type === 'Reciprocity' ? fields[i].potential : fields[i].efield;
    if (!has) throw new Error(`contact ${c.name} (${c.type}) needs a lead field with the ${c.type === 'Reciprocity' ? 'potential' : 'E-field'}; ${fields[i].file} holds none`);
  });
}

/**
 * Weights of every compartment of `cell` for every contact: a row-major compartments x contacts matrix
 * (mV/nA), the layout of SONATA's scaling_factors.
 */
export function compartmentWeights(cell: SegmentGeometry, contacts: ElectrodeContact[], opts: WeightOptions): Float64Array {
  const n = cell.totnsegs;
  const C = contacts.length;
  const out = new Float64Array(n * C);
  const column = new Map<object, number>();
  const analytic: Electrode[] = [];
  contacts.forEach((c, j) => {
    if (c.type !== 'PointSource' && c.type !== 'LineSource') return;
    const e: Electrode = { name: c.name, x: c.x, y: c.y, z: c.z, layer: c.layer, region: c.region, type: c.type };
    column.set(e, j);
    analytic.push(e);
  });
  for (const { model, contacts: group } of forwardModelsFromElectrodes(analytic, { sigma: opts.sigma })) {
    const M = model.getTransformationMatrix(cell);
    group.forEach((e, row) => {
      const j = column.get(e)!;
      for (let i = 0; i < n; i++) out[i * C + j] = M.data[row * n + i];
    });
  }
  const fields = opts.leadFields ?? [];
  let f = 0;
  const mx = midpoints(cell, 'x'), my = midpoints(cell, 'y'), mz = midpoints(cell, 'z');
  contacts.forEach((c, j) => {
    if (c.type === 'Reciprocity') {
      const field = fields[f++];
      for (let i = 0; i < n; i++) out[i * C + j] = potentialAt(field, mx[i], my[i], mz[i], `compartment ${i}`);
    } else if (c.type === 'DipoleReciprocity') {
      const field = fields[f++];
      const cx = mean(mx), cy = mean(my), cz = mean(mz);
      const [ex, ey, ez] = efieldAt(field, cx, cy, cz, 'the cell centre');
      for (let i = 0; i < n; i++) out[i * C + j] = -((mx[i] - cx) * ex + (my[i] - cy) * ey + (mz[i] - cz) * ez);
    }
  });
  return out;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

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
import { forwardModelsFromElectrodes, parseElectrodeRows, readElectrodesCsvText, type Electrode, type ElectrodeRow } from './electrodes.ts';
import { midpoints, type SegmentGeometry } from './geometry.ts';
import { efieldAt, potentialAt, type LeadField } from './lead-field.ts';

export const BLUERECORDING_TYPES = ['PointSource', 'LineSource', 'Reciprocity', 'DipoleReciprocity'] as const;
export type BlueRecordingType = (typeof BLUERECORDING_TYPES)[number];

/** A contact of a BlueRecording electrode CSV (positions in um). */
export type ElectrodeContact = ElectrodeRow<BlueRecordingType>;

/** Parses a BlueRecording electrode CSV (electrodes.ts parseElectrodeRows) with the types weights exist for. */
export function parseBlueRecordingCsv(text: string, source = 'electrodes CSV'): ElectrodeContact[] {
  return parseElectrodeRows(text, BLUERECORDING_TYPES, source);
}

export function loadBlueRecordingCsv(file: string): ElectrodeContact[] {
  return parseBlueRecordingCsv(readElectrodesCsvText(file), `electrodes file ${file}`);
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

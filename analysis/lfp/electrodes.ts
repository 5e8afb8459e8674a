import { readFileSync } from 'node:fs';
import { parseDelimited, universalNewlines } from '../../core/index.ts';
import type { ForwardModel } from './forward/forward-model.ts';
import { PointSourcePotential } from './forward/point-source.ts';
import { LineSourcePotential } from './forward/line-source.ts';
import { GaussCylinderPotential } from './forward/gauss-cylinder.ts';
import { InfiniteMediumDipolePotential } from './forward/dipole-potential.ts';
import { FourSphereVolumeConductor } from './forward/four-sphere.ts';

/** One recording contact of the population-signal forward models, as a row of an electrode CSV. */
export type Electrode = ElectrodeRow<ElectrodeType>;

/** Electrode types understood, each naming a forward model. */
export const ELECTRODE_TYPES = ['PointSource', 'LineSource', 'GaussCylinder', 'DipolePotential', 'FourSphere'] as const;
export type ElectrodeType = (typeof ELECTRODE_TYPES)[number];

/** Columns of a BlueRecording electrode CSV after the name: x, y, z required; the others optional. */
const HEADER = ['name', 'x', 'y', 'z', 'layer', 'region', 'type'];

/** An electrode CSV row; `type` is one of the types the caller accepts. */
export interface ElectrodeRow<T extends string> {
  name: string;
  /** Position (um). */
  x: number;
  y: number;
  z: number;
  layer: string;
  region: string;
  type: T;
}

/**
 * Parses a BlueRecording electrode CSV: the first column names the contacts, then x, y, z (um) and the
 * optional columns layer, region (default NA) and type (default LineSource, as BlueRecording), in any
 * order after the name. Blank lines and lines starting with '#' are skipped; fields may be quoted.
 * `types`: the types the caller can use; `source` names the file in errors.
 */
export function parseElectrodeRows<T extends string>(text: string, types: readonly T[], source = 'electrodes CSV'): ElectrodeRow<T>[] {
  const lines = universalNewlines(text.replace(/^\uFEFF/, '')).split('\n');
  const content = (k: number) => lines[k].trim() !== '' && !lines[k].trim().startsWith('#');
  const headerLine = lines.findIndex((_, k) => content(k));
  if (headerLine < 0) throw new Error(`${source}: empty; expected a header line "${HEADER.join(',')}" (layer, region, type optional)`);
  const fields = (k: number) => parseDelimited(lines[k], ',', `${source} line ${k + 1}`)[0].map((f) => f.trim());
  const header = fields(headerLine).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const unknown = header.slice(1).filter((h) => !HEADER.includes(h));
  if (['x', 'y', 'z'].some((c) => col(c) < 1) || unknown.length > 0) {
    throw new Error(`${source}: header "${lines[headerLine].trim()}" is invalid; expected "${HEADER.join(',')}" (name first; layer, region, type optional)`);
  }
  const out: ElectrodeRow<T>[] = [];
  const names = new Set<string>();
  for (let k = headerLine + 1; k < lines.length; k++) {
    if (!content(k)) continue;
    const where = `${source} line ${k + 1}`;
    const f = fields(k);
    if (f.length !== header.length) throw new Error(`${where}: has ${f.length} fields, expected ${header.length} (${header.join(',')}): "${lines[k].trim()}"`);
    const name = f[0];
    if (name === '' || name.includes('/')) throw new Error(`${where}: name ${JSON.stringify(name)} is invalid; expected a non-empty contact name without '/'`);
    if (names.has(name)) throw new Error(`${where}: name "${name}" is used twice; contact names must be unique`);
    names.add(name);
    const get = (c: string, fallback: string) => (col(c) >= 0 ? f[col(c)] : fallback);
    const [x, y, z] = ['x', 'y', 'z'].map((c) => {
      const s = f[col(c)];
      const v = s === '' ? NaN : Number(s);
      if (!Number.isFinite(v)) throw new Error(`${where}: ${c} = "${s}" is invalid; expected a number (um)`);
      return v;
    });
    const type = get('type', 'LineSource');
    if (!(types as readonly string[]).includes(type)) {
      const why = type.startsWith('ObjectiveCSD') ? "BlueRecording's ObjectiveCSD electrodes are not supported; " : '';
      throw new Error(`${where}: type = "${type}" is invalid; ${why}expected one of ${types.join(', ')}`);
    }
    out.push({ name, x, y, z, layer: get('layer', 'NA'), region: get('region', 'NA'), type: type as T });
  }
  if (out.length === 0) throw new Error(`${source}: no electrode rows after the header`);
  return out;
}

/** Electrodes of the population-signal forward models (ELECTRODE_TYPES) from CSV text. */
export function parseElectrodesCsv(text: string, source = 'electrodes CSV'): Electrode[] {
  return parseElectrodeRows(text, ELECTRODE_TYPES, source);
}

/** The text of an electrode CSV file; an error naming the file when it cannot be read. */
export function readElectrodesCsvText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`electrodes file ${file}: cannot be read (${(err as Error).message})`);
  }
}

export function loadElectrodesCsv(file: string): Electrode[] {
  return parseElectrodesCsv(readElectrodesCsvText(file), `electrodes file ${file}`);
}

/** Options for the forward models built from electrodes. */
export interface ElectrodeModelOptions {
  /** Extracellular conductivity (S/m) for the infinite-medium models; default 0.3. */
  sigma?: number;
  /** GaussCylinder population radius and depth spread (um). */
  R?: number;
  sigmaZ?: number;
  /** Dipole location (um) for DipolePotential and FourSphere contacts. */
  dipoleLocation?: [number, number, number];
  radii?: number[];
  sigmas?: number[];
}

/** One forward model per electrode type present, over that type's contacts (named "<type>"), in file order. */
export function forwardModelsFromElectrodes(electrodes: Electrode[], opts: ElectrodeModelOptions = {}): { model: ForwardModel; contacts: Electrode[] }[] {
  const out: { model: ForwardModel; contacts: Electrode[] }[] = [];
  for (const type of ELECTRODE_TYPES) {
    const contacts = electrodes.filter((e) => e.type === type);
    if (contacts.length === 0) continue;
    const x = contacts.map((e) => e.x), y = contacts.map((e) => e.y), z = contacts.map((e) => e.z);
    const positions = contacts.map((e) => [e.x, e.y, e.z]);
    const needDipole = () => {
      if (!opts.dipoleLocation) throw new Error(`electrodes of type ${type} need a dipoleLocation [x, y, z] (um)`);
      return opts.dipoleLocation;
    };
    let model: ForwardModel;
    switch (type) {
      case 'PointSource': model = new PointSourcePotential({ x, y, z, sigma: opts.sigma, name: type }); break;
      case 'LineSource': model = new LineSourcePotential({ x, y, z, sigma: opts.sigma, name: type }); break;
      case 'GaussCylinder': model = new GaussCylinderPotential({ z, sigma: opts.sigma, R: opts.R, sigmaZ: opts.sigmaZ, name: type }); break;
      case 'DipolePotential': model = new InfiniteMediumDipolePotential({ rElectrodes: positions, dipoleLocation: needDipole(), sigma: opts.sigma, name: type }); break;
      case 'FourSphere': model = new FourSphereVolumeConductor({ rElectrodes: positions, dipoleLocation: needDipole(), radii: opts.radii, sigmas: opts.sigmas, name: type }); break;
    }
    out.push({ model, contacts });
  }
  return out;
}

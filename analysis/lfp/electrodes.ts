import { readFileSync } from 'node:fs';
import type { ForwardModel } from './forward/forward-model.ts';
import { PointSourcePotential } from './forward/point-source.ts';
import { LineSourcePotential } from './forward/line-source.ts';
import { GaussCylinderPotential } from './forward/gauss-cylinder.ts';
import { InfiniteMediumDipolePotential } from './forward/dipole-potential.ts';
import { FourSphereVolumeConductor } from './forward/four-sphere.ts';

/** One recording contact, as a row of a BlueRecording electrode CSV (positions in um). */
export interface Electrode {
  name: string;
  x: number;
  y: number;
  z: number;
  layer: string;
  region: string;
  /** Forward model of this contact (see ELECTRODE_TYPES). */
  type: ElectrodeType;
}

/** Electrode types understood, each naming a forward model. */
export const ELECTRODE_TYPES = ['PointSource', 'LineSource', 'GaussCylinder', 'DipolePotential', 'FourSphere'] as const;
export type ElectrodeType = (typeof ELECTRODE_TYPES)[number];

const HEADER = ['name', 'x', 'y', 'z', 'layer', 'region', 'type'];

/** Splits one CSV line, honouring double-quoted fields ("" = literal quote). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(field); field = ''; }
    else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/**
 * Parses electrode CSV text with header `name,x,y,z,layer,region,type` (BlueRecording format); `source`
 * names the file in errors. Blank lines and lines starting with '#' are skipped.
 */
export function parseElectrodesCsv(text: string, source = 'electrodes CSV'): Electrode[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let headerLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '' && !lines[i].trim().startsWith('#')) { headerLine = i; break; }
  }
  if (headerLine < 0) throw new Error(`${source}: empty file; expected a header line "${HEADER.join(',')}"`);
  const header = splitCsvLine(lines[headerLine]).map((h) => h.toLowerCase());
  if (header.length !== HEADER.length || header.some((h, k) => h !== HEADER[k])) {
    throw new Error(`${source}: header "${lines[headerLine].trim()}" is invalid; expected "${HEADER.join(',')}"`);
  }
  const out: Electrode[] = [];
  const names = new Set<string>();
  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const where = `${source} line ${i + 1}`;
    const f = splitCsvLine(raw);
    if (f.length !== HEADER.length) throw new Error(`${where}: has ${f.length} fields, expected ${HEADER.length} (${HEADER.join(',')}): "${raw}"`);
    const [name, xs, ys, zs, layer, region, type] = f;
    if (name === '') throw new Error(`${where}: name is empty; expected a contact name`);
    if (names.has(name)) throw new Error(`${where}: name "${name}" is used twice; contact names must be unique`);
    names.add(name);
    const coords = [xs, ys, zs].map((s, k) => {
      const v = s === '' ? NaN : Number(s);
      if (!Number.isFinite(v)) throw new Error(`${where}: ${'xyz'[k]} = "${s}" is invalid; expected a number (um)`);
      return v;
    });
    if (!(ELECTRODE_TYPES as readonly string[]).includes(type)) {
      throw new Error(`${where}: type = "${type}" is invalid; expected one of ${ELECTRODE_TYPES.join(', ')}`);
    }
    out.push({ name, x: coords[0], y: coords[1], z: coords[2], layer, region, type: type as ElectrodeType });
  }
  if (out.length === 0) throw new Error(`${source}: no electrode rows after the header`);
  return out;
}

export function loadElectrodesCsv(file: string): Electrode[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`electrodes file ${file}: cannot be read (${(err as Error).message})`);
  }
  return parseElectrodesCsv(text, `electrodes file ${file}`);
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

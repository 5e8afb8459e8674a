/**
 * SWC morphologies (SONATA developer guide, "Representing biophysical neuron morphologies") as this
 * project's sections (morphology.ts), in SONATA's section order: the soma is section 0, then axon,
 * basal and apical sections (types 2, 3, 4; other types after them), each group in the order in
 * which its sections' first samples appear in the file.
 *
 * A section is a chain of samples between the soma or a branch point and a branch or terminal point.
 * Like NEURON's import, a section starts with its parent's last sample, except when the parent is
 * the soma. A single-sample soma (a sphere of the sample's radius) becomes, as in NEURON, a cylinder
 * along y with length and diameter 2r; three soma samples (centre, centre -/+ r along y) the cylinder
 * between the outer two; other somas the chain of their samples.
 */
import { readFileSync } from 'node:fs';
import type { Morphology, MorphologySection } from './morphology.ts';

interface Sample {
  id: number;
  type: number;
  x: number;
  y: number;
  z: number;
  r: number;
  parent: number;
}

const SECTION_NAMES: Record<number, string> = { 2: 'axon', 3: 'dend', 4: 'apic' };

function parseSamples(text: string, source: string): Sample[] {
  const samples: Sample[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const f = line.split(/\s+/).map(Number);
    if (f.length < 7 || f.slice(0, 7).some((v) => !Number.isFinite(v))) {
      throw new Error(`${source} line ${i + 1}: "${line}"; expected 7 numbers: id type x y z radius parent`);
    }
    const [id, type, x, y, z, r, parent] = f;
    const where = `${source} line ${i + 1}`;
    if (id !== samples.length + 1) throw new Error(`${where}: sample id ${id}; expected ${samples.length + 1} (ids start at 1 without gaps)`);
    if (!(parent === -1 || (Number.isInteger(parent) && parent >= 1 && parent < id))) {
      throw new Error(`${where}: parent ${parent}; expected -1 or an earlier sample id`);
    }
    if (!(r > 0)) throw new Error(`${where}: radius ${r}; expected a positive radius (um)`);
    samples.push({ id, type, x, y, z, r, parent });
  });
  if (samples.length === 0) throw new Error(`${source}: no samples`);
  return samples;
}

/** The soma section from the soma samples (type 1). */
function somaSection(soma: Sample[], source: string): MorphologySection {
  if (soma.length === 0) throw new Error(`${source}: no soma sample (type 1); SONATA morphologies have a soma`);
  const p = (s: Sample, dy = 0): [number, number, number, number] => [s.x, s.y + dy, s.z, 2 * s.r];
  if (soma.length === 1) return { name: 'soma', points: [p(soma[0], -soma[0].r), p(soma[0], soma[0].r)] };
  const [c, a, b] = soma;
  const tol = 1e-6 * Math.max(1, c.r);
  const threePoint = soma.length === 3 && [a, b].every((s) => Math.abs(s.x - c.x) < tol && Math.abs(s.z - c.z) < tol) && Math.abs(a.y - c.y + c.r) < tol && Math.abs(b.y - c.y - c.r) < tol;
  if (threePoint) return { name: 'soma', points: [[a.x, a.y, a.z, 2 * c.r], [b.x, b.y, b.z, 2 * c.r]] };
  return { name: 'soma', points: soma.map((s) => p(s)) };
}

export interface SwcMorphology {
  morphology: Morphology;
  /** Centre of the soma (mean of its samples), um: SONATA moves it to the origin before rotating. */
  somaCenter: [number, number, number];
}

/** Parses SWC text; `source` names it in errors. */
export function parseSwc(text: string, source = 'SWC'): SwcMorphology {
  const samples = parseSamples(text, source);
  const soma = samples.filter((s) => s.type === 1);
  const children = new Map<number, Sample[]>();
  for (const s of samples) if (s.parent > 0) children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
  const isSoma = (id: number) => samples[id - 1].type === 1;
  for (const s of samples) {
    if (s.type !== 1 && s.parent === -1) throw new Error(`${source}: sample ${s.id} (type ${s.type}) has no parent; every neurite must connect to the soma`);
    if (s.type === 1 && s.parent > 0 && !isSoma(s.parent)) throw new Error(`${source}: soma sample ${s.id} hangs from neurite sample ${s.parent}`);
  }
  // Section starts: neurite samples whose parent is the soma or a branch point (in file order).
  const starts = samples.filter((s) => s.type !== 1 && (isSoma(s.parent) || (children.get(s.parent)?.length ?? 0) > 1));
  const sectionOfLast = new Map<number, string>();
  const typeOrder = (t: number) => (t >= 2 && t <= 4 ? t : 5 + t);
  const ordered = [...starts].sort((a, b) => typeOrder(a.type) - typeOrder(b.type) || a.id - b.id);
  const counts = new Map<string, number>();
  const names = new Map<number, string>();
  for (const s of ordered) {
    const base = SECTION_NAMES[s.type] ?? `type${s.type}`;
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    names.set(s.id, `${base}[${n}]`);
  }
  const sections: MorphologySection[] = [somaSection(soma, source)];
  for (const start of ordered) {
    const chain: Sample[] = [start];
    let cur = start;
    while ((children.get(cur.id)?.length ?? 0) === 1) {
      cur = children.get(cur.id)![0];
      chain.push(cur);
    }
    const parentSample = samples[start.parent - 1];
    const fromSoma = isSoma(start.parent);
    const pts = chain.map((s): [number, number, number, number] => [s.x, s.y, s.z, 2 * s.r]);
    if (!fromSoma) pts.unshift([parentSample.x, parentSample.y, parentSample.z, 2 * parentSample.r]);
    else if (pts.length === 1) pts.unshift([parentSample.x, parentSample.y, parentSample.z, 2 * start.r]);
    const name = names.get(start.id)!;
    sections.push({ name, parent: fromSoma ? 'soma' : sectionOfLast.get(parentSample.id)!, parentX: fromSoma ? 0.5 : 1, points: pts });
    sectionOfLast.set(cur.id, name);
  }
  // Parents must precede children (morphology.ts); SONATA's grouping by type keeps that within a tree.
  const index = new Map(sections.map((s, i) => [s.name, i]));
  for (const [i, s] of sections.entries()) {
    if (s.parent !== undefined && !(index.get(s.parent)! < i)) throw new Error(`${source}: section ${s.name} comes before its parent ${s.parent}; neurite types change along a tree`);
  }
  const n = soma.length;
  const somaCenter: [number, number, number] = [soma.reduce((a, s) => a + s.x, 0) / n, soma.reduce((a, s) => a + s.y, 0) / n, soma.reduce((a, s) => a + s.z, 0) / n];
  return { morphology: { name: source, sections }, somaCenter };
}

export function loadSwc(file: string): SwcMorphology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`morphology file ${file}: cannot be read (${(err as Error).message})`);
  }
  return parseSwc(text, `morphology file ${file}`);
}

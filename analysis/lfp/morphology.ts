import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * A neuron morphology as unbranched sections of 3D points (um) with diameters (um).
 * File format `multiarea-morphology/1` (JSON), documented in docs/kernels.md:
 *   { format, name, description?, provenance?, sections: [{ name, parent?, parentX?, points: [[x, y, z, diam], ...] }] }
 * The first section is the root; every other section names an earlier section as parent and attaches its
 * 0-end at `parentX` (0..1, as NEURON's `connect child(0), parent(parentX)`).
 */
export interface MorphologySection {
  name: string;
  parent?: string;
  /** Attachment location on the parent (0..1); default 1. */
  parentX?: number;
  /** 3D points [x, y, z, diam] in um; at least two. */
  points: [number, number, number, number][];
}

export interface Morphology {
  name: string;
  description?: string;
  sections: MorphologySection[];
}

const pointSchema = z.tuple([z.number(), z.number(), z.number(), z.number().positive()]);
const sectionSchema = z.object({
  name: z.string().min(1),
  parent: z.string().min(1).optional(),
  parentX: z.number().min(0).max(1).optional(),
  points: z.array(pointSchema).min(2),
});
export const morphologySchema = z.object({
  format: z.literal('multiarea-morphology/1').optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  provenance: z.string().optional(),
  sections: z.array(sectionSchema).min(1),
});

/** Validates a parsed morphology object; `source` names it in error messages. */
export function parseMorphology(value: unknown, source = 'morphology'): Morphology {
  const parsed = morphologySchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`${source}: invalid morphology (${issues})`);
  }
  const morph = parsed.data as Morphology;
  const seen = new Set<string>();
  morph.sections.forEach((sec, i) => {
    if (seen.has(sec.name)) throw new Error(`${source}: sections[${i}].name "${sec.name}" is used twice; names must be unique`);
    if (i === 0 && sec.parent !== undefined) {
      throw new Error(`${source}: sections[0] ("${sec.name}") is the root and must not have a parent, got "${sec.parent}"`);
    }
    if (i > 0) {
      if (sec.parent === undefined) throw new Error(`${source}: sections[${i}] ("${sec.name}") needs a parent (only the first section is the root)`);
      if (!seen.has(sec.parent)) {
        throw new Error(`${source}: sections[${i}].parent "${sec.parent}" is not an earlier section (known: ${[...seen].join(', ')})`);
      }
    }
    seen.add(sec.name);
  });
  return morph;
}

export function loadMorphology(file: string): Morphology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`morphology file ${file}: cannot be read (${(err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`morphology file ${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseMorphology(value, `morphology file ${file}`);
}

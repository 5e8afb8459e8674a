/**
 * Cortico-cortical (type III) synapses (Schmidt et al. 2018, Methods "Cortico-cortical
 * connectivity" and Supplementary Eqs. 1-5): the area-level synapse count from FLN and the
 * synapse volume density is split over source populations (SLN or CoCoMac source patterns),
 * over target layers (CoCoMac target patterns, or termination patterns predicted from SLN
 * with laminar thicknesses), and over target populations via the Binzegger cell-body
 * probabilities.
 */
import type { CocomacEntry, PopulationDict } from './model-types.ts';

/** Share of extrinsic inputs from subcortical sources (Markov et al. 2011). */
export const SUBCORTICAL_FLN = 0.013;
/** Literature fraction of feedback synapses that target excitatory neurons. */
export const E_SPECIFIC_FACTOR = 0.93;

/** Source populations of cortico-cortical projections: supragranular 23E, infragranular 5E and 6E. */
export const CC_SOURCE_POPS = ['23E', '5E', '6E'] as const;
const INFRAGRANULAR_SOURCES = ['5E', '6E'];

type Termination = 'F' | 'M' | 'C';
/** Layers (names as in the thickness tables) of the termination patterns. */
const TERMINATION_LAYERS: Record<Termination, string[]> = {
  F: ['4'],
  M: ['1', '23', '5', '6'],
  C: ['1', '23', '4', '5', '6'],
};
/** The same patterns as layer numbers 1..6 (layer 2/3 counted as 2 and 3), for CoCoMac patterns. */
const TERMINATION_LAYER_NUMBERS: Record<Termination, number[]> = {
  F: [4],
  M: [1, 2, 3, 5, 6],
  C: [1, 2, 3, 4, 5, 6],
};

/**
 * Termination pattern predicted by the hierarchy: feedforward (SLN > 0.65) in L4, feedback
 * (SLN < 0.35) avoiding L4, lateral otherwise.
 */
export function terminationFromSLN(sln: number): Termination {
  if (sln > 0.65) return 'F';
  if (sln < 0.35) return 'M';
  // Upstream leaves SLN == 0.35 undefined (it would fail); we count it as lateral.
  return 'C';
}

/** FLN of all source areas scaled so that they sum to 1 - intrinsic FLN - subcortical share. */
export function normalizeFLN(
  flnCompleted: Record<string, Record<string, number>>,
  intrinsicFLNFullscale: Record<string, { mean: number }>,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const target of Object.keys(flnCompleted)) {
    const row = flnCompleted[target];
    let sum = 0;
    for (const v of Object.values(row)) sum += v;
    const factor = (1 - intrinsicFLNFullscale[target].mean - SUBCORTICAL_FLN) / sum;
    out[target] = {};
    for (const [source, v] of Object.entries(row)) out[target][source] = factor * v;
  }
  return out;
}

export interface CorticoCorticalInputs {
  cocomac: Record<string, Record<string, CocomacEntry>>;
  sln: Record<string, Record<string, number>>;
  fln: Record<string, Record<string, number>>; // normalized
  rhoSyn: Record<string, number>;
  areaSurfaces: Record<string, number>;
  totalThicknesses: Record<string, number>;
  laminarThicknesses: Record<string, Record<string, number>>;
  neuronNumbersFullscale: PopulationDict;
  synapseToCellBody: Record<string, Record<string, Record<string, number>>>;
}

/**
 * Factorization of a projection B -> A: the synapses from source population j onto target
 * population i of the real-size area A are sourceShare[j] x targetShare[i]. Null when CoCoMac
 * reports no projection.
 */
export interface ProjectionFactors {
  /** Synapses of the projection formed by each source population (23E, 5E, 6E; others 0). */
  sourceShare: Record<string, number>;
  /** Fraction of the projection's synapses whose target cell body is in each population. */
  targetShare: Record<string, number>;
}

export function projectionFactors(
  inp: CorticoCorticalInputs,
  targetArea: string,
  sourceArea: string,
  targetPops: readonly string[],
): ProjectionFactors | null {
  const coco = inp.cocomac[targetArea][sourceArea];
  if (coco === undefined) return null;
  const sln = inp.sln[targetArea][sourceArea];
  const nsynTotal =
    inp.rhoSyn[targetArea] * inp.areaSurfaces[targetArea] * inp.totalThicknesses[targetArea];
  const base = nsynTotal * inp.fln[targetArea][sourceArea];

  // Source side: X = share of the supra- or infragranular pool, Y = share of the population in it.
  const sourceShare: Record<string, number> = {};
  if (coco.source_pattern !== null) {
    const sp = coco.source_pattern.map(Number);
    const supra = sp.slice(0, 3);
    const infra = sp.slice(-2);
    const hasSupra = supra.some((x) => x !== 0);
    const hasInfra = infra.some((x) => x !== 0);
    // A pattern without supra- (infra-)granular labelling overrides the SLN estimate.
    const slnValue = !hasSupra ? 0 : !hasInfra ? 1 : sln;
    sourceShare['23E'] = hasSupra ? base * slnValue : 0;
    let norm = 0;
    for (const x of infra) if (x !== 0) norm += 10 ** x;
    for (const pop of INFRAGRANULAR_SOURCES) {
      const strength = sp[Number(pop.slice(0, -1)) - 1];
      sourceShare[pop] = hasInfra && strength !== 0 ? base * (1 - slnValue) * (10 ** strength / norm) : 0;
    }
  } else {
    sourceShare['23E'] = base * sln;
    const full = inp.neuronNumbersFullscale[sourceArea];
    let infraNeurons = 0;
    for (const pop of INFRAGRANULAR_SOURCES) infraNeurons += full[pop];
    for (const pop of INFRAGRANULAR_SOURCES) sourceShare[pop] = base * (1 - sln) * (full[pop] / infraNeurons);
  }

  // Target side: distribute over the layers of the termination pattern (Z), then to cell bodies.
  const cellBody = inp.synapseToCellBody[targetArea];
  const layerWeights: Array<[string, number]> = [];
  if (coco.target_pattern !== null) {
    const tp = coco.target_pattern.map(Number);
    if (tp.includes(-1)) {
      // Unknown ('?') layers count as moderately strong where the hierarchy predicts terminations.
      for (const layer of TERMINATION_LAYER_NUMBERS[terminationFromSLN(sln)]) {
        if (tp[layer - 1] === -1) tp[layer - 1] = 2;
      }
    }
    let norm = 0;
    for (const x of tp) if (x > 0) norm += 10 ** x;
    for (let i = 0; i < tp.length; i++) {
      if (tp[i] > 0) layerWeights.push([i === 1 || i === 2 ? '23' : String(i + 1), 10 ** tp[i] / norm]);
    }
  } else {
    const layers = TERMINATION_LAYERS[terminationFromSLN(sln)];
    const includesL1 = layers.includes('1');
    const d = inp.laminarThicknesses[targetArea];
    let thickness = 0;
    for (const layer of layers) if (layer !== '1') thickness += d[layer];
    // Half of the synapses of patterns that include L1 are formed there.
    for (const layer of layers) {
      const Z = layer === '1' ? 0.5 : includesL1 ? (0.5 * d[layer]) / thickness : d[layer] / thickness;
      layerWeights.push([layer, Z]);
    }
  }
  const targetShare: Record<string, number> = {};
  for (const pop of targetPops) {
    let share = 0;
    for (const [layer, Z] of layerWeights) {
      const p = cellBody[layer]?.[pop];
      if (p !== undefined) share += p * Z;
    }
    targetShare[pop] = share;
  }
  return { sourceShare, targetShare };
}

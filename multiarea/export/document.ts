/**
 * The export document: every exported quantity under the field names of upstream's reference files
 * (`../shared/refs/structure/case_*.json`), in their order, so any tool can compare the two.
 */
import { delayMatrices } from '../model/delays.ts';
import type { NetworkSource } from '../network-source.ts';

/** Units of the exported quantities (NEST conventions). */
export const EXPORT_UNITS = {
  N_vec: 'neurons',
  K_matrix: 'synapses per target neuron',
  syn_matrix: 'synapses',
  W_matrix: 'pA',
  W_sd_matrix: 'pA',
  J_matrix: 'mV',
  add_DC_drive: 'pA',
  distances: 'mm',
  delay_mean_matrix: 'ms',
  delay_sd_matrix: 'ms',
} as const;

/**
 * Plain-data export of a model. Matrices are row = target, column = source in `structure_vec`
 * order; K_matrix, syn_matrix, W_matrix and J_matrix have one more column, the external Poisson
 * input. W_sd_matrix and the delay matrices are populations x populations.
 */
export interface ExportDocument {
  custom_params: unknown;
  label: string;
  area_list: string[];
  structure: Record<string, string[]>;
  structure_vec: string[];
  N_vec: number[];
  K_matrix: number[][];
  syn_matrix: number[][];
  W_matrix: number[][];
  W_sd_matrix: number[][];
  J_matrix: number[][];
  add_DC_drive: number[];
  distances: Record<string, Record<string, number>>;
  delay_mean_matrix: number[][];
  delay_sd_matrix: number[][];
  params_effective: unknown;
  units: typeof EXPORT_UNITS;
}

const toArray = (v: ArrayLike<number>): number[] => Array.from(v);
const toMatrix = (m: ArrayLike<ArrayLike<number>>): number[][] => Array.from(m, toArray);

export function exportDocument(model: NetworkSource): ExportDocument {
  const a = model.arrays();
  const delays = delayMatrices(a, model.params.delay_params);
  return {
    custom_params: model.customParams ?? null,
    label: model.label,
    area_list: [...a.areaList],
    structure: a.structure,
    structure_vec: [...a.structureVec],
    N_vec: toArray(a.N),
    K_matrix: toMatrix(a.K),
    syn_matrix: toMatrix(a.synapses),
    W_matrix: toMatrix(a.W),
    W_sd_matrix: toMatrix(a.W_sd),
    J_matrix: toMatrix(a.J),
    add_DC_drive: toArray(a.addDC),
    distances: a.distances,
    delay_mean_matrix: toMatrix(delays.mean),
    delay_sd_matrix: toMatrix(delays.sd),
    params_effective: model.params,
    units: EXPORT_UNITS,
  };
}

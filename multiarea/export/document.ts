/**
 * The export document: every exported quantity under the field names of upstream's reference files
 * (`../shared/refs/structure/case_*.json`), in their order, so any tool can compare the two. Objects keyed
 * by area (`structure`, `distances`) keep the model's area order (OrderedRecord), also for area "46".
 */
import { OrderedRecord } from '../../core/index.ts';
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
  /** Area -> its populations, in area_list order. */
  structure: OrderedRecord<string[]>;
  structure_vec: string[];
  N_vec: number[];
  K_matrix: number[][];
  syn_matrix: number[][];
  W_matrix: number[][];
  W_sd_matrix: number[][];
  J_matrix: number[][];
  add_DC_drive: number[];
  /** Distances (mm) between the model's areas, target -> source, both in area_list order. */
  distances: OrderedRecord<OrderedRecord<number>>;
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
    structure: OrderedRecord.of(a.areaList, (area) => [...a.structure[area]]),
    structure_vec: [...a.structureVec],
    N_vec: toArray(a.N),
    K_matrix: toMatrix(a.K),
    syn_matrix: toMatrix(a.synapses),
    W_matrix: toMatrix(a.W),
    W_sd_matrix: toMatrix(a.W_sd),
    J_matrix: toMatrix(a.J),
    add_DC_drive: toArray(a.addDC),
    distances: areaDistances(a.areaList, a.distances),
    delay_mean_matrix: toMatrix(delays.mean),
    delay_sd_matrix: toMatrix(delays.sd),
    params_effective: model.params,
    units: EXPORT_UNITS,
  };
}

/** The areas x areas distances (mm), target -> source, in area order. */
function areaDistances(areas: readonly string[], distances: Record<string, Record<string, number>>): OrderedRecord<OrderedRecord<number>> {
  return OrderedRecord.of(areas, (target) =>
    OrderedRecord.of(areas, (source) => {
      const d = distances[target]?.[source];
      if (typeof d !== 'number') throw new Error(`distances: no distance from ${source} to ${target}; expected a number in mm`);
      return d;
    }),
  );
}

import type { SegmentGeometry } from '../geometry.ts';
import type { DenseMatrix } from '../dense-matrix.ts';

/**
 * A linear forward model: signal = M * (transmembrane currents per segment, nA). M has one row per output
 * channel (contact, or dipole component) and one column per segment.
 */
export interface ForwardModel {
  /** Key under which kernels of this model are reported (defaults to the class name). */
  readonly name: string;
  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix;
}

export function checkPositive(model: string, param: string, value: number, unit: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`${model}: ${param} = ${value} is invalid; expected a positive number (${unit})`);
  }
}

export function checkFiniteArray(model: string, param: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${model}: ${param}[${i}] = ${values[i]} is invalid; expected a finite number (um)`);
  }
}

import { midpoints, type SegmentGeometry } from '../geometry.ts';
import { zeros, type DenseMatrix } from '../dense-matrix.ts';
import type { ForwardModel } from './forward-model.ts';

/**
 * Current dipole moment (nA um) of the cell: p = sum_i r_i I_i over segment midpoints r_i (um) and
 * transmembrane currents I_i (nA). Rows are the x, y and z components.
 */
export class CurrentDipoleMoment implements ForwardModel {
  readonly name: string;
  constructor(opts: { name?: string } = {}) {
    this.name = opts.name ?? 'CurrentDipoleMoment';
  }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    const n = cell.totnsegs;
    const M = zeros(3, n);
    M.data.set(midpoints(cell, 'x'), 0);
    M.data.set(midpoints(cell, 'y'), n);
    M.data.set(midpoints(cell, 'z'), 2 * n);
    return M;
  }
}

/**
 * Current dipole moment of a population with rotational symmetry about the z-axis: the x and y components
 * average out, so only the z row is kept (LFPykernels' KernelApproxCurrentDipoleMoment).
 */
export class KernelApproxCurrentDipoleMoment implements ForwardModel {
  readonly name: string;
  constructor(opts: { name?: string } = {}) {
    this.name = opts.name ?? 'KernelApproxCurrentDipoleMoment';
  }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    const n = cell.totnsegs;
    const M = zeros(3, n);
    M.data.set(midpoints(cell, 'z'), 2 * n);
    return M;
  }
}

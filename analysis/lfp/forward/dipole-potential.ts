import type { SegmentGeometry } from '../geometry.ts';
import { matmul, zeros, type DenseMatrix } from '../dense-matrix.ts';
import { CurrentDipoleMoment, KernelApproxCurrentDipoleMoment } from './current-dipole-moment.ts';
import { checkPositive, type ForwardModel } from './forward-model.ts';

export type Vec3 = [number, number, number];

/**
 * Which current dipole moment a dipole-based model applies to: 'population' keeps only the z-component
 * (population symmetric about the z-axis, as kernels assume); 'cell' uses all three components.
 */
export type DipoleMomentKind = 'population' | 'cell';

export function dipoleMomentModel(kind: DipoleMomentKind): ForwardModel {
  return kind === 'cell' ? new CurrentDipoleMoment() : new KernelApproxCurrentDipoleMoment();
}

export function checkVec3(model: string, param: string, v: ArrayLike<number>): Vec3 {
  if (v.length !== 3 || ![0, 1, 2].every((k) => Number.isFinite(v[k]))) {
    throw new Error(`${model}: ${param} = ${JSON.stringify(Array.from(v))} is invalid; expected [x, y, z] (um)`);
  }
  return [v[0], v[1], v[2]];
}

/**
 * Potential of a current dipole in an infinite homogeneous medium: phi = p . R / (4 pi sigma |R|^3) (mV for
 * p in nA um, R in um, sigma in S/m), with R from the dipole location to each contact.
 */
export class InfiniteMediumDipolePotential implements ForwardModel {
  readonly name: string;
  readonly sigma: number;
  readonly electrodes: Vec3[];
  readonly dipoleLocation: Vec3;
  private readonly moment: ForwardModel;

  constructor(opts: { rElectrodes: ArrayLike<number>[]; dipoleLocation: ArrayLike<number>; sigma?: number; dipole?: DipoleMomentKind; name?: string }) {
    this.name = opts.name ?? 'InfiniteMediumDipolePotential';
    this.sigma = opts.sigma ?? 0.3;
    checkPositive(this.name, 'sigma', this.sigma, 'S/m');
    this.electrodes = opts.rElectrodes.map((r, j) => checkVec3(this.name, `rElectrodes[${j}]`, r));
    this.dipoleLocation = checkVec3(this.name, 'dipoleLocation', opts.dipoleLocation);
    this.moment = dipoleMomentModel(opts.dipole ?? 'population');
  }

  /** Contacts x 3 map from the dipole moment (nA um) to potentials (mV). */
  getDipoleTransformationMatrix(): DenseMatrix {
    const M = zeros(this.electrodes.length, 3);
    this.electrodes.forEach((r, j) => {
      const R = [r[0] - this.dipoleLocation[0], r[1] - this.dipoleLocation[1], r[2] - this.dipoleLocation[2]];
      const norm = Math.hypot(R[0], R[1], R[2]);
      if (norm === 0) throw new Error(`${this.name}: rElectrodes[${j}] coincides with the dipole location; the potential is singular there`);
      for (let k = 0; k < 3; k++) M.data[j * 3 + k] = R[k] / (4 * Math.PI * this.sigma * norm ** 3);
    });
    return M;
  }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    return matmul(this.getDipoleTransformationMatrix(), this.moment.getTransformationMatrix(cell));
  }
}

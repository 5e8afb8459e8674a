import type { SegmentGeometry } from '../geometry.ts';
import { zeros, type DenseMatrix } from '../dense-matrix.ts';
import { checkFiniteArray, checkPositive, type ForwardModel } from './forward-model.ts';

/** Contact positions (um) shared by the extracellular-potential models. */
export interface Contacts {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
}

export function checkContacts(model: string, c: Contacts): number {
  const n = c.x.length;
  if (c.y.length !== n || c.z.length !== n) {
    throw new Error(`${model}: contact coordinates have ${c.x.length}, ${c.y.length}, ${c.z.length} values for x, y, z; expected equal counts`);
  }
  checkFiniteArray(model, 'x', c.x);
  checkFiniteArray(model, 'y', c.y);
  checkFiniteArray(model, 'z', c.z);
  return n;
}

/** Options of the point- and line-source potentials: contacts (um), conductivity sigma (S/m), rLimit (um). */
export type SourcePotentialOptions = Contacts & { sigma?: number; rLimit?: ArrayLike<number>; name?: string };

/** Checks the options of a point- or line-source potential; returns sigma (S/m, default 0.3). */
export function checkSourceOptions(model: string, options: SourcePotentialOptions): number {
  const sigma = options.sigma ?? 0.3;
  checkContacts(model, options);
  checkPositive(model, 'sigma', sigma, 'S/m');
  return sigma;
}

/** Smallest contact distance per segment (um): the given rLimit, or by default half the segment diameter. */
export function segmentRLimit(model: string, rLimit: ArrayLike<number> | undefined, cell: SegmentGeometry): ArrayLike<number> {
  const out = rLimit ?? Float64Array.from(cell.diam, (d) => d / 2);
  if (out.length !== cell.totnsegs) throw new Error(`${model}: rLimit has ${out.length} values, expected ${cell.totnsegs} (one per segment)`);
  return out;
}

/**
 * Extracellular potential of each segment's current as a point source at the segment midpoint in an
 * infinite homogeneous medium: phi = I / (4 pi sigma r) (mV for I in nA, r in um, sigma in S/m). Distances
 * below rLimit (default: half the segment diameter) are raised to it, avoiding the singularity.
 */
export class PointSourcePotential implements ForwardModel {
  readonly name: string;
  readonly sigma: number;
  constructor(readonly contacts: SourcePotentialOptions) {
    this.name = contacts.name ?? 'PointSourcePotential';
    this.sigma = checkSourceOptions('PointSourcePotential', contacts);
  }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    const { x, y, z } = this.contacts;
    const n = cell.totnsegs;
    const rLimit = segmentRLimit('PointSourcePotential', this.contacts.rLimit, cell);
    const M = zeros(x.length, n);
    for (let j = 0; j < x.length; j++) {
      for (let i = 0; i < n; i++) {
        const dx = x[j] - (cell.xStart[i] + cell.xEnd[i]) / 2;
        const dy = y[j] - (cell.yStart[i] + cell.yEnd[i]) / 2;
        const dz = z[j] - (cell.zStart[i] + cell.zEnd[i]) / 2;
        const r = Math.max(Math.hypot(dx, dy, dz), rLimit[i]);
        M.data[j * n + i] = 1 / (4 * Math.PI * this.sigma * r);
      }
    }
    return M;
  }
}

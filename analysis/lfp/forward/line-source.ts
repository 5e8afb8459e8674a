import type { SegmentGeometry } from '../geometry.ts';
import { zeros, type DenseMatrix } from '../dense-matrix.ts';
import type { ForwardModel } from './forward-model.ts';
import { checkSourceOptions, segmentRLimit, type SourcePotentialOptions } from './point-source.ts';

/**
 * Extracellular potential of each segment's current spread uniformly along the segment (line source) in an
 * infinite homogeneous medium (Holt 1998): for a segment of length L, with h the signed distance along its
 * axis from the end point to the contact's projection and r the perpendicular distance (raised to rLimit,
 * default half the diameter), phi = I / (4 pi sigma L) * (asinh(l / r) - asinh(h / r)), l = h + L.
 */
export class LineSourcePotential implements ForwardModel {
  readonly name: string;
  readonly sigma: number;
  constructor(readonly contacts: SourcePotentialOptions) {
    this.name = contacts.name ?? 'LineSourcePotential';
    this.sigma = checkSourceOptions('LineSourcePotential', contacts);
  }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    const { x, y, z } = this.contacts;
    const n = cell.totnsegs;
    const rLimit = segmentRLimit('LineSourcePotential', this.contacts.rLimit, cell);
    const M = zeros(x.length, n);
    for (let i = 0; i < n; i++) {
      const ex = cell.xEnd[i] - cell.xStart[i];
      const ey = cell.yEnd[i] - cell.yStart[i];
      const ez = cell.zEnd[i] - cell.zStart[i];
      const L = Math.hypot(ex, ey, ez);
      for (let j = 0; j < x.length; j++) {
        const px = x[j] - cell.xEnd[i], py = y[j] - cell.yEnd[i], pz = z[j] - cell.zEnd[i];
        const dist2 = px * px + py * py + pz * pz;
        if (L === 0) {
          M.data[j * n + i] = 1 / (4 * Math.PI * this.sigma * Math.max(Math.sqrt(dist2), rLimit[i]));
        } else {
          const h = (px * ex + py * ey + pz * ez) / L;
          const r2 = Math.max(dist2 - h * h, rLimit[i] * rLimit[i]);
          M.data[j * n + i] = lineIntegral(h, h + L, L, r2) / (4 * Math.PI * this.sigma * L);
        }
      }
    }
    return M;
  }
}

/**
 * The integral of 1 / sqrt(s^2 + r^2) over s from h to l = h + L (L > 0), asinh(l / r) - asinh(h / r),
 * without cancellation: where h and l have the same sign (the contact beyond an end of the segment) the
 * two terms nearly cancel far along the axis, so their difference is taken inside one asinh with
 * sinh(A - B) = sinh A cosh B - cosh A sinh B, whose terms are rearranged into a sum of positive ones:
 * asinh(L (l + h) / (l sqrt(r^2 + h^2) + h sqrt(r^2 + l^2))) for 0 <= h < l (mirrored for h < l <= 0).
 */
export function lineIntegral(h: number, l: number, L: number, r2: number): number {
  if (h >= 0) return Math.asinh((L * (l + h)) / (l * Math.sqrt(r2 + h * h) + h * Math.sqrt(r2 + l * l)));
  if (l <= 0) return Math.asinh((L * -(l + h)) / (-h * Math.sqrt(r2 + l * l) - l * Math.sqrt(r2 + h * h)));
  const r = Math.sqrt(r2);
  return Math.asinh(l / r) + Math.asinh(-h / r);
}

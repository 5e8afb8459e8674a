import type { SegmentGeometry } from '../geometry.ts';
import { zeros, type DenseMatrix } from '../dense-matrix.ts';
import type { ForwardModel } from './forward-model.ts';
import { checkSourceOptions, segmentRLimit, type SourcePotentialOptions } from './point-source.ts';

/**
 * Extracellular potential of each segment's current spread uniformly along the segment (line source) in an
 * infinite homogeneous medium (Holt 1998): for a segment of length L, with h the signed distance along its
 * axis from the end point to the contact's projection and r the perpendicular distance (raised to rLimit,
 * default half the diameter), phi = I / (4 pi sigma L) * ln((sqrt(l^2 + r^2) + l) / (sqrt(h^2 + r^2) + h)),
 * l = h + L, evaluated in the cancellation-free form for each sign of h and l.
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
          continue;
        }
        const h = (px * ex + py * ey + pz * ez) / L;
        const r2 = Math.max(dist2 - h * h, rLimit[i] * rLimit[i]);
        const l = h + L;
        let value: number;
        if (h < 0 && l < 0) value = Math.log((Math.sqrt(h * h + r2) - h) / (Math.sqrt(l * l + r2) - l));
        else if (h < 0) value = Math.log(((Math.sqrt(h * h + r2) - h) * (l + Math.sqrt(l * l + r2))) / r2);
        else value = Math.log((Math.sqrt(l * l + r2) + l) / (Math.sqrt(h * h + r2) + h));
        M.data[j * n + i] = value / (4 * Math.PI * this.sigma * L);
      }
    }
    return M;
  }
}

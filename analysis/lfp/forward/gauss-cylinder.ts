import { midpoints, type SegmentGeometry } from '../geometry.ts';
import { zeros, type DenseMatrix } from '../dense-matrix.ts';
import { integrateGL } from '../../../core/index.ts';
import { checkFiniteArray, checkPositive, type ForwardModel } from './forward-model.ts';

/**
 * Potential on the axis of a population whose current sources are spread uniformly over a disk of radius R
 * (um) in the xy-plane and normally along z with standard deviation sigmaZ (um), as in Hagen et al. (2022,
 * LFPykernels' GaussCylinderPotential). Only segment midpoint depths matter. Entry (j, i) is
 *   1/(pi R^2) * integral dz  g(z) * (sqrt((z_j - z_i - z)^2 + R^2) - |z_j - z_i - z|) / (2 sigma),
 * with g the normal density; units mV/nA for sigma in S/m and lengths in um.
 * The integral is computed by composite Gauss-Legendre quadrature split at the kink of |.|; the integrand is
 * analytic on each side (nearest singularity at distance R from the real axis), so a fixed rule reaches
 * ~1e-13 relative accuracy.
 */
export class GaussCylinderPotential implements ForwardModel {
  readonly name: string;
  readonly z: Float64Array;

  constructor(
    readonly params: { z: ArrayLike<number>; sigma?: number; R?: number; sigmaZ?: number; name?: string },
  ) {
    this.z = Float64Array.from(params.z);
    this.name = params.name ?? 'GaussCylinderPotential';
    checkFiniteArray('GaussCylinderPotential', 'z', this.z);
    checkPositive('GaussCylinderPotential', 'sigma', this.sigma, 'S/m');
    checkPositive('GaussCylinderPotential', 'R', this.R, 'um');
    checkPositive('GaussCylinderPotential', 'sigmaZ', this.sigmaZ, 'um');
  }

  get sigma(): number { return this.params.sigma ?? 0.3; }
  get R(): number { return this.params.R ?? 100; }
  get sigmaZ(): number { return this.params.sigmaZ ?? 50; }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    const zMid = midpoints(cell, 'z');
    const M = zeros(this.z.length, cell.totnsegs);
    for (let j = 0; j < this.z.length; j++) {
      for (let i = 0; i < cell.totnsegs; i++) {
        M.data[j * cell.totnsegs + i] = this.diskResponse(this.z[j] - zMid[i]);
      }
    }
    return M;
  }

  /** Potential (mV) at vertical offset `offset` (um) above a unit (1 nA) smeared source. */
  diskResponse(offset: number): number {
    const { sigma, R, sigmaZ } = this;
    const halfRange = 9 * sigmaZ; // the normal density is below 3e-18 of its peak beyond
    // Panels a bit wider than the distance R of the integrand's complex singularities (u = +-iR) or the
    // Gaussian's width: 10 nodes per panel then give ~1e-13 relative accuracy.
    const panelWidth = 1.5 * Math.min(sigmaZ, R);
    const integrand = (z: number) => {
      const u = offset - z;
      return (Math.sqrt(u * u + R * R) - Math.abs(u)) * Math.exp(-0.5 * (z / sigmaZ) ** 2);
    };
    let total = 0;
    const kink = offset;
    if (kink > -halfRange && kink < halfRange) {
      total = panels(integrand, -halfRange, kink, panelWidth) + panels(integrand, kink, halfRange, panelWidth);
    } else {
      total = panels(integrand, -halfRange, halfRange, panelWidth);
    }
    const density = 1 / (sigmaZ * Math.sqrt(2 * Math.PI));
    return (total * density) / (2 * sigma) / (Math.PI * R * R);
  }
}

/** Integral of f over [a, b] by 10-node Gauss-Legendre panels no wider than `width`. */
function panels(f: (x: number) => number, a: number, b: number, width: number): number {
  if (!(b > a)) return 0;
  return integrateGL(f, a, b, Math.max(1, Math.ceil((b - a) / width)), 10);
}

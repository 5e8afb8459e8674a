import type { SegmentGeometry } from '../geometry.ts';
import { zeros, type DenseMatrix } from '../dense-matrix.ts';
import { gaussLegendre } from '../../../core/index.ts';
import { checkPositive, type ForwardModel } from './forward-model.ts';
import { checkContacts, type Contacts } from './point-source.ts';

/**
 * Average of a contact-based forward model over the cell positions of a population: somata uniform on a
 * disk of radius `radius` (um) in the xy-plane and normal in depth with sd `scale` (um) around the cell's
 * position. The representative cell stands for every cell of the population, so its transformation matrix is
 * averaged over displacements d: M(c) = E_d[M_single(c - d)], by a product quadrature (Gauss-Legendre in the
 * squared radius and in depth over +-8 sd with normal weights, equispaced angles). LFPykernels instead
 * averages over 2000 random positions, so it is not deterministic.
 */
export class PopulationAveragedPotential implements ForwardModel {
  readonly name: string;
  private readonly nodes: { dx: number; dy: number; dz: number; w: number }[];

  constructor(
    private readonly build: (contacts: Contacts) => ForwardModel,
    private readonly contacts: Contacts,
    opts: { radius: number; scale: number; name?: string; radialOrder?: number; angularOrder?: number; depthOrder?: number },
  ) {
    checkContacts('PopulationAveragedPotential', contacts);
    checkPositive('PopulationAveragedPotential', 'radius', opts.radius, 'um');
    checkPositive('PopulationAveragedPotential', 'scale', opts.scale, 'um');
    this.name = opts.name ?? `PopulationAveraged${build(contacts).name}`;
    const radial = gaussLegendre(opts.radialOrder ?? 12);
    const depth = gaussLegendre(opts.depthOrder ?? 32);
    const nAngles = opts.angularOrder ?? 24;
    const depthNodes: { z: number; w: number }[] = [];
    let depthSum = 0;
    for (let k = 0; k < depth.nodes.length; k++) {
      const z = 8 * opts.scale * depth.nodes[k];
      const w = depth.weights[k] * Math.exp(-0.5 * (z / opts.scale) ** 2);
      depthNodes.push({ z, w });
      depthSum += w;
    }
    this.nodes = [];
    for (let i = 0; i < radial.nodes.length; i++) {
      // uniform in area: r = R sqrt(u), u in [0, 1]
      const r = opts.radius * Math.sqrt((radial.nodes[i] + 1) / 2);
      const wr = radial.weights[i] / 2;
      for (let a = 0; a < nAngles; a++) {
        const theta = (2 * Math.PI * (a + 0.5)) / nAngles;
        for (const { z, w } of depthNodes) {
          this.nodes.push({ dx: r * Math.cos(theta), dy: r * Math.sin(theta), dz: z, w: (wr / nAngles) * (w / depthSum) });
        }
      }
    }
  }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    const { x, y, z } = this.contacts;
    let out: DenseMatrix | undefined;
    for (const { dx, dy, dz, w } of this.nodes) {
      const shifted = {
        x: Array.from(x, (v) => v - dx),
        y: Array.from(y, (v) => v - dy),
        z: Array.from(z, (v) => v - dz),
      };
      const M = this.build(shifted).getTransformationMatrix(cell);
      out ??= zeros(M.rows, M.cols);
      for (let k = 0; k < M.data.length; k++) out.data[k] += w * M.data[k];
    }
    return out!;
  }
}

import type { SegmentGeometry } from '../geometry.ts';
import { matmul, zeros, type DenseMatrix } from '../dense-matrix.ts';
import { checkVec3, dipoleMomentModel, type DipoleMomentKind, type Vec3 } from './dipole-potential.ts';
import type { ForwardModel } from './forward-model.ts';

/**
 * EEG forward model: potential of a current dipole in the four-sphere head model (brain, CSF, skull, scalp;
 * air outside), the corrected series solution of Naess et al. (2017, Front Hum Neurosci 11:490). The dipole
 * is split into a radial part (series in Legendre polynomials P_n) and a tangential part (associated Legendre
 * functions P_n^1); each series is summed until a term drops below `iterFactor` times the running sum.
 * Units: radii and positions in um, conductivities in S/m, dipole moments in nA um, potentials in mV.
 */
export class FourSphereVolumeConductor implements ForwardModel {
  readonly name: string;
  readonly radii: [number, number, number, number];
  readonly sigmas: [number, number, number, number];
  readonly electrodes: Vec3[];
  readonly dipoleLocation: Vec3;
  readonly iterFactor: number;
  private readonly moment: ForwardModel;

  constructor(opts: {
    rElectrodes: ArrayLike<number>[];
    dipoleLocation: ArrayLike<number>;
    radii?: number[];
    sigmas?: number[];
    iterFactor?: number;
    dipole?: DipoleMomentKind;
    name?: string;
  }) {
    this.name = opts.name ?? 'FourSphereVolumeConductor';
    const radii = opts.radii ?? [79000, 80000, 85000, 90000];
    const sigmas = opts.sigmas ?? [0.3, 1.5, 0.015, 0.3];
    if (radii.length !== 4 || !(radii[0] > 0 && radii[0] < radii[1] && radii[1] < radii[2] && radii[2] < radii[3])) {
      throw new Error(`${this.name}: radii = ${JSON.stringify(radii)} are invalid; expected 4 increasing positive radii (um) of brain, CSF, skull, scalp`);
    }
    if (sigmas.length !== 4 || !sigmas.every((s) => s > 0 && Number.isFinite(s))) {
      throw new Error(`${this.name}: sigmas = ${JSON.stringify(sigmas)} are invalid; expected 4 positive conductivities (S/m)`);
    }
    this.radii = radii as [number, number, number, number];
    this.sigmas = sigmas as [number, number, number, number];
    this.iterFactor = opts.iterFactor ?? (2 / 99) * 1e-6;
    this.dipoleLocation = checkVec3(this.name, 'dipoleLocation', opts.dipoleLocation);
    this.electrodes = opts.rElectrodes.map((r, j) => checkVec3(this.name, `rElectrodes[${j}]`, r));
    const rz = Math.hypot(...this.dipoleLocation);
    if (!(rz > 0 && rz < radii[0])) {
      throw new Error(`${this.name}: dipoleLocation at ${rz} um from the centre is invalid; expected inside the brain sphere (0 < |r| < ${radii[0]} um)`);
    }
    this.electrodes.forEach((e, j) => {
      const r = Math.hypot(...e);
      if (!(r > rz && r <= radii[3])) {
        throw new Error(`${this.name}: rElectrodes[${j}] at ${r} um from the centre is invalid; expected farther out than the dipole (${rz} um) and within the scalp (${radii[3]} um)`);
      }
    });
    this.moment = dipoleMomentModel(opts.dipole ?? 'population');
  }

  getTransformationMatrix(cell: SegmentGeometry): DenseMatrix {
    return matmul(this.getDipoleTransformationMatrix(), this.moment.getTransformationMatrix(cell));
  }

  /** Contacts x 3 map from the dipole moment (nA um) to potentials (mV). */
  getDipoleTransformationMatrix(): DenseMatrix {
    const [d0, d1, d2] = this.dipoleLocation;
    const rz = Math.hypot(d0, d1, d2);
    const zHat = [d0 / rz, d1 / rz, d2 / rz];
    const scale = 1 / (4 * Math.PI * this.sigmas[0] * rz * rz);
    const M = zeros(this.electrodes.length, 3);
    this.electrodes.forEach((e, j) => {
      const r = Math.hypot(...e);
      const along = e[0] * zHat[0] + e[1] * zHat[1] + e[2] * zHat[2];
      const cosTheta = Math.max(-1, Math.min(1, along / r));
      // In-plane part of the electrode position, perpendicular to the dipole location.
      const uv = [e[0] - along * zHat[0], e[1] - along * zHat[1], e[2] - along * zHat[2]];
      const uvNorm = Math.hypot(uv[0], uv[1], uv[2]);
      const radial = this.seriesSum(r, cosTheta, rz, 'radial');
      const onAxis = uvNorm <= 1e-12 * r;
      const tangential = onAxis ? 0 : this.seriesSum(r, cosTheta, rz, 'tangential');
      for (let k = 0; k < 3; k++) {
        const tan = onAxis ? 0 : (uv[k] / uvNorm) * tangential;
        M.data[j * 3 + k] = scale * (zHat[k] * radial - tan);
      }
    });
    return M;
  }

  /** Series over n >= 1 for an electrode at radius r and polar angle theta from the dipole axis. */
  private seriesSum(r: number, cosTheta: number, rz: number, part: 'radial' | 'tangential'): number {
    const [r1, r2, r3, r4] = this.radii;
    const shell = r <= r1 ? 0 : r <= r2 ? 1 : r <= r3 ? 2 : 3;
    const stop = shell === 0 ? this.iterFactor * 1e-6 : this.iterFactor;
    const sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
    // Legendre recurrences: P_n (radial) or P_n^1 with the Condon-Shortley phase (tangential).
    let pPrev = part === 'radial' ? 1 : 0; // P_0 or P_0^1
    let pCur = part === 'radial' ? cosTheta : -sinTheta; // P_1 or P_1^1
    let sum = 0;
    let coeffSum = 0;
    for (let n = 1; n < 1_000_000; n++) {
      const c = this.coefficients(n, rz);
      let term: number;
      if (shell === 0) term = c.c1 * (r / r1) ** n + (rz / r) ** (n + 1);
      else if (shell === 1) {
        const common = c.c1 + c.rz1Pow;
        const t1 = (common * (r1 / r2) * ((r1 * r) / (r2 * r2)) ** n) / ((r1 / r2) ** (2 * n + 1) + c.y);
        const t2 = (c.y * common) / ((r / r2) * ((r1 * r) / (r2 * r2)) ** n + (r / r1) ** (n + 1) * c.y);
        term = t1 + t2;
      } else if (shell === 2) term = c.c3 * (r / r3) ** n + c.d3 * (r3 / r) ** (n + 1);
      else term = c.c4 * (r / r4) ** n + c.d4 * (r4 / r) ** (n + 1);
      const weighted = part === 'radial' ? n * term : term;
      sum += weighted * pCur;
      coeffSum += weighted;
      if (!(weighted > stop * coeffSum)) break;
      const m = part === 'radial' ? 0 : 1;
      const pNext = ((2 * n + 1) * cosTheta * pCur - (n + m) * pPrev) / (n + 1 - m);
      pPrev = pCur;
      pCur = pNext;
    }
    return sum;
  }

  /** Coefficients of the n-th term (Naess et al. 2017, corrected four-sphere model). */
  private coefficients(n: number, rz: number) {
    const [r1, r2, r3, r4] = this.radii;
    const [s1, s2, s3, s4] = this.sigmas;
    const r12 = r1 / r2, r23 = r2 / r3, r34 = r3 / r4;
    const s12 = s1 / s2, s23 = s2 / s3, s34 = s3 / s4;
    const np1n = (n + 1) / n;
    const nnp1 = n / (n + 1);
    const r34p = r34 ** (2 * n + 1);
    const rcV = (r34p - 1) / (np1n * r34p + 1);
    const v = s34 + rcV === 0 ? 1e12 : (nnp1 * s34 - rcV) / (s34 + rcV);
    const r23p = r23 ** (2 * n + 1);
    const rcY = (nnp1 * r23p - v) / (r23p + v);
    const y = s23 + rcY === 0 ? 1e12 : (nnp1 * s23 - rcY) / (s23 + rcY);
    const r12p = r12 ** (2 * n + 1);
    const zc = (r12p - np1n * y) / (r12p + y);
    const rz1Pow = (rz / r1) ** (n + 1);
    const c1 = ((np1n * s12 + zc) / (s12 - zc)) * rz1Pow;
    const c2 = ((c1 + rz1Pow) * r12 ** (n + 1)) / (r12p + y);
    const d2 = y * c2;
    const c3 = ((c2 + d2) * r23 ** (n + 1)) / (r23p + v);
    const d3 = v * c3;
    const c4 = (np1n * r34 ** (n + 1) * (c3 + d3)) / (np1n * r34p + 1);
    const d4 = nnp1 * c4;
    return { c1, c3, d3, c4, d4, y, rz1Pow };
  }
}

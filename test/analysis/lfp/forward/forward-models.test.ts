// Forward models against closed forms and limits.
import { describe, expect, it } from 'vitest';
import {
  CurrentDipoleMoment,
  FourSphereVolumeConductor,
  GaussCylinderPotential,
  InfiniteMediumDipolePotential,
  KernelApproxCurrentDipoleMoment,
  LineSourcePotential,
  PointSourcePotential,
  PopulationAveragedPotential,
  segmentGeometry,
} from '../../../../analysis/index.ts';
import { integrateGL } from '../../../../core/math/gauss-legendre.ts';

/** One straight segment from a to b (um) with diameter d. */
function oneSegment(a: number[], b: number[], d = 1) {
  return segmentGeometry({ xStart: [a[0]], yStart: [a[1]], zStart: [a[2]], xEnd: [b[0]], yEnd: [b[1]], zEnd: [b[2]], diam: [d] });
}

describe('PointSourcePotential', () => {
  it('is 1/(4 pi sigma r) and clamps r at half the diameter', () => {
    const seg = oneSegment([0, 0, -5], [0, 0, 5], 4);
    const m = new PointSourcePotential({ x: [30, 0, 1], y: [40, 0, 0], z: [0, 100, 0], sigma: 0.3 }).getTransformationMatrix(seg);
    expect(m.data[0]).toBeCloseTo(1 / (4 * Math.PI * 0.3 * 50), 15);
    expect(m.data[1]).toBeCloseTo(1 / (4 * Math.PI * 0.3 * 100), 15);
    expect(m.data[2]).toBeCloseTo(1 / (4 * Math.PI * 0.3 * 2), 15);
  });
  it('rejects a bad conductivity', () => {
    expect(() => new PointSourcePotential({ x: [0], y: [0], z: [0], sigma: -1 })).toThrow(/sigma = -1/);
  });
});

describe('LineSourcePotential', () => {
  const sigma = 0.3;
  const seg = oneSegment([10, -20, 30], [40, 20, 80]);
  const L = Math.hypot(30, 40, 50);
  /** Potential of the current spread evenly on the segment, by quadrature of point sources. */
  function byQuadrature(p: number[]): number {
    const f = (s: number) => {
      const q = [10 + 30 * s, -20 + 40 * s, 30 + 50 * s];
      return 1 / (4 * Math.PI * sigma * Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
    };
    return integrateGL(f, 0, 1, 200, 20);
  }
  it('equals the integral of point sources along the segment, on every side of it', () => {
    const contacts = [[0, 0, 0], [100, 0, 0], [25, 0, 55.5], [60, 60, 120], [-30, -80, -10], [25, 5, 50]];
    const m = new LineSourcePotential({ x: contacts.map((c) => c[0]), y: contacts.map((c) => c[1]), z: contacts.map((c) => c[2]), sigma }).getTransformationMatrix(seg);
    contacts.forEach((c, j) => expect(m.data[j] / byQuadrature(c) - 1).toBeLessThan(1e-10));
    expect(L).toBeGreaterThan(0);
  });
  it('tends to the point source in the far field', () => {
    const far = [1e5, 2e5, -3e5];
    const line = new LineSourcePotential({ x: [far[0]], y: [far[1]], z: [far[2]], sigma }).getTransformationMatrix(seg).data[0];
    const point = new PointSourcePotential({ x: [far[0]], y: [far[1]], z: [far[2]], sigma }).getTransformationMatrix(seg).data[0];
    expect(Math.abs(line / point - 1)).toBeLessThan(1e-7);
  });
  it('keeps full precision far along the axis, beyond either end (series in (r/h)^2; quadrature of point sources)', () => {
    // Segment on the z axis from 0 to L; contact at perpendicular distance r, a distance d beyond an end.
    // Every input is exact in binary, so the reference errs only by rounding: the integral of
    // 1/sqrt(s^2 + r^2) over [d, d + L] as log1p(L/d) plus the series in r^2/s^2 (truncated after the
    // (r/d)^6 term: below 1e-20 relative for d >= 1000 r).
    const Lz = 10, r = 3;
    const axial = oneSegment([0, 0, 0], [0, 0, Lz]);
    const series = (d: number) => {
      const l = d + Lz;
      const inv = (k: number) => (l ** k - d ** k) / (d ** k * l ** k);
      return Math.log1p(Lz / d) - ((r * r) / 4) * inv(2) + ((3 * r ** 4) / 32) * inv(4) - ((5 * r ** 6) / 96) * inv(6);
    };
    for (const d of [3e3, 1e4, 1e5, 1e6]) {
      const m = new LineSourcePotential({ x: [r, r], y: [0, 0], z: [Lz + d, -d], sigma }).getTransformationMatrix(axial);
      const ref = series(d) / (4 * Math.PI * sigma * Lz);
      // The log-ratio form used before was off by 1.7e-13 at d = 1e4 and 1.1e-11 at d = 1e6.
      for (const v of m.data) expect(Math.abs(v / ref - 1)).toBeLessThan(4e-16);
    }
    // The oblique segment, contacts on its axis line 1e4 to 1e5 lengths away: the point-source
    // quadrature sums positive terms only, so it stays accurate to rounding.
    const dir = [30 / L, 40 / L, 50 / L];
    for (const k of [1e4, 1e5]) {
      const far = [40 + dir[0] * k * L + 2, 20 + dir[1] * k * L, 80 + dir[2] * k * L];
      const near = [10 - dir[0] * k * L, -20 - dir[1] * k * L - 2, 30 - dir[2] * k * L];
      for (const c of [far, near]) {
        const v = new LineSourcePotential({ x: [c[0]], y: [c[1]], z: [c[2]], sigma }).getTransformationMatrix(seg).data[0];
        expect(Math.abs(v / byQuadrature(c) - 1)).toBeLessThan(1e-14);
      }
    }
  });
});

describe('GaussCylinderPotential', () => {
  it('tends to the on-axis potential of a uniform disk as sigmaZ -> 0', () => {
    const R = 150, sigma = 0.3;
    const seg = oneSegment([0, 0, -1], [0, 0, 1]);
    const z = [0, 37, 250, -900];
    const m = new GaussCylinderPotential({ z, sigma, R, sigmaZ: 1e-6 }).getTransformationMatrix(seg);
    z.forEach((zj, j) => {
      const disk = (Math.sqrt(zj * zj + R * R) - Math.abs(zj)) / (2 * sigma) / (Math.PI * R * R);
      // The kink of |z| at the disk smears by ~sigmaZ / R relative.
      expect(Math.abs(m.data[j] / disk - 1)).toBeLessThan(1e-7);
    });
  });
  it('matches a brute-force quadrature of the smeared disk', () => {
    const R = 150, sigma = 0.3, sigmaZ = 75;
    const model = new GaussCylinderPotential({ z: [0], sigma, R, sigmaZ });
    for (const offset of [0, 12.5, -333, 985, 2000]) {
      const f = (zz: number) => {
        const u = offset - zz;
        return ((Math.sqrt(u * u + R * R) - Math.abs(u)) / (2 * sigma)) * Math.exp(-0.5 * (zz / sigmaZ) ** 2) / (sigmaZ * Math.sqrt(2 * Math.PI));
      };
      const brute = (integrateGL(f, -3000, offset, 3000, 20) + integrateGL(f, offset, 3000, 3000, 20)) / (Math.PI * R * R);
      expect(Math.abs(model.diskResponse(offset) / brute - 1)).toBeLessThan(1e-12);
    }
  });
  it('tends to a point source far away', () => {
    const m = new GaussCylinderPotential({ z: [1e6], sigma: 0.3, R: 150, sigmaZ: 75 }).getTransformationMatrix(oneSegment([0, 0, 0], [0, 0, 0]));
    expect(Math.abs(m.data[0] * 4 * Math.PI * 0.3 * 1e6 - 1)).toBeLessThan(1e-6);
  });
});

describe('current dipole moment', () => {
  it('is sum of midpoint times current; the population variant keeps only z', () => {
    const seg = segmentGeometry({ xStart: [0, 2], xEnd: [2, 4], yStart: [1, 1], yEnd: [1, 3], zStart: [-5, 5], zEnd: [5, 15], diam: [1, 1] });
    const full = new CurrentDipoleMoment().getTransformationMatrix(seg);
    expect(Array.from(full.data)).toEqual([1, 3, 1, 2, 0, 10]);
    const pop = new KernelApproxCurrentDipoleMoment().getTransformationMatrix(seg);
    expect(Array.from(pop.data)).toEqual([0, 0, 0, 0, 0, 10]);
  });
});

describe('InfiniteMediumDipolePotential', () => {
  it('equals the far field of a source-sink pair', () => {
    const sigma = 0.33, d = 1, I = 2; // +I at z = +d/2, -I at z = -d/2: p = I d e_z
    const e = [3000, -4000, 12000];
    const pair = (I / (4 * Math.PI * sigma)) * (1 / Math.hypot(e[0], e[1], e[2] - d / 2) - 1 / Math.hypot(e[0], e[1], e[2] + d / 2));
    const M = new InfiniteMediumDipolePotential({ rElectrodes: [e], dipoleLocation: [0, 0, 0], sigma }).getDipoleTransformationMatrix();
    expect(Math.abs((M.data[2] * I * d) / pair - 1)).toBeLessThan(1e-7);
  });
});

describe('FourSphereVolumeConductor', () => {
  it('reproduces the documented LFPykit example (Naess et al. 2017 defaults)', () => {
    // lfpykit FourSphereVolumeConductor docstring: p = (10, 10, 10) nA um at (0, 0, 78000) um.
    const fs = new FourSphereVolumeConductor({ rElectrodes: [[0, 0, 90000], [0, 85000, 0]], dipoleLocation: [0, 0, 78000] });
    const M = fs.getDipoleTransformationMatrix();
    const phi = [0, 1].map((j) => 10 * (M.data[3 * j] + M.data[3 * j + 1] + M.data[3 * j + 2]));
    expect(Math.abs(phi[0] / 1.06247669e-8 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(phi[1] / 2.39290752e-10 - 1)).toBeLessThan(1e-8);
  });
  it('with equal conductivities equals the infinite-medium dipole near the dipole', () => {
    const R = 1e6;
    const loc = [0, 0, 0.5 * R];
    const els = [[300, 200, 0.5 * R + 500], [0, 0, 0.5 * R + 1000], [700, -400, 0.5 * R + 800]];
    const fs = new FourSphereVolumeConductor({ rElectrodes: els, dipoleLocation: loc, radii: [R, 1.01 * R, 1.02 * R, 1.03 * R], sigmas: [0.3, 0.3, 0.3, 0.3] });
    const inf = new InfiniteMediumDipolePotential({ rElectrodes: els, dipoleLocation: loc, sigma: 0.3 });
    const a = fs.getDipoleTransformationMatrix().data;
    const b = inf.getDipoleTransformationMatrix().data;
    const scale = Math.max(...Array.from(b, Math.abs));
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k]) / scale).toBeLessThan(1e-5);
  });
  it('maps cell currents through the population dipole moment', () => {
    const seg = oneSegment([0, 0, 0], [0, 0, 100]);
    const fs = new FourSphereVolumeConductor({ rElectrodes: [[0, 0, 90000]], dipoleLocation: [0, 0, 78000] });
    const M = fs.getTransformationMatrix(seg);
    expect(M.data[0]).toBeCloseTo(fs.getDipoleTransformationMatrix().data[2] * 50, 20);
  });
  it('rejects electrodes outside the head and dipoles outside the brain', () => {
    expect(() => new FourSphereVolumeConductor({ rElectrodes: [[0, 0, 95000]], dipoleLocation: [0, 0, 78000] })).toThrow(/rElectrodes\[0\].*95000/);
    expect(() => new FourSphereVolumeConductor({ rElectrodes: [[0, 0, 90000]], dipoleLocation: [0, 0, 79500] })).toThrow(/dipoleLocation/);
  });
});

describe('PopulationAveragedPotential', () => {
  it('of a point source equals the Gauss-cylinder model (the same population average, in closed radial form)', () => {
    const R = 150, scale = 75, sigma = 0.3;
    const seg = oneSegment([0, 0, -1], [0, 0, 1]);
    const z = [700, -900, 300];
    const avg = new PopulationAveragedPotential((c) => new PointSourcePotential({ ...c, sigma }), { x: z.map(() => 0), y: z.map(() => 0), z }, { radius: R, scale, depthOrder: 40 });
    const gauss = new GaussCylinderPotential({ z, sigma, R, sigmaZ: scale });
    const a = avg.getTransformationMatrix(seg).data;
    const b = gauss.getTransformationMatrix(seg).data;
    expect(Math.abs(a[0] / b[0] - 1)).toBeLessThan(1e-9);
    expect(Math.abs(a[1] / b[1] - 1)).toBeLessThan(1e-9);
    expect(Math.abs(a[2] / b[2] - 1)).toBeLessThan(1e-5); // 4 sd from the centre: still smooth
  });
});

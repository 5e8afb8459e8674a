/**
 * Probability distributions used by kernel specifications (synapse depth profiles, multapse counts, delays),
 * parameterised as scipy.stats: `norm(loc, scale)` and `truncnorm(a, b, loc, scale)` where a and b are the
 * truncation bounds in units of scale relative to loc (null = unbounded).
 */
import { normalTails } from '../../core/index.ts';

export type DistributionSpec =
  | { fun: 'norm'; loc: number; scale: number }
  | { fun: 'truncnorm'; a: number | null; b: number | null; loc: number; scale: number };

export interface Distribution {
  pdf(x: number): number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function makeDistribution(spec: DistributionSpec, name = 'distribution'): Distribution {
  if (!(Number.isFinite(spec.loc) && Number.isFinite(spec.scale) && spec.scale > 0)) {
    throw new Error(`${name}: loc = ${spec.loc}, scale = ${spec.scale} are invalid; expected finite loc and scale > 0`);
  }
  const { loc, scale } = spec;
  if (spec.fun === 'norm') {
    return { pdf: (x) => (INV_SQRT_2PI / scale) * Math.exp(-0.5 * ((x - loc) / scale) ** 2) };
  }
  if (spec.fun === 'truncnorm') {
    const a = spec.a ?? -Infinity;
    const b = spec.b ?? Infinity;
    if (!(a < b)) throw new Error(`${name}: truncnorm bounds a = ${spec.a}, b = ${spec.b} are invalid; expected a < b`);
    // Differences of the tails on the side away from the mean keep their relative accuracy far out (a >> 0).
    const mass = a > 0 ? normalTails(a).upper - normalTails(b).upper : normalTails(b).lower - normalTails(a).lower;
    return {
      pdf: (x) => {
        const u = (x - loc) / scale;
        return u < a || u > b ? 0 : (INV_SQRT_2PI * Math.exp(-0.5 * u * u)) / (scale * mass);
      },
    };
  }
  throw new Error(`${name}: fun = ${JSON.stringify((spec as { fun: unknown }).fun)} is not supported; expected 'norm' or 'truncnorm'`);
}

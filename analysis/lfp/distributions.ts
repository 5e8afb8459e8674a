/**
 * Probability distributions used by kernel specifications (synapse depth profiles, multapse counts, delays),
 * parameterised as scipy.stats: `norm(loc, scale)` and `truncnorm(a, b, loc, scale)` where a and b are the
 * truncation bounds in units of scale relative to loc (null = unbounded).
 */
export type DistributionSpec =
  | { fun: 'norm'; loc: number; scale: number }
  | { fun: 'truncnorm'; a: number | null; b: number | null; loc: number; scale: number };

export interface Distribution {
  pdf(x: number): number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal cumulative distribution, accurate to ~1e-15 relative. */
export function normalCdf(x: number): number {
  return x < 0 ? 0.5 * erfc(-x / Math.SQRT2) : 1 - 0.5 * erfc(x / Math.SQRT2);
}

/** Complementary error function (series for small |x|, continued fraction for large). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x > 27) return 0; // below the smallest double
  if (x < 2.5) {
    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  // Lentz's continued fraction: erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

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
    const mass = a > 0 ? 0.5 * (erfc(a / Math.SQRT2) - erfc(b / Math.SQRT2)) : normalCdf(b) - normalCdf(a);
    return {
      pdf: (x) => {
        const u = (x - loc) / scale;
        return u < a || u > b ? 0 : (INV_SQRT_2PI * Math.exp(-0.5 * u * u)) / (scale * mass);
      },
    };
  }
  throw new Error(`${name}: fun = ${JSON.stringify((spec as { fun: unknown }).fun)} is not supported; expected 'norm' or 'truncnorm'`);
}

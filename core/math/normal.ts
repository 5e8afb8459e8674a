/**
 * Standard normal distribution: density, distribution function and quantile, accurate to about one part in
 * 1e15 over the whole real line (the same published approximations R uses, so that fits ported from R
 * follow the same floating-point path).
 */

const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;

/** Density of the standard normal distribution. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

// W. J. Cody (1969/1993), rational Chebyshev approximations of the normal integral (ACM TOMS 715).
// Central range |x| <= 0.67448975: erf-like series.
const CENTRAL_NUM = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249];
const CENTRAL_NUM_TOP = 0.065682337918207449113;
const CENTRAL_DEN = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
// Intermediate range 0.67448975 < |x| <= sqrt(32).
const MIDDLE_NUM = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
  2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
];
const MIDDLE_NUM_TOP = 1.0765576773720192317e-8;
const MIDDLE_DEN = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
  18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
// Tail |x| > sqrt(32): asymptotic expansion in 1/x^2.
const TAIL_NUM = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5];
const TAIL_NUM_TOP = 0.02307344176494017303;
const TAIL_DEN = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** exp(-y^2/2) evaluated with y^2 split so that the large part is exact (keeps relative accuracy in the tail). */
function gaussianFactor(y: number): number {
  const coarse = Math.trunc(y * 16) / 16;
  const remainder = (y - coarse) * (y + coarse);
  return Math.exp(-0.5 * coarse * coarse) * Math.exp(-0.5 * remainder);
}

/**
 * The lower tail P(X <= x) and the upper tail P(X > x) of the standard normal distribution, each with full
 * relative accuracy (the upper tail is not computed as 1 - lower).
 */
export function normalTails(x: number): { lower: number; upper: number } {
  if (Number.isNaN(x)) return { lower: NaN, upper: NaN };
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const ysq = y > 1.1102230246251565e-16 ? x * x : 0;
    let num = CENTRAL_NUM_TOP * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + CENTRAL_NUM[i]) * ysq;
      den = (den + CENTRAL_DEN[i]) * ysq;
    }
    const half = (x * (num + CENTRAL_NUM[3])) / (den + CENTRAL_DEN[3]);
    return { lower: 0.5 + half, upper: 0.5 - half };
  }
  let smallTail: number;
  if (y <= SQRT_32) {
    let num = MIDDLE_NUM_TOP * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + MIDDLE_NUM[i]) * y;
      den = (den + MIDDLE_DEN[i]) * y;
    }
    smallTail = gaussianFactor(y) * ((num + MIDDLE_NUM[7]) / (den + MIDDLE_DEN[7]));
  } else if (y < 38.5) {
    const inv = 1 / (x * x);
    let num = TAIL_NUM_TOP * inv;
    let den = inv;
    for (let i = 0; i < 4; i++) {
      num = (num + TAIL_NUM[i]) * inv;
      den = (den + TAIL_DEN[i]) * inv;
    }
    const ratio = (inv * (num + TAIL_NUM[4])) / (den + TAIL_DEN[4]);
    smallTail = gaussianFactor(y) * ((INV_SQRT_2PI - ratio) / y);
  } else {
    smallTail = 0; // below the smallest positive double
  }
  return x > 0 ? { lower: 1 - smallTail, upper: smallTail } : { lower: smallTail, upper: 1 - smallTail };
}

/** Distribution function Phi(x) = P(X <= x) of the standard normal distribution. */
export function normalCdf(x: number): number {
  return normalTails(x).lower;
}

// M. J. Wichura (1988), Algorithm AS 241 (PPND16), coefficients in increasing powers.
const Q_CENTRAL_NUM = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const Q_CENTRAL_DEN = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
const Q_MIDDLE_NUM = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const Q_MIDDLE_DEN = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const Q_TAIL_NUM = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const Q_TAIL_DEN = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

function polynomial(coefficients: readonly number[], r: number): number {
  let value = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) value = value * r + coefficients[i];
  return value;
}

/** Quantile (inverse distribution function) of the standard normal distribution; p in [0, 1]. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`normalQuantile: p = ${p}; expected a probability in [0, 1]`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(Q_CENTRAL_NUM, r)) / polynomial(Q_CENTRAL_DEN, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 0.5 - p + 0.5));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = polynomial(Q_MIDDLE_NUM, r) / polynomial(Q_MIDDLE_DEN, r);
  } else {
    r -= 5;
    value = polynomial(Q_TAIL_NUM, r) / polynomial(Q_TAIL_DEN, r);
  }
  return q < 0 ? -value : value;
}

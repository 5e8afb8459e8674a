/**
 * Tables of the ziggurat for the standard normal density f(x) = exp(-x^2 / 2) (Marsaglia & Tsang
 * 2000; layout as in Doornik 2005): 128 strips of equal area V. Strip 0 is the base, of virtual
 * width X[0] = V / f(R) (the rectangle [0, R] x [0, f(R)] plus the tail beyond R); strip i >= 1 lies
 * between the heights f(X[i]) and f(X[i + 1]), X[1] = R, X[128] = 0. A uniform u in (-1, 1) in strip
 * i gives u X[i], accepted at once when |u| < X[i + 1] / X[i] (inside the rectangle below the next
 * strip), else by the wedge or tail test.
 */
export const ZIG_LAYERS = 128;
export const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;

const density = (x: number) => Math.exp(-0.5 * x * x);

/** Strip widths X[0..128]. */
export const ZIG_X = new Float64Array(ZIG_LAYERS + 1);
/** X[i + 1] / X[i]: the share of strip i that is accepted without a further test. */
export const ZIG_RATIO = new Float64Array(ZIG_LAYERS);

ZIG_X[0] = ZIG_V / density(ZIG_R);
ZIG_X[1] = ZIG_R;
for (let i = 2; i < ZIG_LAYERS; i++) ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1] + density(ZIG_X[i - 1])));
ZIG_X[ZIG_LAYERS] = 0;
for (let i = 0; i < ZIG_LAYERS; i++) ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i];

/**
 * Scaled complementary error function erfcx(x) = exp(x^2) * erfc(x) for x >= 0.
 *
 * erfcx is bounded (erfcx(0) = 1, erfcx(x) ~ 1 / (x sqrt(pi)) for large x), so working with it
 * instead of erfc avoids the overflow/underflow of exp(x^2) and erfc(x) taken separately. The
 * rational Chebyshev approximations are those published by W. J. Cody, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23 (1969) 631-637 (about 1e-16 relative).
 */

const ONE_OVER_SQRT_PI = 0.5641895835477562869;

// erf(x) on [0, 0.46875]: x * P(x^2) / Q(x^2)
const ERF_P = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const ERF_Q = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
// erfcx(x) on [0.46875, 4]: P(x) / Q(x)
const MID_P = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const MID_Q = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
// erfcx(x) for x > 4: (1/sqrt(pi) - z P(z) / Q(z)) / x with z = 1 / x^2
const TAIL_P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const TAIL_Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];

/** erf(x) for 0 <= x <= 0.46875, where 1 - erf(x) has no cancellation problem. */
function erfSmall(x: number): number {
  const z = x * x;
  let num = ERF_P[4] * z;
  let den = z;
  for (let i = 0; i < 3; i++) {
    num = (num + ERF_P[i]) * z;
    den = (den + ERF_Q[i]) * z;
  }
  return (x * (num + ERF_P[3])) / (den + ERF_Q[3]);
}

/** exp(x^2) erfc(x); requires x >= 0 (the only range the Siegert formula needs). */
export function erfcx(x: number): number {
  if (x < 0.46875) {
    return Math.exp(x * x) * (1 - erfSmall(x));
  }
  if (x <= 4) {
    let num = MID_P[8] * x;
    let den = x;
    for (let i = 0; i < 7; i++) {
      num = (num + MID_P[i]) * x;
      den = (den + MID_Q[i]) * x;
    }
    return (num + MID_P[7]) / (den + MID_Q[7]);
  }
  const z = 1 / (x * x);
  let num = TAIL_P[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + TAIL_P[i]) * z;
    den = (den + TAIL_Q[i]) * z;
  }
  return (ONE_OVER_SQRT_PI - (z * (num + TAIL_P[4])) / (den + TAIL_Q[4])) / x;
}

/**
 * Adaptive Gauss–Kronrod (7/15) quadrature on a finite interval.
 *
 * The model needs a handful of one-dimensional integrals (the disk-averaged Gaussian connection
 * probability) to ~1e-14 relative, so that integer-rounded synapse counts derived from them land
 * on the same integers as upstream's QUADPACK results. Globally adaptive bisection of the
 * interval with the largest error estimate is robust for the integrable endpoint singularities
 * of derivatives that occur here ((2R - r)^(3/2)). The theory builds its tables of Dawson's
 * integral and of the integral of erfcx with it too (exported via multiarea/index.ts).
 */

// Nodes/weights of the 15-point Kronrod rule and the embedded 7-point Gauss rule (on [-1, 1]).
const XK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
];
const WK = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
// Gauss weights for the odd-indexed Kronrod nodes (1, 3, 5) and the centre.
const WG = [
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
];

interface Segment {
  a: number;
  b: number;
  value: number;
  error: number;
}

function gk15(f: (x: number) => number, a: number, b: number): Segment {
  const centre = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const fc = f(centre);
  let kronrod = fc * WK[7];
  let gauss = fc * WG[3];
  for (let j = 0; j < 7; j++) {
    const dx = half * XK[j];
    const fsum = f(centre - dx) + f(centre + dx);
    kronrod += WK[j] * fsum;
    if (j % 2 === 1) gauss += WG[(j - 1) / 2] * fsum;
  }
  return { a, b, value: kronrod * half, error: Math.abs((kronrod - gauss) * half) };
}

export interface QuadOptions {
  /** Target relative accuracy of the integral (default 1e-14). */
  relTol?: number;
  /** Target absolute accuracy (default 0). */
  absTol?: number;
  /**
   * Maximal number of subintervals (default 2000). When it is reached the current estimate is returned
   * without error: callers that cap it (theory/special.ts) accept the accuracy reached by then.
   */
  maxSegments?: number;
}

/** Integral of f over [a, b] (finite bounds). */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: QuadOptions = {},
): number {
  const relTol = options.relTol ?? 1e-14;
  const absTol = options.absTol ?? 0;
  const maxSegments = options.maxSegments ?? 2000;
  if (!(Number.isFinite(a) && Number.isFinite(b))) {
    throw new Error(`integrate: bounds must be finite, got [${a}, ${b}]`);
  }
  if (a === b) return 0;
  const segments: Segment[] = [gk15(f, a, b)];
  for (;;) {
    let total = 0;
    let totalError = 0;
    let worst = 0;
    for (let i = 0; i < segments.length; i++) {
      total += segments[i].value;
      totalError += segments[i].error;
      if (segments[i].error > segments[worst].error) worst = i;
    }
    const tolerance = Math.max(absTol, relTol * Math.abs(total));
    // Below ~50 eps per segment the error estimate is rounding noise; stop there too.
    const roundingFloor = 50 * Number.EPSILON * Math.abs(total);
    if (totalError <= tolerance || segments[worst].error <= roundingFloor / segments.length ||
        segments.length >= maxSegments) {
      return total;
    }
    const seg = segments[worst];
    const mid = 0.5 * (seg.a + seg.b);
    segments[worst] = gk15(f, seg.a, mid);
    segments.push(gk15(f, mid, seg.b));
  }
}

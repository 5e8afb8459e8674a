/**
 * Adaptive Gauss-Kronrod (7-point Gauss / 15-point Kronrod) quadrature of a smooth function.
 * Used for the Siegert integral, whose integrand is analytic but can be sharply peaked, so
 * bisection concentrates the nodes where they are needed.
 */

const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.58608723546769113029414483825873, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
// Gauss weights for the nodes XGK[1], XGK[3], XGK[5], XGK[7].
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/** One G7/K15 panel: returns the Kronrod estimate and |Kronrod - Gauss| as error estimate. */
function panel(f: (x: number) => number, a: number, b: number, out: Float64Array): void {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = fc * WGK[7];
  let g = fc * WG[3];
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    const s = f(c - dx) + f(c + dx);
    k += WGK[j] * s;
    if (j & 1) g += WG[(j - 1) >> 1] * s;
  }
  out[0] = k * h;
  out[1] = Math.abs((k - g) * h);
}

/**
 * Integral of f over [a, b] to the tolerance max(absTol, relTol * |integral|): globally adaptive,
 * always bisecting the panel with the largest error estimate, at most `maxPanels` panels (then the
 * best estimate is returned; the integrands here are analytic, so this is a safety net only).
 */
export function integrateGK(
  f: (x: number) => number,
  a: number,
  b: number,
  relTol = 1e-12,
  absTol = 0,
  maxPanels = 200,
): number {
  if (a === b) return 0;
  const buf = new Float64Array(2);
  panel(f, a, b, buf);
  if (buf[1] <= Math.max(absTol, relTol * Math.abs(buf[0]))) return buf[0];
  const lo: number[] = [a];
  const hi: number[] = [b];
  const val: number[] = [buf[0]];
  const err: number[] = [buf[1]];
  let total = buf[0];
  let totalErr = buf[1];
  while (lo.length < maxPanels) {
    let worst = 0;
    for (let i = 1; i < err.length; i++) if (err[i] > err[worst]) worst = i;
    const l = lo[worst];
    const h = hi[worst];
    const m = 0.5 * (l + h);
    panel(f, l, m, buf);
    const v1 = buf[0];
    const e1 = buf[1];
    panel(f, m, h, buf);
    total += v1 + buf[0] - val[worst];
    totalErr += e1 + buf[1] - err[worst];
    hi[worst] = m;
    val[worst] = v1;
    err[worst] = e1;
    lo.push(m);
    hi.push(h);
    val.push(buf[0]);
    err.push(buf[1]);
    if (totalErr <= Math.max(absTol, relTol * Math.abs(total))) break;
  }
  // Re-sum to avoid the drift of the running updates.
  let sum = 0;
  for (const v of val) sum += v;
  return sum;
}

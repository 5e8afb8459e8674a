/** Gauss-Legendre nodes and weights on [-1, 1] (Newton iteration on P_n), cached by order. */
const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

/** P_n(x) and its derivative P_n'(x) by the three-term recurrence (|x| < 1). */
function legendre(n: number, x: number): { p: number; dp: number } {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return { p: p1, dp: (n * (x * p1 - p0)) / (x * x - 1) };
}

export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      const { p, dp } = legendre(n, x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // The weight needs the derivative at the converged node, not at the last iterate.
    const { dp } = legendre(n, x);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - x * x) * dp * dp);
  }
  const out = { nodes, weights };
  cache.set(n, out);
  return out;
}

/**
 * Integral of f over [a, b] by composite Gauss-Legendre: `panels` equal panels of `order` nodes each.
 * Exponentially convergent for integrands analytic near [a, b].
 */
export function integrateGL(f: (x: number) => number, a: number, b: number, panels: number, order = 16): number {
  if (!(b > a)) return 0;
  const { nodes, weights } = gaussLegendre(order);
  const h = (b - a) / panels;
  let sum = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    let s = 0;
    for (let k = 0; k < order; k++) s += weights[k] * f(mid + (h / 2) * nodes[k]);
    sum += (s * h) / 2;
  }
  return sum;
}

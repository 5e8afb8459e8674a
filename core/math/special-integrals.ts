/**
 * Two special functions the Siegert formula reduces to, both for x >= 0:
 *   dawson(x)       = exp(-x^2) int_0^x exp(t^2) dt          (Dawson's integral)
 *   erfcxIntegral(x) = int_0^x erfcx(t) dt
 * On [0, X_SPLIT] they are piecewise Chebyshev interpolants built once at load time from adaptive
 * Gauss-Kronrod integrals of bounded integrands (about 1e-15 relative); beyond X_SPLIT their
 * asymptotic expansions converge to double precision within a few terms.
 */
import { erfcx } from './erfcx.ts';
import { integrate } from './gauss-kronrod.ts';

// Table entries to the last bits; at most 200 bisections per integral (the integrands are analytic).
const QUAD = { relTol: 1e-15, maxSegments: 200 };

const X_SPLIT = 8;
const PIECE_WIDTH = 0.5;
const N_PIECES = X_SPLIT / PIECE_WIDTH;
const DEGREE = 18;
const N_NODES = DEGREE + 1;
const SQRT_PI = Math.sqrt(Math.PI);

/** Chebyshev coefficients of f on each piece [k w, (k+1) w], stored piece-major. */
function buildTable(valuesAt: (nodes: number[], a: number, b: number) => number[]): Float64Array {
  const coeffs = new Float64Array(N_PIECES * N_NODES);
  const theta = Array.from({ length: N_NODES }, (_, j) => (Math.PI * (j + 0.5)) / N_NODES);
  for (let k = 0; k < N_PIECES; k++) {
    const a = k * PIECE_WIDTH;
    const b = a + PIECE_WIDTH;
    const nodes = theta.map((t) => 0.5 * (a + b) + 0.5 * (b - a) * Math.cos(t));
    const values = valuesAt(nodes, a, b);
    for (let n = 0; n < N_NODES; n++) {
      let c = 0;
      for (let j = 0; j < N_NODES; j++) c += values[j] * Math.cos(n * theta[j]);
      coeffs[k * N_NODES + n] = ((n === 0 ? 1 : 2) / N_NODES) * c;
    }
  }
  return coeffs;
}

function evalTable(coeffs: Float64Array, x: number): number {
  let k = Math.floor(x / PIECE_WIDTH);
  if (k >= N_PIECES) k = N_PIECES - 1;
  const a = k * PIECE_WIDTH;
  const t = (2 * (x - a)) / PIECE_WIDTH - 1;
  const t2 = 2 * t;
  const base = k * N_NODES;
  // Clenshaw recurrence
  let b1 = 0;
  let b2 = 0;
  for (let n = DEGREE; n >= 1; n--) {
    const b0 = coeffs[base + n] + t2 * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return coeffs[base] + t * b1 - b2;
}

const DAWSON_TABLE = buildTable((nodes) =>
  // exp(-x^2) int_0^x exp(t^2) dt = int_0^x exp((t - x)(t + x)) dt: bounded, peaked at t = x.
  nodes.map((x) => integrate((t) => Math.exp((t - x) * (t + x)), 0, x, QUAD)),
);

// Cumulative integral of erfcx at the left end of each piece, then the integral within the piece.
const ERFCX_PIECE_START = (() => {
  const start = new Float64Array(N_PIECES + 1);
  for (let k = 0; k < N_PIECES; k++) {
    start[k + 1] = start[k] + integrate(erfcx, k * PIECE_WIDTH, (k + 1) * PIECE_WIDTH, QUAD);
  }
  return start;
})();
const ERFCX_INTEGRAL_TABLE = buildTable((nodes, a) => nodes.map((x) => integrate(erfcx, a, x, QUAD)));

/** Dawson's integral F(x) = exp(-x^2) int_0^x exp(t^2) dt, x >= 0. */
export function dawson(x: number): number {
  if (x < X_SPLIT) return evalTable(DAWSON_TABLE, x);
  // F(x) ~ 1/(2x) sum_n (2n-1)!! / (2x^2)^n
  const z = 1 / (2 * x * x);
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 40; n++) {
    term *= (2 * n - 1) * z;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum / (2 * x);
}

/** Asymptotic antiderivative of erfcx times sqrt(pi): ln x - sum_n (-1)^n (2n-1)!! / (2^n 2n) x^(-2n). */
function erfcxAntiderivativeTail(x: number): number {
  const z = 1 / (2 * x * x);
  let odd = 1; // (2n-1)!!
  let power = 1; // (2 x^2)^-n
  let sum = Math.log(x);
  for (let n = 1; n < 40; n++) {
    odd *= 2 * n - 1;
    power *= z;
    const term = (odd * power) / (2 * n);
    sum -= n % 2 === 1 ? -term : term;
    if (term < 1e-17) break;
  }
  return sum;
}
const ERFCX_TAIL_OFFSET = (() => erfcxAntiderivativeTail(X_SPLIT))();

/** int_0^x erfcx(t) dt, x >= 0. */
export function erfcxIntegral(x: number): number {
  if (x < X_SPLIT) {
    let k = Math.floor(x / PIECE_WIDTH);
    if (k >= N_PIECES) k = N_PIECES - 1;
    return ERFCX_PIECE_START[k] + evalTable(ERFCX_INTEGRAL_TABLE, x);
  }
  return ERFCX_PIECE_START[N_PIECES] + (erfcxAntiderivativeTail(x) - ERFCX_TAIL_OFFSET) / SQRT_PI;
}

/**
 * Intrinsic time scale of an area's activity: the decay time of the autocorrelation of its rate
 * (Murray et al. 2014 measure, used with the temporal hierarchy of Schmidt et al. 2018, Fig. 7;
 * upstream has no script for it).
 *
 * The autocorrelation C(tau) of the mean-removed rate (`crossCorrelation(x, x)`, unsmoothed) is
 * normalised to R(tau) = C(tau) / C(0) and R(tau) = A exp(-tau / tau_int) + B is fitted by
 * Levenberg-Marquardt over fitFrom_ms <= tau <= fitTo_ms (default 1..100 ms: the zero lag holds the
 * spiking shot noise of a finite population and is left out). Reported with standard errors and residuals.
 */
import { crossCorrelation } from './cross-correlation.ts';
import { fitNonlinear, type NonlinearFit, type NonlinearModel } from './nonlinear-fit.ts';

export interface IntrinsicTimescaleOptions {
  binSize_ms?: number;
  fitFrom_ms?: number;
  fitTo_ms?: number;
}

export interface IntrinsicTimescale {
  /** Fitted decay time (ms). */
  tau_ms: number;
  /** Its standard error (ms). */
  tauStdError_ms: number;
  /** Lags (ms) and normalised autocorrelation R over the fitted range. */
  lag_ms: number[];
  autocorrelation: number[];
  fit: NonlinearFit;
}

/** A exp(-tau / tau_int) + B with parameters [A, tau_ms, B]. */
export const EXPONENTIAL_DECAY: NonlinearModel = {
  names: ['A', 'tau_ms', 'B'],
  f: ([A, tau, B], t) => A * Math.exp(-t / tau) + B,
  jacobian: ([A, tau], t) => {
    const e = Math.exp(-t / tau);
    return [e, (A * t * e) / (tau * tau), 1];
  },
};

export function intrinsicTimescale(rate: ArrayLike<number>, options: IntrinsicTimescaleOptions = {}): IntrinsicTimescale {
  const b = options.binSize_ms ?? 1;
  const from = options.fitFrom_ms ?? b;
  const to = options.fitTo_ms ?? 100;
  if (!(from >= 0 && to > from)) {
    throw new Error(`intrinsicTimescale: fit range [${from}, ${to}] ms; expected 0 <= fitFrom_ms < fitTo_ms`);
  }
  const c = crossCorrelation(rate, rate, { binSize_ms: b, maxLag_ms: to, smoothing: 'none' });
  const zero = Math.floor(c.values.length / 2);
  const c0 = c.values[zero];
  if (!(c0 > 0)) throw new Error('intrinsicTimescale: the rate has zero variance; expected a fluctuating rate');
  const lag_ms: number[] = [];
  const R: number[] = [];
  c.lag_ms.forEach((t, k) => {
    if (t >= from - 1e-9 && t <= to + 1e-9) {
      lag_ms.push(t);
      R.push(c.values[k] / c0);
    }
  });
  // Start: offset from the tail, amplitude from the first point, tau where R - B first falls below A / e.
  const tail = R.slice(Math.floor((3 * R.length) / 4));
  const B0 = tail.reduce((a, v) => a + v, 0) / tail.length;
  const A0 = R[0] - B0;
  const k = R.findIndex((v) => Math.abs(v - B0) < Math.abs(A0) / Math.E);
  const tau0 = Math.max(b, k > 0 ? lag_ms[k] - lag_ms[0] : (to - from) / 3);
  const fit = fitNonlinear(lag_ms, R, EXPONENTIAL_DECAY, [A0 === 0 ? 1e-3 : A0, tau0, B0], {
    minValues: [-Infinity, b / 100, -Infinity],
    maxValues: [Infinity, 1e6, Infinity],
  });
  return {
    tau_ms: fit.parameters.tau_ms,
    tauStdError_ms: fit.standardErrors.tau_ms,
    lag_ms,
    autocorrelation: R,
    fit,
  };
}

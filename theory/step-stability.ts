/**
 * Why a pseudo-time integration may not settle, and what the rate equations say instead.
 *
 * The update nu <- P1 nu + P2 Phi(nu) (P1 = exp(-dt/tau), P2 = 1 - P1; rate-dynamics.ts) is an
 * explicit step. Near a state nu its linearization multiplies a deviation along an eigenvector of
 * the gain matrix G (eigenvalue lambda) by P1 + P2 lambda, so the step contracts only where
 * |P1 + P2 lambda| < 1 for every eigenvalue. The continuous dynamics needs only Re lambda < 1: an
 * eigenvalue far to the left (or with a large imaginary part) makes a step that is too coarse
 * overshoot and oscillate, although the continuous dynamics would decay there. With q = P2 =
 * 1 - exp(-dt/tau), |1 + q (lambda - 1)| < 1 holds exactly for q < 2 (1 - Re lambda) / |lambda - 1|^2,
 * which gives the largest stable step of every eigenvalue with Re lambda < 1.
 */
import type { FixedPointResult } from './fixed-point.ts';
import type { Spectrum } from './stability.ts';
import type { Theory } from './theory.ts';

export interface StepStability {
  dt_ms: number;
  tau_ms: number;
  /** max over the eigenvalues lambda of G of |P1 + P2 lambda|: the step contracts every direction iff < 1. */
  growthFactor: number;
  /** The eigenvalue attaining it. */
  eigenvalue: { re: number; im: number };
  /**
   * Largest dt (ms) for which |P1 + P2 lambda| < 1 for every eigenvalue with Re lambda < 1 (Infinity
   * when none limits the step). Eigenvalues with Re lambda >= 1 grow at every step: the dynamics
   * itself is unstable along them, which no step size changes.
   */
  largestStableDt_ms: number;
  /** Whether the step is too coarse here: some eigenvalue with Re lambda < 1 has |P1 + P2 lambda| >= 1. */
  stepTooCoarse: boolean;
}

/** Stability of the pseudo-time step dt (ms) for a gain matrix of this spectrum (see the module comment). */
export function stepStability(spec: Spectrum, dt_ms: number, tau_ms = 1): StepStability {
  const P1 = Math.exp(-dt_ms / tau_ms);
  const P2 = 1 - P1;
  let growthFactor = 0;
  let at = 0;
  let qMax = Infinity;
  let coarse = false;
  for (let k = 0; k < spec.real.length; k++) {
    const re = spec.real[k];
    const im = spec.imag[k];
    const g = Math.hypot(P1 + P2 * re, P2 * im);
    if (g > growthFactor) [growthFactor, at] = [g, k];
    if (re < 1) {
      qMax = Math.min(qMax, (2 * (1 - re)) / ((1 - re) ** 2 + im * im));
      if (g >= 1) coarse = true;
    }
  }
  return {
    dt_ms,
    tau_ms,
    growthFactor,
    eigenvalue: { re: spec.real[at], im: spec.imag[at] },
    largestStableDt_ms: qMax >= 1 ? Infinity : -tau_ms * Math.log1p(-qMax),
    stepTooCoarse: coarse,
  };
}

/** A step to recommend below the largest stable one: the power of ten at or below half of it (ms). */
export function recommendedDt(largestStableDt_ms: number): number {
  return 10 ** Math.floor(Math.log10(largestStableDt_ms / 2));
}

export interface UnsettledDiagnosis {
  /** Stability of the step at the state where the integration stopped. */
  step: StepStability;
  /** Largest real part of the spectrum of G at that state. */
  lambdaMax: number;
  /** A dt (ms) to rerun with when the step is too coarse there, else null. */
  suggestedDt_ms: number | null;
  /** Newton's method started at that state, with lambda_max at its result when it converged. */
  newton: FixedPointResult & { lambdaMax: number | null };
}

/**
 * Why a run that did not settle may not have: the step stability at its end state, and a fixed point
 * of the rate equations found by Newton's method from there (which the integration did not reach; it
 * may be unstable, or not converge when the end state is far from any fixed point).
 */
export function diagnoseUnsettled(theory: Theory, endState: ArrayLike<number>): UnsettledDiagnosis {
  const here = theory.stability(endState);
  const step = stepStability(here.spectrum, theory.params.dt);
  const fp = theory.fixedPoint(endState);
  return {
    step,
    lambdaMax: here.lambdaMax,
    suggestedDt_ms: step.stepTooCoarse ? recommendedDt(step.largestStableDt_ms) : null,
    newton: { ...fp, lambdaMax: fp.converged ? theory.stability(fp.rates).lambdaMax : null },
  };
}

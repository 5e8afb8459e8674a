// Public API of theory/.
export { Theory, type TheoryResult, type StabilityResult } from './theory.ts';
export { resolveTheoryParams, theoryParamsSchema, DEFAULT_THEORY_PARAMS, type TheoryParams } from './theory-params.ts';
export {
  buildRateNetwork,
  muSigma,
  ratesVectorFromFile,
  siegertParamsOf,
  type RateNetwork,
  type RateNetworkOptions,
  type TheoryModel,
  type TheoryNetworkParams,
} from './rate-network.ts';
export {
  integrateRates,
  transfer,
  CONVERGENCE_WINDOW_MS,
  CONVERGENCE_TOL_HZ,
  type IntegrationOptions,
  type Trajectory,
} from './rate-dynamics.ts';
export { distinctFixedPoints, SAME_FIXED_POINT_TOL_HZ, type DistinctFixedPoint, type EndStates } from './end-states.ts';
export { solveFixedPoint, type FixedPointOptions, type FixedPointResult } from './fixed-point.ts';
export { slopes, gainMatrix, spectrum, type Slopes, type Spectrum, type SlopeConvention } from './stability.ts';
export { stabilize, saveKPrime, loadKPrime, FROZEN_CC_SOURCE_POPS, type StabilizationResult } from './stabilize.ts';
export { siegert, siegertWithDerivatives, fbShift, FB_ALPHA, type SiegertParams, type SiegertWithDerivatives } from './siegert.ts';
export { erfcx } from '../core/index.ts';
export { dawson, erfcxIntegral } from '../core/index.ts';
export {
  stabilizationIteration,
  findTransition,
  findSaddle,
  withDrive,
  factor6E,
  type StabilizationIteration,
  type Transition,
} from './stabilization-procedure.ts';
export { SCHUECKER_2017_NETWORK, SCHUECKER_2017_THEORY, kappaDrive } from './schuecker-2017.ts';
export { stepStability, recommendedDt, diagnoseUnsettled, type StepStability, type UnsettledDiagnosis } from './step-stability.ts';

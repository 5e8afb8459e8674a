// Public API of theory/.
export { Theory, type TheoryResult, type StabilityResult } from './Theory.ts';
// Kept in theory's API (random initial rates use it); it lives in multiarea's math.
export { uniformGenerator } from '../multiarea/index.ts';
export { resolveTheoryParams, theoryParamsSchema, DEFAULT_THEORY_PARAMS, type TheoryParams } from './params.ts';
export {
  buildRateNetwork,
  muSigma,
  readRatesJson,
  siegertParamsOf,
  type RateNetwork,
  type RateNetworkOptions,
  type TheoryModel,
  type TheoryNetworkParams,
} from './rateNetwork.ts';
export { integrateRates, transfer, type IntegrationOptions, type Trajectory } from './rateDynamics.ts';
export { solveFixedPoint, type FixedPointOptions, type FixedPointResult } from './fixedPoint.ts';
export { slopes, gainMatrix, spectrum, type Slopes, type Spectrum, type SlopeConvention } from './stability.ts';
export { stabilize, saveKPrime, loadKPrime, FROZEN_CC_SOURCE_POPS, type StabilizationResult } from './stabilize.ts';
export { siegert, siegertWithDerivatives, fbShift, FB_ALPHA, type SiegertParams, type SiegertWithDerivatives } from './siegert.ts';
export { erfcx } from './erfcx.ts';
export { dawson, erfcxIntegral } from './special.ts';
export {
  stabilizationIteration,
  findTransition,
  findSaddle,
  withDrive,
  factor6E,
  type StabilizationIteration,
  type Transition,
} from './stabilizationProcedure.ts';

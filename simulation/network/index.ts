// The one description of a simulated network, read by every backend (engine, NEST export, Brian2).
export { buildNetworkDescription, type NetworkBuildOptions } from './build-network.ts';
export { delayToSteps, NEST_DEFAULT_DELAY_MS } from './delay-rule.ts';
export { selectAreas, type AreaSelection } from './simulated-areas.ts';
export type { InputFate, InputReplacement } from './input-replacement.ts';
export type {
  NetworkDescription,
  PoissonInputDescription,
  PopulationDescription,
  ProjectionDescription,
  ReplacedInputDescription,
  ReplacementMode,
  ReplacementScope,
} from './network-types.ts';

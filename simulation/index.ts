// Public API of simulation/.
export {
  computePropagators,
  propagatorCurrentToVoltage,
  refractorySteps,
  stepIafPscExp,
  IafPscExpState,
  type IafPscExpPropagators,
} from './neuron/iaf-psc-exp.ts';
export {
  simulateSingleIafPscExp,
  type SingleNeuronRun,
  type SingleNeuronResult,
  type SpikeInput,
} from './neuron/single-neuron.ts';
export {
  defaultSimulationParams,
  resolveSimulationParams,
  simulationLabel,
  simulationParamsSchema,
  type SimulationParams,
  type ConnectivityParam,
  type RecordingParams,
} from './simulation-params.ts';
export * from './network/index.ts';
export { buildPlan, pathwayKey, type NetworkPlan, type PopulationPlan, type PathwayPlan, type PoissonChannel } from './engine/plan.ts';
export type { RunawayInfo } from './engine/runaway-guard.ts';
export type { RecordSink, RecordSinkFactory } from './recording/record-format.ts';
export { fileRecordSink, recordFilesIn } from './recording/record-file.ts';
export {
  Simulation,
  DEFAULT_DATA_PATH,
  DEFAULT_ASSUMED_RATE_HZ,
  type SimulationOptions,
  type RunLog,
  type RunProgress,
  type RunOptions,
  type RunStart,
  type PopulationLayout,
} from './simulation.ts';
export { estimateResources, type ResourceEstimate } from './engine/cost-model.ts';
export type { ConnectivityMode } from './engine/shard.ts';
export {
  readSpikes,
  readVm,
  readRunLayout,
  simulatedMs,
  populationRates,
  type SpikeData,
  type VmData,
  type RunLayout,
  type RunPopulation,
} from './recording/record-reader.ts';
export { SPIKE_MAGIC, VM_MAGIC, HEADER_BYTES } from './recording/record-format.ts';
// Export to NEST 3 and cluster job submission (helper J).
export * from './nest/index.ts';

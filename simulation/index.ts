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
  alphaPropagators,
  computeAlphaPropagators,
  stepIafPscAlpha,
  IafPscAlphaState,
  type IafPscAlphaPropagators,
  type AlphaSynapsePropagators,
} from './neuron/iaf-psc-alpha.ts';
export {
  simulateSingleNeuron,
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
export { buildPlan, pathwayKey, type NetworkPlan, type PopulationPlan, type NeuronModel, populationModel, type PathwayPlan, type PoissonChannel, type GivenEdges, type VirtualSpikes, type VirtualPopulationPlan } from './engine/plan.ts';
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
  type PlannedNetwork,
} from './simulation.ts';
export { estimateResources, type ResourceEstimate } from './engine/cost-model.ts';
export type { ConnectivityMode } from './engine/shard.ts';
export {
  readSpikes,
  readVm,
  readRunLayout,
  spikeRecordCounts,
  type SpikeData,
  type VmData,
  type RunLayout,
  type RunPopulation,
} from './recording/record-reader.ts';
// Spikes of any simulator's run: our run folders, NEST (run_nest.py, upstream), SONATA.
export {
  IncompleteRunError,
  windowWithin,
  endReason,
  type SpikeSource,
  type SpikeSourceInfo,
  type SpikeSourceFormat,
  type SourcePopulation,
  type SpikeWindow,
  type RunEnd,
  type OpenSpikeSourceOptions,
  type SpikeSourceDescription,
} from './recording/spike-source.ts';
export { describeSpikeSource, openSpikeSource, openSpikeSourceSync, spikeSourceFormat } from './recording/open-spike-source.ts';
export { openRunFolderSource } from './recording/run-folder-source.ts';
export { openNestRunSource } from './recording/nest-run-source.ts';
export { openUpstreamRunSource } from './recording/upstream-run-source.ts';
export { openSonataSpikeSource } from './recording/sonata-spike-source.ts';
export { populationRates, simulatedMs } from './recording/source-rates.ts';
export { SPIKE_MAGIC, VM_MAGIC, HEADER_BYTES } from './recording/record-format.ts';
// Export to NEST 3 and cluster job submission (helper J).
export * from './nest/index.ts';
// SONATA interchange: circuit export for BMTK PointNet, spike and report files, conversions (helper H7).
export * from './sonata/index.ts';

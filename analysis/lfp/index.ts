// Public API of analysis/lfp: extracellular signals (LFP, current dipole moment, EEG) from population activity
// by spike-signal kernels (Hagen et al. 2022), computed without NEURON.
export type { DenseMatrix } from './dense-matrix.ts';
export type { SegmentGeometry } from './geometry.ts';
export { midpoints as segmentMidpoints, segmentGeometry } from './geometry.ts';
export type { Morphology, MorphologySection } from './morphology.ts';
export { parseMorphology, loadMorphology, morphologySchema } from './morphology.ts';
export type { PassiveParameters, SegmentCurrent, CellSimulationOptions } from './cell.ts';
export { PassiveCell } from './cell.ts';
export type { DistributionSpec } from './distributions.ts';
export { makeDistribution } from './distributions.ts';
export type { ForwardModel } from './forward/forward-model.ts';
export type { Contacts } from './forward/point-source.ts';
export { PointSourcePotential } from './forward/point-source.ts';
export { LineSourcePotential } from './forward/line-source.ts';
export { GaussCylinderPotential } from './forward/gauss-cylinder.ts';
export { CurrentDipoleMoment, KernelApproxCurrentDipoleMoment } from './forward/current-dipole-moment.ts';
export type { DipoleMomentKind } from './forward/dipole-potential.ts';
export { InfiniteMediumDipolePotential } from './forward/dipole-potential.ts';
export { FourSphereVolumeConductor } from './forward/four-sphere.ts';
export { PopulationAveragedPotential } from './forward/population-average.ts';
export type { Electrode, ElectrodeType, ElectrodeModelOptions } from './electrodes.ts';
export { ELECTRODE_TYPES, parseElectrodesCsv, loadElectrodesCsv, forwardModelsFromElectrodes } from './electrodes.ts';
export type {
  Exp2SynParameters,
  SynapsePosition,
  PopulationGeometry,
  KernelApproxParams,
  KernelOptions,
  KernelResult,
  KernelDetails,
} from './kernel-approx.ts';
export { KernelApprox, integrateBeta, exp2SynIWaveform } from './kernel-approx.ts';
export type { KernelSet } from './signals.ts';
export { ratesToCounts, signalFromActivity } from './signals.ts';
export type { KernelSpec } from './spec.ts';
export {
  kernelSpecSchema,
  parseKernelSpec,
  loadKernelSpec,
  resolveSpecPath,
  buildKernelApprox,
  buildForwardModels,
  computeKernelsFromSpec,
  kernelsToJson,
} from './spec.ts';
export type { AreaPopulation, AreaKernelSettings, AreaKernelInputs, AreaUnitKernels, AreaConnectivity } from './area-kernels.ts';
export {
  AREA_POPULATIONS,
  DEFAULT_AREA_KERNEL_SETTINGS,
  populationDepth,
  populationMorphology,
  unitKernelApprox,
  areaKernelHash,
  computeAreaUnitKernels,
  loadOrComputeAreaUnitKernels,
  areaSignals,
} from './area-kernels.ts';
export type { RunLfpOptions } from './run-lfp.ts';
export { lfpFromRun } from './run-lfp.ts';
export type { NetworkConnectivity } from './area-activity.ts';
export { areaConnectivity, kernelInputsFromNetworkParams, defaultKernelInputs, binnedCounts, radialDipoleGains } from './area-activity.ts';

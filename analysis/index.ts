// Public API of analysis/.
// LFP, current dipole moment and EEG kernels (issue 5).
export * from './lfp/index.ts';
// SONATA electrodes files (BlueRecording layout) of circuits with morphologies.
export { parseSwc, loadSwc, type SwcMorphology } from './lfp/swc-morphology.ts';
export { loadCircuitCells, quaternionMatrix, anglesMatrix, type CircuitCell, type CircuitPopulationCells, type CompartmentOptions } from './lfp/circuit-cells.ts';
export {
  BLUERECORDING_TYPES,
  parseBlueRecordingCsv,
  loadBlueRecordingCsv,
  compartmentWeights,
  checkWeightOptions,
  type BlueRecordingType,
  type ElectrodeContact,
  type WeightOptions,
} from './lfp/electrode-weights.ts';
export { readLeadField, potentialAt, efieldAt, type LeadField } from './lfp/lead-field.ts';
export {
  writeElectrodesFile,
  readElectrodesFile,
  writeCircuitElectrodes,
  type ElectrodesFile,
  type ElectrodesPopulation,
  type CircuitElectrodesOptions,
} from './lfp/electrodes-file.ts';
// Spike-train statistics (rates, ISI regularity, synchrony, spectra) and the Analysis toolkit.
export * from './spikes.ts';
export * from './stats/index.ts';
export * from './analysis.ts';
export * from './from-run.ts';
export * from './window-adequacy.ts';

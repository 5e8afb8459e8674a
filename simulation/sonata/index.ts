// SONATA interchange (docs/sonata.md): circuit export for BMTK PointNet, spike and report files, conversions.
export { DEFAULT_POPULATION, SONATA_MAGIC, SONATA_VERSION } from './sonata-format.ts';
export { H5Reader, H5Writer, h5Ready, writeSonataH5, type H5Dtype, type H5DatasetInfo } from './h5.ts';
export {
  readSonataSpikes,
  writeSonataSpikes,
  sortSpikes,
  SPIKE_SORTINGS,
  type SpikeSorting,
  type SpikeTrains,
  type SonataSpikes,
  type SonataSpikePopulation,
} from './spike-file.ts';
export { readSonataReport, writeSonataReport, reportTrace, frameCount, samplesToReport, type ReportPopulation, type SonataReport } from './report-file.ts';
export { readNestDatFiles, nestRecordingFiles, writeNestDat, NestIdMap, type NestRecords, type NestLayoutPopulation } from './nest-dat.ts';
export { runFolderSpikes, runFolderVmReport, writeRunFolder } from './run-folder.ts';
export { readCircuitConfig, parseTypesCsv, readTypesCsv, typesById, type CircuitFiles, type TypesTable } from './circuit-reader.ts';
export { validateSonataCircuit } from './circuit-validate.ts';
export { buildCircuitContent, countEdges, type CircuitContent } from './circuit-build.ts';
export {
  exportSonataCircuit,
  estimateCircuitBytes,
  DEFAULT_MAX_BYTES,
  POINTNET_RUNNER,
  type SonataExportOptions,
  type SonataExportResult,
} from './sonata-export.ts';
export {
  detectRecording,
  recordingToSonata,
  nestRunSpikes,
  nestRunVmReport,
  sonataPopulationSpikes,
  spikesToNestDat,
  spikesToRunFolder,
  readLayout,
  type RecordingKind,
  type ToSonataOptions,
} from './convert.ts';
export { simulateSonata, type SonataSimulateOptions, type SonataSimulateResult } from './sonata-simulate.ts';

// Spike-train statistics of populations and areas, one module per statistic (see docs/analysis.md).
export * from './labelled.ts';
export * from './window.ts';
export * from './histogram.ts';
export * from './rates.ts';
export * from './time-series.ts';
export * from './isi.ts';
export * from './isi-serial-correlation.ts';
export * from './synchrony.ts';
export * from './correlation-coefficient.ts';
export * from './spectrum.ts';
export * from './aggregate.ts';
export * from './synaptic-input.ts';
export * from './cross-correlation.ts';
export * from './temporal-hierarchy.ts';
export * from './nonlinear-fit.ts';
export * from './intrinsic-timescale.ts';
export * from './functional-connectivity.ts';
export * from './bold-signal.ts';
export * from './louvain-communities.ts';
export * from './levene-test.ts';
export * from './granger-causality.ts';
export * from './interaction-channels.ts';
// Glue between Analysis and the statistics of interactions (AnalysisNetwork, option types).
export * from './area-signals.ts';
export * from './causal-interactions.ts';

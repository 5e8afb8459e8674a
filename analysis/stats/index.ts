// Spike-train statistics of populations (rates, ISI regularity, synchrony, spectra, area aggregates).
export * from './window.ts';
export * from './histogram.ts';
export * from './rates.ts';
export * from './time-series.ts';
export * from './isi.ts';
export * from './synchrony.ts';
export * from './spectrum.ts';
export * from './aggregate.ts';

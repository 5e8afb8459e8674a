// Public API of analysis/.
// LFP, current dipole moment and EEG kernels (issue 5).
export * from './lfp/index.ts';
// Spike-train statistics (rates, ISI regularity, synchrony, spectra) and the Analysis toolkit.
export * from './spikes.ts';
export * from './stats/index.ts';
export * from './analysis.ts';
export * from './from-run.ts';
export * from './window-adequacy.ts';

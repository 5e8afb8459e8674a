// LFP/EEG figures of figures/ (Hagen et al. 2022 style): kernels of an area, signals from activity.
export * from './kernel-source.ts';
export * from './poisson-counts.ts';
export * from './area-kernels-figure.ts';
export * from './lfp-signals.ts';
export * from './lfp-figures.ts';
export * from './lfp-figure-rules.ts';

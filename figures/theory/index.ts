// Mean-field theory figures of figures/: bistability scans, the stabilization procedure and its figures,
// and simulated rates against the theory.
export * from './bistability.ts';
export * from './stabilization-run.ts';
export * from './stabilization-figures.ts';
export * from './rates-vs-theory.ts';
export * from './theory-figure-rules.ts';

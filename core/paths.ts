/**
 * The one registry of project paths: the project root and the bundled data that commands, examples
 * and library code fall back on. Paths are absolute and independent of the working directory.
 */
import { HOST_PROJECT_ROOT, hostPath } from './io/node-host.ts';

const { join } = hostPath;

/** Project root (the folder holding package.json and config.template.ts). */
export const PROJECT_ROOT = HOST_PROJECT_ROOT;

/** Everything the project ships as data. */
export const DATA_DIR = join(PROJECT_ROOT, 'data');

/** Bundled data files and folders, by purpose. */
export const BUNDLED = {
  /** Compiled anatomical dataset of the multi-area model (npm run compile-data). */
  datasetDir: join(DATA_DIR, 'multiarea'),
  /** Stationary full-scale rates (area -> population -> spikes/s) that down-scaling compensates for. */
  fullscaleRates: join(DATA_DIR, 'multiarea', 'fullscale_rates.json'),
  /** The stabilized indegree matrix K' of Schuecker et al. 2017 (the model's default K_stable). */
  kPrimeOriginal: join(DATA_DIR, 'multiarea', 'K_prime_original.npy'),
  /** Precomputed per-area unit kernels for LFP/EEG, keyed by a hash of their settings. */
  kernelsDir: join(DATA_DIR, 'kernels'),
  /** Cell morphologies of the kernel cells. */
  morphologiesDir: join(DATA_DIR, 'morphologies'),
} as const;

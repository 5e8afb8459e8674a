import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../helpers/shared.ts';
import { computeKernelsFromSpec, loadKernelSpec, type KernelResult, type KernelSpec } from '../../../analysis/index.ts';

export const README_SPEC_FILE = join(PROJECT_ROOT, 'examples', 'kernels', 'lfpykernels-readme.json');

/** The shipped README example spec with the kernel's X (and optional probes) replaced. */
export function readmeSpec(X: 'E' | 'I', extraModels: KernelSpec['forwardModels'] = []): KernelSpec {
  const spec = loadKernelSpec(README_SPEC_FILE);
  spec.kernel.X = X;
  spec.forwardModels.push({ type: 'CurrentDipoleMoment' }, ...extraModels);
  return spec;
}

const cache = new Map<string, KernelResult>();
/** Kernels of the README example for X onto E (Gauss cylinder, both dipole-moment models), computed once per file. */
export function readmeKernels(X: 'E' | 'I'): KernelResult {
  let hit = cache.get(X);
  if (!hit) {
    hit = computeKernelsFromSpec(readmeSpec(X), dirname(README_SPEC_FILE));
    cache.set(X, hit);
  }
  return hit;
}

/** Largest |a - b| over the largest |b| (0 when both vanish). */
export function relMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let err = 0, peak = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    peak = Math.max(peak, Math.abs(b[i]));
  }
  return peak === 0 ? err : err / peak;
}

export const CASES = {
  readme_EI_gauss: 'I',
  readme_EE_gauss: 'E',
  EI_cdm: 'I',
  EE_cdm: 'E',
} as const;

/**
 * K_stable: replacing the model's indegrees by a stabilized matrix (Schuecker et al. 2017), from the
 * bundled K' or a user .npy file.
 */
import { readNpy, type NpyArray } from '../../core/index.ts';
import { BUNDLED_K_PRIME } from '../params/defaults.ts';
import { loadBundledKPrime } from './bundled-inputs.ts';

/** The K_stable matrix a parameter names: the bundled K' (or `bundledOverride`), or a .npy file. */
export function loadKStable(spec: string, bundledOverride?: NpyArray): NpyArray & { labels?: readonly string[] } {
  return spec === BUNDLED_K_PRIME ? bundledOverride ?? loadBundledKPrime() : readNpy(spec);
}

/**
 * Replaces the local and cortico-cortical indegrees (all but the last column) by a stabilized
 * matrix (populations x populations), in place; entries within 1e-8 of 0 become 0, as upstream.
 */
export function replaceIndegrees(
  K: number[][],
  kStable: NpyArray & { labels?: readonly string[] },
  source: string,
  structureVec: readonly string[],
): void {
  const n = K.length;
  if (kStable.labels !== undefined && kStable.labels.some((label, i) => label !== structureVec[i])) {
    throw new Error(`connection_params.K_stable: ${source} has populations in another order than the model; expected ${structureVec.slice(0, 3).join(', ')}, ...`);
  }
  if (kStable.shape.length !== 2 || kStable.shape[0] !== n || kStable.shape[1] !== n) {
    throw new Error(
      `connection_params.K_stable: ${source} has shape (${kStable.shape.join(', ')}); expected (${n}, ${n}) (populations x populations in model order)`,
    );
  }
  for (let i = 0; i < n; i++) {
    const row = K[i];
    for (let j = 0; j < n; j++) {
      const v = kStable.data[i * n + j];
      if (!Number.isFinite(v)) {
        throw new Error(`connection_params.K_stable: ${source} has ${v} at [${i}, ${j}]; expected finite indegrees`);
      }
      row[j] = Math.abs(v) <= 1e-8 + 1e-5 * Math.abs(v) ? 0 : v;
    }
  }
}


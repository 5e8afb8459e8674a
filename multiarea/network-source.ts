/**
 * What theory/, simulation/ and the exporters need of a built network: its label, its effective
 * parameters and its vectorized arrays. `MultiAreaModel` is one; `networkSource` makes one from parts
 * (tests, other models).
 */
import type { NetworkArrays } from './network-arrays.ts';
import type { NetworkParams } from './params/defaults.ts';

export interface NetworkSource {
  /** Content label of the network. */
  readonly label: string;
  /** Effective network parameters (upstream nesting). */
  readonly params: NetworkParams;
  /** Custom parameters as the user gave them (recorded in exports); absent = none known. */
  readonly customParams?: unknown;
  /** The vectorized network (treat as read-only). */
  arrays(): NetworkArrays;
}

export function networkSource(label: string, params: NetworkParams, arrays: NetworkArrays, customParams?: unknown): NetworkSource {
  return { label, params, customParams, arrays: () => arrays };
}

import { networkSource, type NetworkParams, type NetworkSource } from '../../multiarea/index.ts';
import { referenceNetwork } from '../helpers/reference-network.ts';

/**
 * The upstream down-scaled network (../shared/refs/structure/case_downscaled.json) as simulator
 * input, with the whole file as `raw` for tests that check against its own fields.
 */
export function downscaledNetwork(): NetworkSource & { raw: any } {
  const { net, params, raw } = referenceNetwork('case_downscaled');
  // Upstream's effective parameters have our names and nesting.
  return { ...networkSource(raw.label, params as NetworkParams, net), raw };
}

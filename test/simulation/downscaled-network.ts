import type { SimulationNetwork } from '../../simulation/index.ts';
import { referenceNetwork } from '../helpers/reference-network.ts';

/**
 * The upstream down-scaled network (../shared/refs/structure/case_downscaled.json) as simulator
 * input, with the whole file as `raw` for tests that check against its own fields.
 */
export function downscaledNetwork(): SimulationNetwork & { raw: any } {
  const { net, params, raw } = referenceNetwork('case_downscaled');
  return { raw, label: raw.label, params, arrays: net };
}

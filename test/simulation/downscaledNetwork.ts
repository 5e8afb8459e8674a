import { readFileSync } from 'node:fs';
import type { SimulationNetwork } from '../../simulation/index.ts';
import { sharedPath } from '../helpers/shared.ts';

/**
 * The upstream down-scaled network (../shared/refs/structure/case_downscaled.json) as simulator input.
 * The file holds Python's bare NaN in fields the simulator does not use; they are read as null.
 */
export function downscaledNetwork(): SimulationNetwork & { raw: any } {
  const text = readFileSync(sharedPath('refs', 'structure', 'case_downscaled.json'), 'utf8');
  const ref = JSON.parse(text.replace(/\bNaN\b/g, 'null'));
  return {
    raw: ref,
    label: ref.label,
    params: ref.params_effective,
    arrays: {
      areaList: ref.area_list,
      structure: ref.structure,
      structureVec: ref.structure_vec,
      N: ref.N_vec,
      K: ref.K_matrix,
      synapses: ref.syn_matrix,
      W: ref.W_matrix,
      W_sd: ref.W_sd_matrix,
      J: ref.J_matrix,
      addDC: ref.add_DC_drive,
      distances: ref.distances,
    },
  };
}

import type { NetworkArrays } from '../../multiarea/network-arrays.ts';
import { readSharedJson } from './shared.ts';

/**
 * Reads an upstream reference case (../shared/refs/structure/case_*.json) as NetworkArrays, so
 * that theory and simulation can be tested on upstream's own network independent of our builder.
 */
export function referenceNetwork(caseName: 'case_default' | 'case_downscaled'): {
  net: NetworkArrays;
  params: any;
  /** The whole reference file as read (label, N_vec, ...), for tests that check its own fields. */
  raw: any;
} {
  const ref = readSharedJson('refs', 'structure', `${caseName}.json`);
  const net: NetworkArrays = {
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
  };
  return { net, params: ref.params_effective, raw: ref };
}

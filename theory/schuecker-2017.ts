/**
 * The network of Schuecker, Schmidt et al. 2017 (PLOS Comput Biol; upstream
 * figures/SchueckerSchmidt2017): the multi-area model before stabilization (K_stable: null), with
 * g = -16, rate_ext = 8 spikes/s, an average V1 indegree of 3950, 1.2-fold external drive onto TH and
 * cortico-cortical weights not scaled up; the external drive onto 5E and 6E is the parameter kappa
 * (fac_nu_ext_5E = kappa, fac_nu_ext_6E = 10/3 kappa - 7/3). Its mean-field theory runs with
 * dt = 0.01 ms for T = 30 ms, as upstream's.
 */
import type { CustomNetworkParams } from '../multiarea/index.ts';
import { factor6E } from './stabilization-procedure.ts';

/** Custom network parameters (upstream nesting) of the 2017 network. */
export const SCHUECKER_2017_NETWORK: CustomNetworkParams = {
  connection_params: {
    g: -16,
    av_indegree_V1: 3950,
    fac_nu_ext_TH: 1.2,
    K_stable: null,
    fac_nu_ext_5E: 1,
    fac_nu_ext_6E: 1,
    cc_weights_factor: 1,
    cc_weights_I_factor: 1,
  },
  input_params: { rate_ext: 8 },
};

/** Theory parameters of the 2017 mean-field analysis (upstream's). */
export const SCHUECKER_2017_THEORY = { dt: 0.01, T: 30, rec_interval: 0.1 };

/** Connection parameters of drive kappa onto 5E and 6E. */
export function kappaDrive(kappa: number): { fac_nu_ext_5E: number; fac_nu_ext_6E: number } {
  return { fac_nu_ext_5E: kappa, fac_nu_ext_6E: factor6E(kappa) };
}

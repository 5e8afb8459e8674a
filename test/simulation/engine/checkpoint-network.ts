import { toyNetwork } from '../toy-network.ts';

/** The network and simulation parameters of the checkpoint tests (a firing toy network, V_m recorded). */
export const checkpointNetwork = () => toyNetwork({ addDC: [360, 360, 360, 360] });
export const CHECKPOINT_SIM = { t_sim: 4000, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.05, vm_dict: { start: 0, stop: 4000, interval: 0.5 } } };

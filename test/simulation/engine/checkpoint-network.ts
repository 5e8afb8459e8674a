import { toyNetwork } from '../toy-network.ts';

/** The network and simulation parameters of the checkpoint tests (a firing toy network, V_m recorded). */
export const checkpointNetwork = () => toyNetwork({ addDC: [360, 360, 360, 360] });
/** 10 s: about half a second of wall time here, so that a stop or a kill comes before the end on faster machines too. */
export const CHECKPOINT_SIM = { t_sim: 10000, recording_dict: { record_vm: true, Nrec_vm_fraction: 0.05, vm_dict: { start: 0, stop: 10000, interval: 0.5 } } };

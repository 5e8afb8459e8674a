/**
 * Child process of checkpoint.test.ts: runs the checkpoint test network with checkpoints every few
 * milliseconds of wall time until the test kills it (kill -9).
 * Usage: node --import tsx checkpoint-child.ts <dataPath>
 */
import { Simulation } from '../../../simulation/index.ts';
import { checkpointNetwork, CHECKPOINT_SIM } from './checkpoint-network.ts';

const sim = new Simulation(checkpointNetwork(), { ...CHECKPOINT_SIM, threads: 2, checkpoint: { every_min: 1e-4 } }, { dataPath: process.argv[2] });
await sim.run();

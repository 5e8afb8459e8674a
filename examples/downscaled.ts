/**
 * The down-scaled multi-area model end to end, as upstream's run_example_downscaled.py:
 * build the network at 1 % scale, compute its mean-field rates, simulate it, and analyse the spikes.
 *
 *   npx tsx examples/downscaled.ts [t_sim_ms=1000] [areas=all, e.g. V1,V2]
 */
import { analysisOfRun } from '../analysis/index.ts';
import { BUNDLED } from '../core/index.ts';
import { MultiAreaModel } from '../multiarea/index.ts';
import { populationRates, Simulation } from '../simulation/index.ts';
import { Theory } from '../theory/index.ts';

const tSimMs = Number(process.argv[2] ?? 1000);
if (!(tSimMs > 0)) throw new Error(`t_sim_ms: got ${process.argv[2]}; expected a positive time in ms, e.g. 1000`);
const areas = process.argv[3] ? process.argv[3].split(',') : null;

// Rates of the full-scale model: for the DC compensation of down-scaling, and as the input rates that
// replace the areas left out of the simulation.
const fullscaleRates = BUNDLED.fullscaleRates;
const model = new MultiAreaModel({
  N_scaling: 0.01,
  K_scaling: 0.01,
  fullscale_rates: fullscaleRates,
  connection_params: {
    replace_non_simulated_areas: 'het_poisson_stat',
    replace_cc_input_source: fullscaleRates,
    cc_weights_factor: 1.0,
    cc_weights_I_factor: 1.0,
  },
});
console.log(`network ${model.label}: ${model.totalNeurons().toFixed(0)} neurons, ${(model.totalSynapses() / 1e6).toFixed(2)} M synapses`);

const theory = Theory.fromModel(model);
const { runs } = theory.integrateSiegert();
const theoryRates = Array.from(runs[0].final);
console.log(`mean-field mean rate: ${(theoryRates.reduce((a, b) => a + b, 0) / theoryRates.length).toFixed(2)} spikes/s`);

const sim = new Simulation(model, { t_sim: tSimMs, threads: 2, areas_simulated: areas }, { dataPath: './simulations' });
const log = await sim.run();
console.log(`simulated ${tSimMs} ms in ${log.simulate_time_s.toFixed(1)} s: ${log.spikes} spikes -> ${sim.dataDir}`);

const tMin = Math.min(200, tSimMs / 2);
const rates = populationRates(sim.dataDir, tMin, tSimMs);
console.log('V1 rates (spikes/s):', Object.fromEntries(Object.entries(rates).filter(([k]) => k.startsWith('V1-'))));
const summary = analysisOfRun(sim.dataDir, { window: { t_min_ms: tMin, t_max_ms: tSimMs } }).summary();
console.log('V1 CV of ISIs:', summary.cvIsi.areas.get('V1'), 'LvR:', summary.lvr.areas.get('V1'));

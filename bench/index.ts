/**
 * `npm run bench`: timings of the main jobs on the bundled data. Other benchmarks live beside this
 * file (bench/processing.ts, bench/simulation.ts, ...) and run on their own with `npx tsx bench/<name>.ts`.
 */
import { benchModelBuild } from './model.ts';
import { printTheoryBench } from './theory.ts';
import { benchKernels, formatKernelBench } from './kernels.ts';

const model = benchModelBuild();
console.log('Building the default MultiAreaModel from the bundled data');
console.log(`  median of ${model.repeats} builds: ${model.medianMs.toFixed(1)} ms (min ${model.minMs.toFixed(1)} ms; target <= 150 ms)`);
console.log(`  first build in a fresh process (reads data/, cold JIT): ${model.firstMs.toFixed(1)} ms`);
console.log(`  down-scaled model (N = K = 0.01), median: ${model.downscaledMedianMs.toFixed(1)} ms`);
console.log(`  ${(model.totalNeurons / 1e6).toFixed(2)} M neurons, ${(model.totalSynapses / 1e9).toFixed(1)} G synapses`);

printTheoryBench();

console.log(formatKernelBench(benchKernels()));

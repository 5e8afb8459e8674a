/**
 * Time to build the default multi-area model from the bundled dataset (run: npx tsx bench/model.ts).
 *
 * Reports, in one process: the first build (includes reading the dataset files and un-JITted code),
 * and the median/min of repeated builds of `new MultiAreaModel()` (parameter resolution, model
 * construction, K' application, vectorization and label), plus the down-scaled model.
 * Target: median <= 150 ms for the default model.
 */
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';
import { datasetPath, MultiAreaModel } from '../multiarea/index.ts';

export interface ModelBuildTimings {
  /** First build in this process (ms): dataset loading and cold code included. */
  firstMs: number;
  /** Median of the repeated default builds (ms). */
  medianMs: number;
  minMs: number;
  repeats: number;
  /** Median of repeated builds of the N = K = 0.01 model with full-scale rates (ms). */
  downscaledMedianMs: number;
  totalNeurons: number;
  totalSynapses: number;
}

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

export function benchModelBuild(repeats = 15): ModelBuildTimings {
  let model: MultiAreaModel | undefined;
  const firstMs = time(() => (model = new MultiAreaModel()));
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(time(() => new MultiAreaModel()));
  const downscaled = {
    N_scaling: 0.01,
    K_scaling: 0.01,
    fullscale_rates: datasetPath('fullscale_rates.json'),
  };
  const downTimes: number[] = [];
  for (let i = 0; i < repeats; i++) downTimes.push(time(() => new MultiAreaModel(downscaled)));
  return {
    firstMs,
    medianMs: median(times),
    minMs: Math.min(...times),
    repeats,
    downscaledMedianMs: median(downTimes),
    totalNeurons: model!.totalNeurons(),
    totalSynapses: model!.totalSynapses(),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t = benchModelBuild();
  console.log(`MultiAreaModel() first build (cold, loads data/): ${t.firstMs.toFixed(1)} ms`);
  console.log(`MultiAreaModel() median of ${t.repeats}:              ${t.medianMs.toFixed(1)} ms (min ${t.minMs.toFixed(1)} ms; target <= 150 ms)`);
  console.log(`down-scaled (N = K = 0.01) median:                ${t.downscaledMedianMs.toFixed(1)} ms`);
  console.log(`default model: ${(t.totalNeurons / 1e6).toFixed(2)} M neurons, ${(t.totalSynapses / 1e9).toFixed(1)} G synapses`);
}

/**
 * `npm run bench`: timings of the main jobs on the bundled data, each beside the figure of the tool it
 * replaces measured on the same machine (see DEVELOPERS.md / the issues). The spiking simulator has its
 * own, longer benchmark: `npm run bench:sim`. Details of each job live beside this file
 * (model-bench.ts, theory-bench.ts, kernels-bench.ts, startup-bench.ts, processing-bench.ts, analysis-bench.ts,
 * web-bench.ts for the browser explorer).
 */
import { benchModelBuild } from './model-bench.ts';
import { benchTheory, printTheoryBench } from './theory-bench.ts';
import { benchKernels, formatKernelBench } from './kernels-bench.ts';
import { formatBenchTable } from './bench-table.ts';
import { benchStartup, formatStartupBench } from './startup-bench.ts';
import { benchWeb, formatWebBench } from './web-bench.ts';
import { formatSimulationSummary, readLatest } from './simulation-summary.ts';

const UPSTREAM_MODEL_BUILD_MS = 8200; // MultiAreaModel({}) in upstream Python, best of 5
const UPSTREAM_THEORY_MS = 2000; // Theory.integrate_siegert() through NEST 3.10
const LFPYKERNELS_MS = 2200; // LFPykernels 0.2.0 + NEURON, README kernel with all probes

const model = benchModelBuild();
console.log('Building the default MultiAreaModel from the bundled data');
console.log(`  median of ${model.repeats} builds: ${model.medianMs.toFixed(1)} ms (min ${model.minMs.toFixed(1)} ms)`);
console.log(`  first build in a fresh process (reads data/, cold JIT): ${model.firstMs.toFixed(1)} ms`);
console.log(`  down-scaled model (N = K = 0.01), median: ${model.downscaledMedianMs.toFixed(1)} ms`);
console.log(`  ${(model.totalNeurons / 1e6).toFixed(2)} M neurons, ${(model.totalSynapses / 1e9).toFixed(1)} G synapses`);

const theory = benchTheory();
printTheoryBench(theory);

const kernels = benchKernels();
console.log(formatKernelBench(kernels));

const startup = benchStartup();
console.log(formatStartupBench(startup));

console.log('\nSide by side (median of repeated runs; wall-clock on this 2-core machine)\n');
console.log(
  formatBenchTable([
    { job: 'build default model', oursMs: model.medianMs, referenceMs: UPSTREAM_MODEL_BUILD_MS, reference: 'upstream Python', targetMs: 150 },
    { job: 'theory: integrate default model', oursMs: theory.medianMs, referenceMs: UPSTREAM_THEORY_MS, reference: 'upstream via NEST 3.10', targetMs: 100 },
    { job: 'LFP kernel (README case)', oursMs: kernels.medianSeconds * 1000, referenceMs: LFPYKERNELS_MS, reference: 'LFPykernels + NEURON', targetMs: 100 },
    { job: 'start-up: mam --help', oursMs: startup.helpMs, referenceMs: startup.helpTsxMs, reference: 'through tsx', targetMs: 300 },
    { job: 'start-up: mam export (default, JSON)', oursMs: startup.exportMs, referenceMs: startup.exportTsxMs, reference: 'through tsx', targetMs: 1000 },
  ]),
);
console.log(`\n${formatSimulationSummary(readLatest())}`);

// The explorer in headless Chromium (skipped, with the reason, without it): npm run bench:web alone.
const web = await benchWeb();
if (web) console.log(`\n${formatWebBench(web)}`);

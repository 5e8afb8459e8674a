/**
 * Time of the mean-field theory integration of the default model (run: npx tsx bench/theory.ts).
 *
 * Upstream's Theory.integrate_siegert builds a NEST 3.10 network of siegert_neurons and takes 2.0 s
 * on this machine for the default model (T = 50 ms, dt = 0.1 ms; 2.3 s recorded for the ground
 * state in ../shared/refs/theory/theory_ground_state.json). Target here: at most 0.1 s.
 * Reported: the first integration in the process (cold JIT) and the median of repeats. Building the
 * model and the theory's rate network is not timed (reported separately).
 */
import { fileURLToPath } from 'node:url';
import { MultiAreaModel } from '../multiarea/index.ts';
import { Theory } from '../theory/index.ts';

export const UPSTREAM_INTEGRATION_S = 2.0;

export interface TheoryTimings {
  /** Building `Theory` (rate network) from the model (ms). */
  setupMs: number;
  /** First integration in this process (ms), un-JITted code included. */
  firstMs: number;
  /** Median of the repeated integrations (ms). */
  medianMs: number;
  minMs: number;
  repeats: number;
  /** Mean rate at T (spikes/s), to show what was computed. */
  meanRate: number;
}

export function benchTheory(repeats = 7): TheoryTimings {
  const model = new MultiAreaModel();
  let t = performance.now();
  const theory = new Theory({ arrays: model.arrays(), params: model.params });
  const setupMs = performance.now() - t;
  t = performance.now();
  const first = theory.integrateSiegert();
  const firstMs = performance.now() - t;
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    t = performance.now();
    theory.integrateSiegert();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const final = first.runs[0].final;
  return {
    setupMs,
    firstMs,
    medianMs: times[times.length >> 1],
    minMs: times[0],
    repeats,
    meanRate: final.reduce((a, b) => a + b, 0) / final.length,
  };
}

export function printTheoryBench(r: TheoryTimings = benchTheory()): void {
  console.log('Mean-field theory: integrate the default model (254 populations, T = 50 ms, dt = 0.1 ms)');
  console.log(
    `  median of ${r.repeats}: ${r.medianMs.toFixed(1)} ms (min ${r.minMs.toFixed(1)} ms); first (cold JIT): ${r.firstMs.toFixed(1)} ms`,
  );
  console.log(`  upstream (NEST 3.10 siegert_neuron network): ${(UPSTREAM_INTEGRATION_S * 1e3).toFixed(0)} ms; target <= 100 ms`);
  console.log(`  building the rate network: ${r.setupMs.toFixed(1)} ms; mean rate at T: ${r.meanRate.toFixed(3)} spikes/s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printTheoryBench();

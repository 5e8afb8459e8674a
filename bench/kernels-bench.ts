/**
 * Benchmark of the spike-signal kernel of the LFPykernels README example (X = I onto E, Gauss-cylinder probe
 * with 13 contacts and the current dipole moment), against LFPykernels 0.2.0's 2.2 s on the reference
 * machine (95 % of it scipy quadrature for the Gauss-cylinder matrix). Run: npx tsx bench/kernels.ts
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';
import { buildForwardModels, buildKernelApprox, loadKernelSpec, PassiveCell, loadMorphology } from '../analysis/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = join(ROOT, 'examples', 'kernels', 'lfpykernels-readme.json');
export const LFPYKERNELS_SECONDS = 2.2;
export const TARGET_SECONDS = 0.1;

export interface KernelBenchResult {
  /** First computation in this process (includes JIT warm-up), s. */
  firstSeconds: number;
  /** Median over repeated computations, s. */
  medianSeconds: number;
  /** Median CPU time of this process per computation (less sensitive to other load on the machine), s. */
  medianCpuSeconds: number;
  /** Median time of the Gauss-cylinder matrix alone, s. */
  gaussCylinderMatrixSeconds: number;
  /** Median time of the cell simulation alone, s. */
  simulationSeconds: number;
  repeats: number;
}

/** Times the whole README kernel (spec already parsed: model setup, cell, simulation, all probes). */
export function benchKernels(repeats = 15): KernelBenchResult {
  const spec = loadKernelSpec(SPEC);
  const baseDir = dirname(SPEC);
  const run = () => {
    const approx = buildKernelApprox(spec, baseDir);
    const probes = buildForwardModels(spec, baseDir);
    return approx.getKernel(probes, spec.kernel);
  };
  let t0 = performance.now();
  run();
  const firstSeconds = (performance.now() - t0) / 1000;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    run();
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const probes = buildForwardModels(spec, baseDir);
  const cell = new PassiveCell(loadMorphology(join(ROOT, spec.cell.morphology)), spec.cell);
  const mTimes: number[] = [];
  const simTimes: number[] = [];
  for (let r = 0; r < repeats; r++) {
    t0 = performance.now();
    probes[0].getTransformationMatrix(cell);
    mTimes.push((performance.now() - t0) / 1000);
    t0 = performance.now();
    cell.simulate({ dt: spec.kernel.dt, tstop: spec.kernel.tX + spec.kernel.tau });
    simTimes.push((performance.now() - t0) / 1000);
  }
  return {
    firstSeconds,
    medianSeconds: median(wall),
    medianCpuSeconds: median(cpu),
    gaussCylinderMatrixSeconds: median(mTimes),
    simulationSeconds: median(simTimes),
    repeats,
  };
}

export function formatKernelBench(r: KernelBenchResult): string {
  const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
  return [
    'README kernel (X = I onto E; Gauss cylinder, 13 contacts + current dipole moment; dt = 1/16 ms, 550 ms):',
    `  median ${ms(r.medianSeconds)} wall, ${ms(r.medianCpuSeconds)} CPU over ${r.repeats} runs (first run ${ms(r.firstSeconds)})`,
    `  of which Gauss-cylinder matrix ${ms(r.gaussCylinderMatrixSeconds)}, cell simulation ${ms(r.simulationSeconds)}`,
    `  LFPykernels 0.2.0: ${LFPYKERNELS_SECONDS} s -> ${(LFPYKERNELS_SECONDS / r.medianSeconds).toFixed(0)}x faster; target <= ${TARGET_SECONDS * 1000} ms: ${r.medianSeconds <= TARGET_SECONDS ? 'met' : 'NOT met'}`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(formatKernelBench(benchKernels()));
}

/**
 * Runs the stabilization procedure of Schuecker, Schmidt et al. (2017) with our theory on the
 * non-stabilized network of 2017 (theory/schuecker-2017.ts; upstream
 * figures/SchueckerSchmidt2017/stabilization.py) and reports how close the resulting K' comes to the
 * bundled K_prime_original.npy after each iteration.
 *   npx tsx scripts/stabilization-kprime.ts [iterations=4] [out.npy] [exact|upstream]
 * (the last argument: slopes of the transfer function, exact or upstream's finite differences)
 */
import { MultiAreaModel, loadKPrimeOriginal } from '../multiarea/index.ts';
import {
  factor6E,
  saveKPrime,
  SCHUECKER_2017_NETWORK,
  SCHUECKER_2017_THEORY,
  stabilizationIteration,
  Theory,
  withDrive,
  type SlopeConvention,
  type TheoryModel,
} from '../theory/index.ts';

const iterations = Number(process.argv[2] ?? 4);
if (!(Number.isInteger(iterations) && iterations >= 0)) throw new Error(`iterations: got '${process.argv[2]}'; expected a whole number >= 0`);
const out = process.argv[3] || undefined;
const convention = (process.argv[4] ?? 'exact') as SlopeConvention;
if (convention !== 'exact' && convention !== 'upstream') throw new Error(`slope convention: got '${convention}'; expected exact or upstream`);

const m = new MultiAreaModel(SCHUECKER_2017_NETWORK);
const base: TheoryModel = { arrays: m.arrays(), params: m.params };
const spec = SCHUECKER_2017_THEORY;
const n = base.arrays.structureVec.length;
const K0 = base.arrays.K.map((r) => r.slice(0, n));

const orig = loadKPrimeOriginal();
const Korig = Array.from({ length: n }, (_, i) => Array.from(orig.data.subarray(i * n, (i + 1) * n)));
if (orig.labels.some((l, i) => l !== base.arrays.structureVec[i])) throw new Error('K_prime_original: population order differs');

function compare(K: number[][]): string {
  let dd = 0;
  let oo = 0;
  let ee = 0;
  let dO = 0;
  let ff = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = K[i][j] - K0[i][j];
      const o = Korig[i][j] - K0[i][j];
      dd += d * d;
      oo += o * o;
      dO += d * o;
      ee += (K[i][j] - Korig[i][j]) ** 2;
      ff += Korig[i][j] ** 2;
    }
  }
  return (
    `|K' - K_orig| / |K_orig| = ${Math.sqrt(ee / ff).toExponential(2)}; ` +
    `change |K' - K| / |K_orig - K| = ${Math.sqrt(dd / oo).toFixed(3)}, correlation of the changes ${(dO / Math.sqrt(dd * oo)).toFixed(3)}`
  );
}

console.log(`Unstabilized K vs K_prime_original: |K - K_orig| / |K_orig| = ${compare(K0).split(';')[0].split('= ')[1]}`);
let K = K0;
for (let k = 1; k <= iterations; k++) {
  const t0 = performance.now();
  const model = withDrive(base, 1, 1, K);
  let it;
  try {
    it = stabilizationIteration(model, spec, 1.2, [1, 1.2], convention);
  } catch (err) {
    console.log(`Iteration ${k}: stopped (${(err as Error).message})`);
    break;
  }
  K = it.result.K_prime;
  console.log(
    `Iteration ${k}: transition at fac_nu_ext_5E = ${it.transition.fLow.toFixed(5)}, saddle lambda_max = ${it.lambdaMaxAtSaddle.toFixed(3)}, ` +
      `epsilon = ${it.result.epsilon.toExponential(3)} (${((performance.now() - t0) / 1e3).toFixed(1)} s)`,
  );
  console.log(`  ${compare(K)}`);
}
// The stabilized network at the default drive (fac_nu_ext_5E = 1.125, 6E = 1.41666667), from zero rates:
for (const [name, Kx] of [['unstabilized', K0], ["our K'", K], ['K_prime_original', Korig]] as const) {
  const run = new Theory(withDrive(base, 1.125, factor6E(1.125), Kx), spec).integrateSiegert().runs[0];
  const mean = run.final.reduce((a, b) => a + b, 0) / n;
  console.log(`mean rate at fac_nu_ext_5E = 1.125 with ${name}: ${mean.toFixed(3)} spikes/s`);
}
if (out) {
  saveKPrime(out, K);
  console.log(`Wrote ${out}`);
}

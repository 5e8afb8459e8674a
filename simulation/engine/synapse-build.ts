/**
 * The synapses onto one worker's neurons [lo, hi), drawn as NEST's fixed_total_number (sources and
 * targets uniform with replacement, normal weights redrawn to their bounds, normal delays redrawn
 * to >= dt), stored as compressed rows by global source neuron, 8 bytes each: uint32 (local target
 * index in the low bits, delay in steps in the high bits) + float32 weight (pA), each row sorted by
 * delay.
 *
 * Every synapse's draws come from its own key hash(seed, pathway key, k), so a worker draws exactly
 * the synapses of the whole network that land in its range, and the network is the same for any
 * number of threads. Weights are rounded to float32 after being drawn (relative error < 6e-8, far
 * below the 10 % weight spread).
 */
import { sortRowsByDelay } from './delay-sort.ts';
import type { NetworkPlan } from './plan.ts';
import { hashKey, KeyedRng, STREAM_SYNAPSES } from './rng.ts';

export interface SynapseTable {
  /** Row start of every global source neuron (length totalNeurons + 1). */
  offsets: Uint32Array;
  /** Local target index | delay steps << targetBits. */
  packed: Uint32Array;
  weights: Float32Array;
  targetBits: number;
  targetMask: number;
  count: number;
  bytes: number;
}

const MAX_REDRAWS = 10000;

export function buildSynapseTable(plan: NetworkPlan, lo: number, hi: number, worker: number, rng: KeyedRng): SynapseTable {
  const total = plan.totalNeurons;
  const synSeed = hashKey(plan.seed, STREAM_SYNAPSES);
  const pops = plan.populations;
  const counts = new Uint32Array(total + 1);
  // Source-major order: consecutive pathways fill the rows of the same source population, so the
  // scattered writes of pass 2 stay within one region of memory (cache locality).
  const relevant = plan.pathways
    .filter((pw) => {
      const t = pops[pw.target];
      return t.first < hi && t.first + t.size > lo;
    })
    .sort((a, b) => a.source - b.source || a.target - b.target);
  // Pass 1: row lengths. Each synapse's draws come from its own key, so pass 2 can redraw them.
  for (const pw of relevant) {
    const T = pops[pw.target];
    const S = pops[pw.source];
    for (let k = 0; k < pw.count; k++) {
      rng.seed(hashKey(synSeed, pw.key, k));
      const tgt = T.first + rng.below(T.size);
      if (tgt < lo || tgt >= hi) continue;
      counts[S.first + rng.below(S.size)]++;
    }
  }
  const offsets = new Uint32Array(total + 1);
  let sum = 0;
  for (let g = 0; g < total; g++) {
    offsets[g] = sum;
    sum += counts[g];
    if (sum > 0xffffffff) throw new Error(`worker ${worker}: more than 2^32 synapses; use more threads`);
  }
  offsets[total] = sum;
  const size = hi - lo;
  const targetBits = Math.max(1, Math.ceil(Math.log2(Math.max(2, size))));
  const targetMask = targetBits >= 32 ? 0xffffffff : (1 << targetBits) - 1;
  const maxDelaySteps = 2 ** (32 - targetBits) - 1;
  const packed = new Uint32Array(sum);
  const weights = new Float32Array(sum);
  const fill = counts; // reused as write cursor
  for (let g = 0; g < total; g++) fill[g] = offsets[g];
  const dt = plan.dt_ms;
  for (const pw of relevant) {
    const T = pops[pw.target];
    const S = pops[pw.source];
    const { weightMean_pA: wMean, weightSd_pA: wSd, weightMin_pA: wMin, weightMax_pA: wMax, delayMean_ms: dMean, delaySd_ms: dSd } = pw;
    for (let k = 0; k < pw.count; k++) {
      rng.seed(hashKey(synSeed, pw.key, k));
      const tgt = T.first + rng.below(T.size);
      if (tgt < lo || tgt >= hi) continue;
      const src = S.first + rng.below(S.size);
      let w = wMean + wSd * rng.normal();
      for (let n = 0; w < wMin || w > wMax; n++) {
        if (n === MAX_REDRAWS) throw new Error(`pathway ${T.label} <- ${S.label}: weights normal(${wMean}, ${wSd}) pA never satisfy ${wMin} <= w <= ${wMax}`);
        w = wMean + wSd * rng.normal();
      }
      let d = dMean + dSd * rng.normal();
      for (let n = 0; d < dt; n++) {
        if (n === MAX_REDRAWS) throw new Error(`pathway ${T.label} <- ${S.label}: delays normal(${dMean}, ${dSd}) ms never reach dt = ${dt} ms`);
        d = dMean + dSd * rng.normal();
      }
      const steps = Math.round(d / dt);
      if (steps > maxDelaySteps) throw new Error(`pathway ${T.label} <- ${S.label}: delay ${d} ms exceeds the ${maxDelaySteps * dt} ms this worker can store`);
      const at = fill[src]++;
      packed[at] = ((steps << targetBits) | (tgt - lo)) >>> 0;
      weights[at] = w;
    }
  }
  sortRowsByDelay(offsets, packed, weights, targetBits, total);
  return { offsets, packed, weights, targetBits, targetMask, count: sum, bytes: packed.byteLength + weights.byteLength };
}

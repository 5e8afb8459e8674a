/**
 * The state of one worker at the end of a step, as a checkpoint stores it (little-endian binary),
 * written and read in pieces through sinks and sources that the caller supplies (files in Node):
 *
 *   header 40 bytes: magic "MAMCKP01", uint32 version = 1, uint32 worker, uint32 steps done,
 *                    uint32 populations, uint32 event steps, uint32 window counts, uint32 window sums,
 *                    uint32 local neurons
 *   runaway window:  int32[window counts], float64[window sums] (the same in every worker)
 *   per population:  uint32 population index, uint32 size, float64[size] V_m (relative to E_L),
 *                    float64[size] I_ex, float64[size] I_in, float64[size] I_0, then for iaf_psc_alpha
 *                    populations float64[size] dI_ex, float64[size] dI_in; int32[size] refractory steps
 *   per step ahead:  uint32 arrival step, uint32 events, events x (uint32 global target id, float32 weight pA)
 *
 * Everything is keyed by population and global id, so a run can resume with another number of
 * threads: each worker takes the populations and events of its own neurons from every file, and the
 * events of one neuron keep their order (they all come from the one worker that held it).
 * Poisson input and synapse streams are keyed by step and neuron, so they carry no state.
 */
import type { EventBuckets } from './event-buckets.ts';
import type { WorkerLayout } from './layout.ts';
import { FIELD, type NeuronBlock } from './neuron-block.ts';
import { populationModel, type NetworkPlan } from './plan.ts';
import type { RunawayGuard } from './runaway-guard.ts';

export const CHECKPOINT_MAGIC = 'MAMCKP01';
export const CHECKPOINT_VERSION = 1;
const HEADER_BYTES = 40;
const EVENT_BATCH = 1 << 16;

export interface ByteSink {
  write(bytes: Uint8Array): void;
}

export interface ByteSource {
  /** Fills `into` completely (an error if the data ends first). */
  read(into: Uint8Array): void;
  /** Skips n bytes. */
  skip(n: number): void;
}

/** What a checkpoint stores of a shard. */
export interface ShardStateView {
  plan: NetworkPlan;
  layout: WorkerLayout;
  neurons: NeuronBlock;
  buckets: EventBuckets;
  guard: RunawayGuard;
}

const bytesOf = (a: Float64Array | Int32Array | Uint32Array | Float32Array, from = 0, n = a.length - from) =>
  new Uint8Array(a.buffer, a.byteOffset + from * a.BYTES_PER_ELEMENT, n * a.BYTES_PER_ELEMENT);

/** The fields of a neuron of population `pop` as the file stores them (float64 each, then the refractory steps as int32). */
function storedFields(plan: NetworkPlan, pop: number): number[] {
  const exp = [FIELD.V, FIELD.I_EX, FIELD.I_IN, FIELD.I_0];
  return populationModel(plan, pop) === 'iaf_psc_alpha' ? [...exp, FIELD.DI_EX, FIELD.DI_IN] : exp;
}

/** Writes the state after `stepsDone` steps. */
export function writeShardState(view: ShardStateView, stepsDone: number, sink: ByteSink): void {
  const { plan, layout, neurons, buckets, guard } = view;
  const header = new DataView(new ArrayBuffer(HEADER_BYTES));
  for (let i = 0; i < 8; i++) header.setUint8(i, CHECKPOINT_MAGIC.charCodeAt(i));
  const words = [CHECKPOINT_VERSION, layout.worker, stepsDone, layout.segments.length, buckets.slots, guard.windowCounts.length, guard.windowSums.length, layout.size];
  words.forEach((w, k) => header.setUint32(8 + 4 * k, w, true));
  sink.write(new Uint8Array(header.buffer));
  sink.write(bytesOf(guard.windowCounts));
  sink.write(bytesOf(guard.windowSums));
  const popHeader = new Uint32Array(2);
  for (const seg of layout.segments) {
    const n = seg.to - seg.from;
    popHeader[0] = seg.pop;
    popHeader[1] = n;
    sink.write(bytesOf(popHeader));
    const values = new Float64Array(n);
    for (const field of storedFields(plan, seg.pop)) {
      neurons.readField(field, seg.from, values);
      sink.write(bytesOf(values));
    }
    const refractory = new Int32Array(n);
    neurons.readField(FIELD.REFRACTORY, seg.from, refractory);
    sink.write(bytesOf(refractory));
  }
  // Input index -> global id: the neuron's local index plus its population's offset.
  const gidOffset = new Int32Array(layout.size);
  for (const seg of layout.segments) gidOffset.fill(seg.gidOffset, seg.from, seg.to);
  const out = new Uint32Array(2 * EVENT_BATCH);
  const outWeights = new Float32Array(out.buffer);
  const stepHeader = new Uint32Array(2);
  for (let s = stepsDone; s < stepsDone + buckets.slots; s++) {
    stepHeader[0] = s;
    stepHeader[1] = buckets.count(s);
    sink.write(bytesOf(stepHeader));
    let n = 0;
    buckets.forEachRun(s, (w, wt, from, to) => {
      for (let at = from; at < to; at += 2) {
        const local = neurons.neuronOfInput(w[at]);
        out[2 * n] = local + gidOffset[local];
        outWeights[2 * n + 1] = wt[at + 1];
        if (++n === EVENT_BATCH) {
          sink.write(bytesOf(out));
          n = 0;
        }
      }
    });
    if (n > 0) sink.write(bytesOf(out, 0, 2 * n));
  }
}

/**
 * Restores a shard from the state files of all workers of the checkpoint (any number): its
 * populations' neurons, the events onto them, the runaway window. Returns the steps done.
 */
export function readShardState(view: ShardStateView, sources: ByteSource[]): number {
  const { plan, layout, neurons, buckets, guard } = view;
  const popOf = new Uint16Array(plan.totalNeurons);
  plan.populations.forEach((p, k) => popOf.fill(k, p.first, p.first + p.size));
  let steps = -1;
  const seen = new Set<number>();
  const batch = new Uint32Array(2 * EVENT_BATCH);
  const batchWeights = new Float32Array(batch.buffer);
  const word = new Uint32Array(2);
  for (const [f, src] of sources.entries()) {
    const header = new Uint8Array(HEADER_BYTES);
    src.read(header);
    const magic = String.fromCharCode(...header.subarray(0, 8));
    const dv = new DataView(header.buffer);
    const [version, , stepsDone, pops, eventSteps, nCounts, nSums] = [0, 1, 2, 3, 4, 5, 6].map((k) => dv.getUint32(8 + 4 * k, true));
    if (magic !== CHECKPOINT_MAGIC || version !== CHECKPOINT_VERSION) {
      throw new Error(`checkpoint state file ${f}: magic ${JSON.stringify(magic)} version ${version}; expected ${CHECKPOINT_MAGIC} version ${CHECKPOINT_VERSION}`);
    }
    if (steps >= 0 && stepsDone !== steps) throw new Error(`checkpoint state file ${f}: ${stepsDone} steps done; the others say ${steps}`);
    steps = stepsDone;
    if (nCounts !== guard.windowCounts.length || nSums !== guard.windowSums.length) {
      throw new Error(`checkpoint state file ${f}: runaway window of ${nCounts} bins; expected ${guard.windowCounts.length} (runaway parameters changed?)`);
    }
    src.read(bytesOf(guard.windowCounts));
    src.read(bytesOf(guard.windowSums));
    for (let k = 0; k < pops; k++) {
      src.read(bytesOf(word));
      const [pop, n] = word;
      const first = layout.localFirst[pop];
      if (pop >= plan.populations.length || n !== plan.populations[pop].size) {
        throw new Error(`checkpoint state file ${f}: population ${pop} of ${n} neurons does not belong to this network`);
      }
      const fields = storedFields(plan, pop);
      if (first < 0) {
        src.skip(n * (8 * fields.length + 4));
        continue;
      }
      const values = new Float64Array(n);
      for (const field of fields) {
        src.read(bytesOf(values));
        neurons.writeField(field, first, values);
      }
      const refractory = new Int32Array(n);
      src.read(bytesOf(refractory));
      neurons.writeField(FIELD.REFRACTORY, first, refractory);
      seen.add(pop);
    }
    for (let k = 0; k < eventSteps; k++) {
      src.read(bytesOf(word));
      const [step, count] = word;
      for (let done = 0; done < count; ) {
        const n = Math.min(EVENT_BATCH, count - done);
        src.read(bytesOf(batch, 0, 2 * n));
        for (let e = 0; e < n; e++) {
          const gid = batch[2 * e];
          const pop = popOf[gid];
          const first = layout.localFirst[pop];
          if (first < 0) continue;
          const w = batchWeights[2 * e + 1];
          const local = first + gid - plan.populations[pop].first;
          buckets.add(step, layout.inputGroupOf[pop], neurons.inputIndex(local, w < 0), w);
        }
        done += n;
      }
    }
  }
  for (const p of layout.populations) {
    if (plan.populations[p].size > 0 && !seen.has(p)) throw new Error(`checkpoint: no state of population ${plan.populations[p].label}`);
  }
  return steps;
}

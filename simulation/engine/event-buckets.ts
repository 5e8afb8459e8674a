/**
 * In-flight synaptic events of one worker, held by arrival step: a ring of slots (one per step, as
 * many as the largest delay needs), each a list of fixed-size blocks from a shared pool. An event is
 * 8 bytes (uint32 input index, float32 weight in pA); blocks are recycled as their step is
 * delivered, so memory follows the events in flight, never allocated per event. Events of a step are
 * delivered in the order they were added, which makes each neuron's input sum independent of the
 * number of threads (spikes are expanded in global order).
 */

const BLOCK_SHIFT = 10;
/** Events per block. */
export const BLOCK_EVENTS = 1 << BLOCK_SHIFT;
const CHUNK_SHIFT = 8;
/** Blocks per pool chunk (2 MiB). */
const CHUNK_BLOCKS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_BLOCKS - 1;
/** Bytes per in-flight event. */
export const EVENT_BYTES = 8;

export class EventBuckets {
  readonly slots: number;
  readonly mask: number;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** Events in the tail block of each slot (BLOCK_EVENTS when it has none, so that the next add allocates). */
  private readonly fill: Int32Array;
  private words: Uint32Array[] = [];
  private weights: Float32Array[] = [];
  private next = new Int32Array(CHUNK_BLOCKS);
  private free = new Int32Array(CHUNK_BLOCKS);
  private freeCount = 0;
  private blocks = 0;

  /** A ring for delays of up to `maxDelaySteps` steps. */
  constructor(maxDelaySteps: number) {
    let slots = 2;
    while (slots <= maxDelaySteps) slots *= 2;
    this.slots = slots;
    this.mask = slots - 1;
    this.head = new Int32Array(slots).fill(-1);
    this.tail = new Int32Array(slots).fill(-1);
    this.fill = new Int32Array(slots).fill(BLOCK_EVENTS);
  }

  /** Bytes of the block pool (its peak: blocks are reused, not returned). */
  get poolBytes(): number {
    return this.blocks * BLOCK_EVENTS * EVENT_BYTES;
  }

  /** Adds an event arriving in step `step` (slot = step & mask). */
  add(step: number, word: number, weight: number): void {
    const slot = step & this.mask;
    let n = this.fill[slot];
    if (n === BLOCK_EVENTS) {
      this.appendBlock(slot);
      n = 0;
    }
    const block = this.tail[slot];
    const at = (((block & CHUNK_MASK) << BLOCK_SHIFT) + n) << 1;
    const chunk = block >>> CHUNK_SHIFT;
    this.words[chunk][at] = word;
    this.weights[chunk][at + 1] = weight;
    this.fill[slot] = n + 1;
  }

  /** Adds the events of step `step` to `input` (input[word] += weight) and frees them; returns their number. */
  deliver(step: number, input: Float64Array): number {
    const slot = step & this.mask;
    let block = this.head[slot];
    if (block < 0) return 0;
    const last = this.tail[slot];
    let events = 0;
    while (block >= 0) {
      const n = block === last ? this.fill[slot] : BLOCK_EVENTS;
      const chunk = block >>> CHUNK_SHIFT;
      const words = this.words[chunk];
      const weights = this.weights[chunk];
      const base = (block & CHUNK_MASK) << (BLOCK_SHIFT + 1);
      const end = base + 2 * n;
      for (let at = base; at < end; at += 2) input[words[at]] += weights[at + 1];
      events += n;
      const following = this.next[block];
      this.free[this.freeCount++] = block;
      block = following;
    }
    this.head[slot] = -1;
    this.tail[slot] = -1;
    this.fill[slot] = BLOCK_EVENTS;
    return events;
  }

  /**
   * Calls `visit(words, weights, from, to)` for the events of step `step` in order (a checkpoint reads
   * them so; words at even, weights at odd indices of the arrays given).
   */
  forEachRun(step: number, visit: (words: Uint32Array, weights: Float32Array, from: number, to: number) => void): void {
    const slot = step & this.mask;
    const last = this.tail[slot];
    for (let block = this.head[slot]; block >= 0; block = this.next[block]) {
      const n = block === last ? this.fill[slot] : BLOCK_EVENTS;
      const chunk = block >>> CHUNK_SHIFT;
      const base = (block & CHUNK_MASK) << (BLOCK_SHIFT + 1);
      visit(this.words[chunk], this.weights[chunk], base, base + 2 * n);
    }
  }

  /** Events arriving in step `step`. */
  count(step: number): number {
    const slot = step & this.mask;
    let n = 0;
    const last = this.tail[slot];
    for (let block = this.head[slot]; block >= 0; block = this.next[block]) n += block === last ? this.fill[slot] : BLOCK_EVENTS;
    return n;
  }

  private appendBlock(slot: number): void {
    if (this.freeCount === 0) this.growPool();
    const block = this.free[--this.freeCount];
    this.next[block] = -1;
    const tail = this.tail[slot];
    if (tail < 0) this.head[slot] = block;
    else this.next[tail] = block;
    this.tail[slot] = block;
  }

  private growPool(): void {
    const buffer = new ArrayBuffer(CHUNK_BLOCKS * BLOCK_EVENTS * EVENT_BYTES);
    this.words.push(new Uint32Array(buffer));
    this.weights.push(new Float32Array(buffer));
    const first = this.blocks;
    this.blocks += CHUNK_BLOCKS;
    if (this.next.length < this.blocks) {
      const next = new Int32Array(2 * this.blocks);
      next.set(this.next);
      this.next = next;
      const free = new Int32Array(2 * this.blocks);
      free.set(this.free.subarray(0, this.freeCount));
      this.free = free;
    }
    // Lowest block on top of the stack: reused first.
    for (let b = this.blocks - 1; b >= first; b--) this.free[this.freeCount++] = b;
  }
}

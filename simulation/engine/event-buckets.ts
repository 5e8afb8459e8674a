/**
 * In-flight synaptic events of one worker, held by arrival step and input group: a ring of steps (as
 * many as the largest delay needs) times the worker's input groups (layout.ts: runs of whole target
 * populations whose input fits in a core's cache), each a list of fixed-size blocks from one pool. An
 * event is 8 bytes (uint32 input index, float32 weight in pA); blocks are recycled as their step is
 * delivered, so memory follows the events in flight, never allocated per event. A step's events are
 * delivered group by group (each group's input stays in cache while its events are added), each group
 * in the order its events were added: every neuron's input is summed in generation order, which makes
 * it independent of the number of threads (spikes are expanded in global order).
 *
 * The pool is reserved at its full capacity (the memory the worker may use for events) as one buffer;
 * the operating system commits its pages only as blocks are first used, and recycled blocks are
 * reused first, so the resident size follows the peak of events in flight. Where so large a
 * reservation is refused, a smaller one is made and grown by copying.
 */

const BLOCK_SHIFT = 8;
/** Events per block. */
export const BLOCK_EVENTS = 1 << BLOCK_SHIFT;
const BLOCK_WORDS = 2 * BLOCK_EVENTS;
/** Bytes per in-flight event. */
export const EVENT_BYTES = 8;
/** Largest pool (events, 8 GiB): word indices stay below 2^31, small integers for the compiler. */
const MAX_EVENTS = 2 ** 30;

export class EventBuckets {
  /** Steps in the ring. */
  readonly slots: number;
  readonly mask: number;
  readonly groups: number;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  /** Per (group, step) list (index group * slots + step & mask): next free word of its tail block, and the end of that block (equal when it needs a new block). */
  private readonly cursor: Int32Array;
  private readonly end: Int32Array;
  private words: Uint32Array;
  private weights: Float32Array;
  private next: Int32Array;
  private free: Int32Array;
  private freeCount = 0;
  /** Blocks taken from the pool so far (the rest of it was never touched). */
  private used = 0;

  /** A ring for delays of up to `maxDelaySteps` steps, `groups` input groups, a pool of up to `capacityBytes`. */
  constructor(maxDelaySteps: number, groups = 1, capacityBytes = 2 ** 28) {
    let slots = 2;
    while (slots <= maxDelaySteps) slots *= 2;
    this.slots = slots;
    this.mask = slots - 1;
    this.groups = groups;
    const lists = slots * groups;
    this.head = new Int32Array(lists).fill(-1);
    this.tail = new Int32Array(lists).fill(-1);
    this.cursor = new Int32Array(lists);
    this.end = new Int32Array(lists);
    let blocks = Math.max(lists, Math.floor(Math.min(capacityBytes / EVENT_BYTES, MAX_EVENTS) / BLOCK_EVENTS));
    let buffer: ArrayBuffer | null = null;
    while (buffer === null) {
      try {
        buffer = new ArrayBuffer(blocks * BLOCK_EVENTS * EVENT_BYTES);
      } catch (err) {
        if (!(err instanceof RangeError) || blocks <= lists) throw err;
        blocks = Math.max(lists, Math.floor(blocks / 2));
      }
    }
    this.words = new Uint32Array(buffer);
    this.weights = new Float32Array(buffer);
    this.next = new Int32Array(blocks);
    this.free = new Int32Array(blocks);
  }

  /** Bytes of the blocks ever used (the peak of events in flight, rounded up to blocks). */
  get poolBytes(): number {
    return this.used * BLOCK_EVENTS * EVENT_BYTES;
  }

  /** Adds an event of input group `group` arriving in step `step`. */
  add(step: number, group: number, word: number, weight: number): void {
    const list = group * this.slots + (step & this.mask);
    let at = this.cursor[list];
    if (at === this.end[list]) at = this.appendBlock(list);
    this.words[at] = word;
    this.weights[at + 1] = weight;
    this.cursor[list] = at + 2;
  }

  /**
   * Adds the events of synapses [from, to) of an explicit table (explicit-table.ts: the packed word of
   * synapse q at synapses[2q], input index | delay steps << inputBits; its weight's bits at 2q + 1),
   * all in input group `group`: synapse q arrives in step t + delay. The same as add() for each in
   * turn, with the loop's state in locals and the weight copied as bits.
   */
  addSynapses(t: number, group: number, synapses: Uint32Array, from: number, to: number, inputBits: number, inputMask: number): void {
    const listBase = group * this.slots;
    const mask = this.mask;
    const cursor = this.cursor;
    const end = this.end;
    let words = this.words;
    for (let q = 2 * from, last = 2 * to; q < last; q += 2) {
      const p = synapses[q];
      const list = listBase + ((t + (p >>> inputBits)) & mask);
      let at = cursor[list];
      if (at === end[list]) {
        at = this.appendBlock(list);
        words = this.words;
      }
      words[at] = p & inputMask;
      words[at + 1] = synapses[q + 1];
      cursor[list] = at + 2;
    }
  }

  /** Adds the events of step `step` to `input` (input[word] += weight), group by group, and frees them; returns their number. */
  deliver(step: number, input: Float64Array): number {
    const words = this.words;
    const weights = this.weights;
    let events = 0;
    for (let list = step & this.mask; list < this.head.length; list += this.slots) {
      let block = this.head[list];
      if (block < 0) continue;
      const last = this.tail[list];
      while (block >= 0) {
        const from = block * BLOCK_WORDS;
        const to = block === last ? this.cursor[list] : from + BLOCK_WORDS;
        for (let at = from; at < to; at += 2) input[words[at]] += weights[at + 1];
        events += (to - from) >>> 1;
        const following = this.next[block];
        this.free[this.freeCount++] = block;
        block = following;
      }
      this.head[list] = -1;
      this.tail[list] = -1;
      this.cursor[list] = 0;
      this.end[list] = 0;
    }
    return events;
  }

  /**
   * Calls `visit(words, weights, from, to)` for the events of step `step`, in the order deliver() adds
   * them (a checkpoint reads them so; words at even, weights at odd indices of the arrays given).
   */
  forEachRun(step: number, visit: (words: Uint32Array, weights: Float32Array, from: number, to: number) => void): void {
    for (let list = step & this.mask; list < this.head.length; list += this.slots) {
      const last = this.tail[list];
      for (let block = this.head[list]; block >= 0; block = this.next[block]) {
        const from = block * BLOCK_WORDS;
        visit(this.words, this.weights, from, block === last ? this.cursor[list] : from + BLOCK_WORDS);
      }
    }
  }

  /** Events arriving in step `step`. */
  count(step: number): number {
    let n = 0;
    this.forEachRun(step, (_w, _x, from, to) => (n += (to - from) >>> 1));
    return n;
  }

  /** Links a fresh block to a list; returns its first word. */
  private appendBlock(list: number): number {
    let block: number;
    if (this.freeCount > 0) block = this.free[--this.freeCount];
    else {
      if (this.used === this.next.length) this.growPool();
      block = this.used++;
    }
    this.next[block] = -1;
    const tail = this.tail[list];
    if (tail < 0) this.head[list] = block;
    else this.next[tail] = block;
    this.tail[list] = block;
    const at = block * BLOCK_WORDS;
    this.end[list] = at + BLOCK_WORDS;
    return at;
  }

  /** Only where the reservation had to be smaller than the capacity (or the capacity is exceeded). */
  private growPool(): void {
    const blocks = Math.min(2 * this.next.length, MAX_EVENTS / BLOCK_EVENTS);
    if (blocks === this.next.length) throw new Error(`more than ${MAX_EVENTS} synaptic events in flight in one worker; use more threads`);
    const buffer = new ArrayBuffer(blocks * BLOCK_EVENTS * EVENT_BYTES);
    new Uint32Array(buffer).set(this.words);
    this.words = new Uint32Array(buffer);
    this.weights = new Float32Array(buffer);
    const next = new Int32Array(blocks);
    next.set(this.next);
    this.next = next;
    const free = new Int32Array(blocks);
    free.set(this.free.subarray(0, this.freeCount));
    this.free = free;
  }
}

/**
 * Explicit mode: the synapses of connectivity.ts drawn once and stored, 8 bytes each, in rows by
 * source neuron (uint32: input index | delay steps << input bits; float32 weight in pA). A row holds
 * the source's synapses pathway by pathway, in the order in which procedural mode redraws them.
 */
import { Connectivity, SynapseScratch } from './connectivity.ts';
import { StreamRng } from './rng.ts';

/** Synapses one worker's table can hold (two 32-bit words each in one typed array). */
const MAX_SYNAPSES = 2 ** 31 - 1;

export class ExplicitTable {
  /** First row of each source group (rows of group g: rowBase[g] + source index). */
  readonly rowBase: Int32Array;
  /** Row r holds synapses rowStart[r] .. rowStart[r + 1] - 1. */
  rowStart = new Uint32Array(1);
  /**
   * Per source group: its input-group runs (consecutive pathways whose targets share an input group,
   * merged), as the input group of each run and the last pathway column of each run. A spike's row is
   * added run by run, without a visit to each of its (mostly nearly empty) pathways.
   */
  readonly runGroup: Int32Array[];
  private readonly runColumnEnd: Int32Array[];
  /** First entry in `runEnd` of each source group's rows (rows of group g: runBase[g] + source x runs). */
  readonly runBase: Int32Array;
  /** End (synapse index) of each run of each row; runs of a row start where the previous one ends (the first at rowStart). */
  runEnd = new Uint32Array(0);
  /**
   * Synapse q: its packed word (input index | delay steps << inputBits) at 2q and its weight (float32,
   * pA) at 2q + 1 — one stream per row, so that a spike's row is fetched in as few cache lines as possible.
   */
  synapses = new Uint32Array(0);
  private synapseWeights = new Float32Array(0);
  readonly inputBits: number;
  readonly inputMask: number;
  /** Largest delay (steps) drawn. */
  maxDelaySteps = 1;

  constructor(
    private readonly connectivity: Connectivity,
    inputs: number,
    private readonly worker: number,
  ) {
    this.inputBits = Math.max(1, Math.ceil(Math.log2(Math.max(2, inputs))));
    this.inputMask = this.inputBits >= 32 ? 0xffffffff : 2 ** this.inputBits - 1;
    this.rowBase = new Int32Array(connectivity.groups.length);
    this.runBase = new Int32Array(connectivity.groups.length);
    this.runGroup = [];
    this.runColumnEnd = [];
    let rows = 0;
    let runEntries = 0;
    connectivity.groups.forEach((g, k) => {
      this.rowBase[k] = rows;
      rows += g.size;
      const groups: number[] = [];
      const ends: number[] = [];
      g.pathways.forEach((pw, j) => {
        if (groups.length > 0 && groups[groups.length - 1] === pw.group) ends[ends.length - 1] = j + 1;
        else {
          groups.push(pw.group);
          ends.push(j + 1);
        }
      });
      this.runGroup.push(Int32Array.from(groups));
      this.runColumnEnd.push(Int32Array.from(ends));
      this.runBase[k] = runEntries;
      runEntries += g.size * groups.length;
    });
    this.runEntries = runEntries;
  }

  private readonly runEntries: number;

  get count(): number {
    return this.synapses.length / 2;
  }

  get bytes(): number {
    return this.synapses.byteLength + this.rowStart.byteLength + this.runEnd.byteLength;
  }

  /** The packed word of synapse q: input index | delay steps << inputBits. */
  packedAt(q: number): number {
    return this.synapses[2 * q];
  }

  /** The weight (pA) of synapse q. */
  weightAt(q: number): number {
    return this.synapseWeights[2 * q + 1];
  }

  /** Draws and stores every synapse (after Connectivity.drawCounts); yields the synapses done so far. */
  *build(): Generator<number> {
    const { groups } = this.connectivity;
    const rows = groups.reduce((s, g) => s + g.size, 0);
    const rowStart = new Uint32Array(rows + 1);
    const runEnd = new Uint32Array(this.runEntries);
    let total = 0;
    for (const [k, g] of groups.entries()) {
      const cols = g.pathways.length;
      const columnEnds = this.runColumnEnd[k];
      const runs = columnEnds.length;
      for (let i = 0; i < g.size; i++) {
        rowStart[this.rowBase[k] + i] = total;
        let j = 0;
        for (let r = 0; r < runs; r++) {
          for (const end = columnEnds[r]; j < end; j++) total += g.counts[i * cols + j];
          if (total > MAX_SYNAPSES) throw new Error(`worker ${this.worker}: more than ${MAX_SYNAPSES} synapses; use more threads or procedural connectivity`);
          runEnd[this.runBase[k] + i * runs + r] = total;
        }
      }
    }
    rowStart[rows] = total;
    this.rowStart = rowStart;
    this.runEnd = runEnd;
    this.synapses = new Uint32Array(2 * total);
    this.synapseWeights = new Float32Array(this.synapses.buffer);
    const maxDelay = 2 ** (32 - this.inputBits) - 1;
    const rng = new StreamRng();
    const scratch = new SynapseScratch();
    const { synapses, synapseWeights, inputBits } = this;
    let at = 0;
    let sinceYield = 0;
    let largest = 1;
    for (const g of groups) {
      const cols = g.pathways.length;
      for (let i = 0; i < g.size; i++) {
        for (let j = 0; j < cols; j++) {
          const c = g.counts[i * cols + j];
          if (c === 0) continue;
          const pw = g.pathways[j];
          scratch.ensure(c);
          this.connectivity.drawSynapses(rng, pw, i, c, scratch);
          const { words, delays, weights: w } = scratch;
          for (let k = 0; k < c; k++) {
            const d = delays[k];
            if (d > largest) {
              if (d > maxDelay) throw new Error(`pathway ${pw.label}: a delay of ${d} steps exceeds the ${maxDelay} steps that explicit mode can store with ${inputBits} input bits; use procedural connectivity or more threads`);
              largest = d;
            }
            synapses[2 * at] = ((d << inputBits) | words[k]) >>> 0;
            synapseWeights[2 * at + 1] = w[k];
            at++;
          }
          sinceYield += c;
        }
        if (sinceYield >= 1 << 18) {
          sinceYield = 0;
          yield at;
        }
      }
    }
    this.maxDelaySteps = largest;
    yield at;
  }
}

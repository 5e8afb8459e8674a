/**
 * Explicit mode: the synapses of connectivity.ts drawn once and stored, 8 bytes each, in rows by
 * source neuron (uint32: input index | delay steps << input bits; float32 weight in pA). A row holds
 * the source's synapses pathway by pathway, in the order in which procedural mode redraws them.
 */
import { Connectivity, SynapseScratch } from './connectivity.ts';
import { StreamRng } from './rng.ts';

export class ExplicitTable {
  /** First row of each source group (rows of group g: rowBase[g] + source index). */
  readonly rowBase: Int32Array;
  /** Row r holds synapses rowStart[r] .. rowStart[r + 1] - 1. */
  rowStart = new Uint32Array(1);
  packed = new Uint32Array(0);
  weights = new Float32Array(0);
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
    let rows = 0;
    connectivity.groups.forEach((g, k) => {
      this.rowBase[k] = rows;
      rows += g.size;
    });
  }

  get count(): number {
    return this.packed.length;
  }

  get bytes(): number {
    return this.packed.byteLength + this.weights.byteLength + this.rowStart.byteLength;
  }

  /** Draws and stores every synapse (after Connectivity.drawCounts); yields the synapses done so far. */
  *build(): Generator<number> {
    const { groups } = this.connectivity;
    const rows = groups.reduce((s, g) => s + g.size, 0);
    const rowStart = new Uint32Array(rows + 1);
    let total = 0;
    for (const [k, g] of groups.entries()) {
      const cols = g.pathways.length;
      for (let i = 0; i < g.size; i++) {
        rowStart[this.rowBase[k] + i] = total;
        for (let j = 0; j < cols; j++) total += g.counts[i * cols + j];
        if (total > 0xffffffff) throw new Error(`worker ${this.worker}: more than 2^32 synapses; use more threads or procedural connectivity`);
      }
    }
    rowStart[rows] = total;
    this.rowStart = rowStart;
    this.packed = new Uint32Array(total);
    this.weights = new Float32Array(total);
    const maxDelay = 2 ** (32 - this.inputBits) - 1;
    const rng = new StreamRng();
    const scratch = new SynapseScratch();
    const { packed, weights, inputBits } = this;
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
            packed[at] = ((d << inputBits) | words[k]) >>> 0;
            weights[at] = w[k];
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

/** One node of a cable tree: its parent node (smaller index; -1 for the root) and the axial conductance (uS) to it. */
export interface CableNode {
  parent: number;
  axialConductance: number;
}

/**
 * Solver for the backward-Euler cable system (membraneDiag + axial Laplacian) dv = rhs on a tree whose
 * nodes are ordered parent-before-child (Hines ordering). The matrix is constant for a passive cell, so the
 * elimination of the diagonal is done once; each solve is then O(nodes).
 */
export class CableSolver {
  readonly parent: Int32Array;
  /** Axial conductance of each node to its parent (uS). */
  readonly g: Float64Array;
  /** Diagonal after eliminating all children. */
  readonly reducedDiag: Float64Array;

  constructor(nodes: readonly CableNode[], membraneDiag: Float64Array) {
    const n = nodes.length;
    this.parent = new Int32Array(n);
    this.g = new Float64Array(n);
    const diag = Float64Array.from(membraneDiag);
    for (let i = 0; i < n; i++) {
      const { parent, axialConductance } = nodes[i];
      if (i > 0 && !(parent >= 0 && parent < i)) {
        throw new Error(`CableSolver: node ${i} has parent ${parent}; expected an earlier node`);
      }
      this.parent[i] = i === 0 ? -1 : parent;
      this.g[i] = i === 0 ? 0 : axialConductance;
      if (i > 0) {
        diag[i] += axialConductance;
        diag[parent] += axialConductance;
      }
    }
    for (let i = n - 1; i > 0; i--) diag[this.parent[i]] -= (this.g[i] * this.g[i]) / diag[i];
    this.reducedDiag = diag;
  }

  /** out[i] = net axial current (nA) flowing into node i at potentials v (mV). */
  axialCurrents(v: Float64Array, out: Float64Array): void {
    out.fill(0);
    for (let i = 1; i < this.parent.length; i++) {
      const p = this.parent[i];
      const current = this.g[i] * (v[p] - v[i]);
      out[i] += current;
      out[p] -= current;
    }
  }

  /** Overwrites rhs with the solution dv. */
  solveInPlace(rhs: Float64Array): void {
    const { parent, g, reducedDiag } = this;
    for (let i = parent.length - 1; i > 0; i--) rhs[parent[i]] += (g[i] * rhs[i]) / reducedDiag[i];
    rhs[0] /= reducedDiag[0];
    for (let i = 1; i < parent.length; i++) rhs[i] = (rhs[i] + g[i] * rhs[parent[i]]) / reducedDiag[i];
  }
}

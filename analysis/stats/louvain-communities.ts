/**
 * Louvain communities of a connectivity matrix between areas (Schmidt et al. 2018, Fig. 8;
 * compute_louvain_communities.py, which runs python-louvain's best_partition on the FC matrix with its
 * diagonal set to 0, every pair an edge weighted by its FC value).
 *
 * The Louvain method itself is graphology-communities-louvain's. Its node visiting order is random;
 * the generator here is seeded (mulberry32), so a seed gives one partition, the same on every machine.
 * - undirected (FC): edge weight (w_ij + w_ji) / 2 for i < j, the diagonal left out;
 * - directed (structural connectivity, target x source matrix): an edge source -> target of weight w_ij,
 *   with Louvain's directed modularity.
 * Edges of weight <= 0 are left out: modularity needs non-negative weights (python-louvain adds
 * negative FC values as edges, which makes its "degrees" and modularity ill-defined; FC between areas in
 * the paper is almost entirely positive). Without any positive edge every label is its own community
 * (modularity NaN). Communities are numbered 0, 1, ... in order of their first area.
 */
import { DirectedGraph, UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';
import { uniformGenerator } from '../../core/index.ts';
import type { LabelledSquareMatrix } from './labelled.ts';

// The package is CommonJS with an ES-style `export default` in its typings: Node's ESM loader hands
// over module.exports (the function), TypeScript expects { default }. Accept either.
type Louvain = typeof louvainImport.default;
const louvain: Louvain = (louvainImport as unknown as { default?: Louvain }).default ?? (louvainImport as unknown as Louvain);

export interface LouvainOptions {
  /** Seed of the node visiting order; default 1. */
  seed?: number;
  /** Modularity resolution; default 1. */
  resolution?: number;
  /** Treat the matrix as directed (target x source); default false. */
  directed?: boolean;
}

export interface Communities {
  labels: string[];
  /** Community of each label (0-based). */
  community: number[];
  count: number;
  modularity: number;
}

export function louvainCommunities(matrix: LabelledSquareMatrix, options: LouvainOptions = {}): Communities {
  const { labels, values } = matrix;
  const n = labels.length;
  if (values.length !== n || values.some((row) => row.length !== n)) {
    throw new Error(`louvainCommunities: the matrix is not ${n} x ${n}; expected one row and column per label`);
  }
  const directed = options.directed ?? false;
  const graph = directed ? new DirectedGraph() : new UndirectedGraph();
  for (const l of labels) graph.addNode(l);
  for (let i = 0; i < n; i++) {
    for (let j = directed ? 0 : i + 1; j < n; j++) {
      if (i === j) continue;
      const w = directed ? values[i][j] : (values[i][j] + values[j][i]) / 2;
      if (Number.isNaN(w)) throw new Error(`louvainCommunities: weight (${labels[i]}, ${labels[j]}) is NaN; expected numbers`);
      if (w > 0) {
        if (directed) graph.addDirectedEdge(labels[j], labels[i], { weight: w });
        else graph.addUndirectedEdge(labels[i], labels[j], { weight: w });
      }
    }
  }
  if (graph.size === 0) {
    // Nothing to group (e.g. two anticorrelated areas): every label is its own community.
    return { labels: [...labels], community: labels.map((_, i) => i), count: n, modularity: NaN };
  }
  const detailed = louvain.detailed(graph, {
    getEdgeWeight: 'weight',
    resolution: options.resolution ?? 1,
    rng: uniformGenerator(options.seed ?? 1),
  });
  const renumber = new Map<number, number>();
  const community = labels.map((l) => {
    const c = detailed.communities[l];
    if (!renumber.has(c)) renumber.set(c, renumber.size);
    return renumber.get(c)!;
  });
  return { labels: [...labels], community, count: renumber.size, modularity: detailed.modularity };
}

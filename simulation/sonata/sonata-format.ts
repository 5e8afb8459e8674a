/**
 * Constants of the SONATA format (github.com/AllenInstitute/sonata, docs/SONATA_DEVELOPER_GUIDE.md)
 * and the dtypes this project writes, which the validator (circuit-validate.ts) checks.
 */
import type { H5Dtype } from './h5.ts';

/** Root attributes of every SONATA HDF5 file. */
export const SONATA_MAGIC = 0x0a7a;
export const SONATA_VERSION = [0, 1];

/** Default node population name of an exported network (and of spike files converted from our runs). */
export const DEFAULT_POPULATION = 'multiarea';

/** Required datasets of a node population and the dtypes written (integer kinds are what the validator requires). */
export const NODE_DATASETS: Record<string, H5Dtype> = {
  node_type_id: 'int64',
  node_id: 'uint64',
  node_group_id: 'uint32',
  node_group_index: 'uint64',
};

/** Required datasets of an edge population and the dtypes written. */
export const EDGE_DATASETS: Record<string, H5Dtype> = {
  edge_type_id: 'int64',
  source_node_id: 'uint64',
  target_node_id: 'uint64',
  edge_group_id: 'uint32',
  edge_group_index: 'uint64',
};

/** Index groups of an edge population and their datasets (N x 2, uint64 [start, end) ranges). */
export const EDGE_INDICES = ['source_to_target', 'target_to_source'] as const;
/**
 * The spec names the node-to-range dataset `node_id_to_ranges` (libsonata reads it); BMTK reads
 * `node_id_to_range`. Both names are written, the second as a hard link to the first.
 */
export const NODE_TO_RANGES = 'node_id_to_ranges';
export const NODE_TO_RANGES_BMTK = 'node_id_to_range';
export const RANGE_TO_EDGES = 'range_to_edge_id';

/**
 * Flat layout used during construction: every area has all 8 population slots (absent populations
 * hold zeros), rows/columns in area-major order (area index x 8 + population index), and
 * connectivity arrays have one extra last column for the external input. Typed arrays keep
 * construction fast and allocation-free compared with nested dicts.
 */
export interface Grid {
  areas: readonly string[];
  pops: readonly string[];
  /** Number of population slots (areas x pops). */
  size: number;
  /** Row length of connectivity arrays with the external column (size + 1). */
  stride: number;
}

export function makeGrid(areas: readonly string[], pops: readonly string[]): Grid {
  const size = areas.length * pops.length;
  return { areas, pops, size, stride: size + 1 };
}

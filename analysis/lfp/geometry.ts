/**
 * Segment geometry of a multicompartment cell: what forward models need. Every segment is a straight
 * piece from (xStart, yStart, zStart) to (xEnd, yEnd, zEnd) in um, with diameter (um), membrane area (um^2)
 * and length (um). Segment order is the order of the cell's sections, 0-end to 1-end within each section.
 */
export interface SegmentGeometry {
  readonly totnsegs: number;
  readonly xStart: Float64Array;
  readonly xEnd: Float64Array;
  readonly yStart: Float64Array;
  readonly yEnd: Float64Array;
  readonly zStart: Float64Array;
  readonly zEnd: Float64Array;
  readonly diam: Float64Array;
  readonly area: Float64Array;
  readonly length: Float64Array;
}

export type Axis = 'x' | 'y' | 'z';

/** Segment midpoints along one axis (um). */
export function midpoints(geom: SegmentGeometry, axis: Axis): Float64Array {
  const a = axis === 'x' ? geom.xStart : axis === 'y' ? geom.yStart : geom.zStart;
  const b = axis === 'x' ? geom.xEnd : axis === 'y' ? geom.yEnd : geom.zEnd;
  const out = new Float64Array(geom.totnsegs);
  for (let i = 0; i < out.length; i++) out[i] = (a[i] + b[i]) / 2;
  return out;
}

/** Builds a geometry from plain arrays (e.g. segments exported by another tool); lengths are derived. */
export function segmentGeometry(seg: {
  xStart: ArrayLike<number>; xEnd: ArrayLike<number>;
  yStart: ArrayLike<number>; yEnd: ArrayLike<number>;
  zStart: ArrayLike<number>; zEnd: ArrayLike<number>;
  diam: ArrayLike<number>; area?: ArrayLike<number>;
}): SegmentGeometry {
  const n = seg.xStart.length;
  for (const [name, arr] of Object.entries(seg)) {
    if (arr !== undefined && arr.length !== n) {
      throw new Error(`segmentGeometry: ${name} has ${arr.length} values, expected ${n} (one per segment)`);
    }
  }
  const f = (a: ArrayLike<number>) => Float64Array.from(a);
  const length = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    length[i] = Math.hypot(seg.xEnd[i] - seg.xStart[i], seg.yEnd[i] - seg.yStart[i], seg.zEnd[i] - seg.zStart[i]);
  }
  const area = seg.area ? f(seg.area) : Float64Array.from(length, (l, i) => Math.PI * seg.diam[i] * l);
  return {
    totnsegs: n,
    xStart: f(seg.xStart), xEnd: f(seg.xEnd),
    yStart: f(seg.yStart), yEnd: f(seg.yEnd),
    zStart: f(seg.zStart), zEnd: f(seg.zEnd),
    diam: f(seg.diam), area, length,
  };
}

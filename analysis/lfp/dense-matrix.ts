/** Dense row-major matrix of float64 values; the currency between forward models and kernels. */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major values: element (i, j) is data[i * cols + j]. */
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromRows(rows: ArrayLike<ArrayLike<number>>): DenseMatrix {
  const nRows = rows.length;
  const nCols = nRows === 0 ? 0 : rows[0].length;
  const out = zeros(nRows, nCols);
  for (let i = 0; i < nRows; i++) {
    if (rows[i].length !== nCols) {
      throw new Error(`fromRows: row ${i} has ${rows[i].length} values, expected ${nCols}`);
    }
    for (let j = 0; j < nCols; j++) out.data[i * nCols + j] = rows[i][j];
  }
  return out;
}

export function toRows(m: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function row(m: DenseMatrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Matrix product a (n x k) times b (k x m). */
export function matmul(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.rows) {
    throw new Error(`matmul: inner dimensions differ (${a.rows}x${a.cols} times ${b.rows}x${b.cols})`);
  }
  const out = zeros(a.rows, b.cols);
  const { data: ad } = a;
  const { data: bd } = b;
  const od = out.data;
  const m = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const oOff = i * m;
    for (let k = 0; k < a.cols; k++) {
      const aik = ad[i * a.cols + k];
      if (aik === 0) continue;
      const bOff = k * m;
      for (let j = 0; j < m; j++) od[oOff + j] += aik * bd[bOff + j];
    }
  }
  return out;
}

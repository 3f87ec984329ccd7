/**
 * The few dense and sparse kernels the co-occurrence model needs, in plain TypeScript:
 * sparse-times-dense products, Gram matrices, a symmetric eigensolver and a seeded
 * Gaussian generator. Dense matrices are row-major, Float64Array for the small ones and
 * Float32Array for the big ones (one row per section or per feature), where storage precision
 * does not matter because every sum is formed in double. Pure.
 */

/** A sparse matrix in compressed sparse row form. */
export interface SparseRows {
  rows: number;
  cols: number;
  /** rowStart[r]..rowStart[r + 1] indexes the entries of row r. */
  rowStart: Int32Array;
  /** Uint16Array when every column id fits, for half the memory. */
  colIndex: Int32Array | Uint16Array;
  values: Float32Array | Float64Array;
}

/** xorshift32 with a splitmix-style seed scramble: small, fast and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state + 0.5) / 4294967296;
  };
}

/** Fills a matrix with standard normal draws (Box-Muller). */
function gaussianMatrix<Out extends DenseArray = Float64Array>(
  rows: number,
  cols: number,
  random: () => number,
  out: Out = new Float64Array(rows * cols) as Out,
): Out {
  for (let index = 0; index < rows * cols; index += 2) {
    const radius = Math.sqrt(-2 * Math.log(random()));
    const angle = 2 * Math.PI * random();
    out[index] = radius * Math.cos(angle);
    if (index + 1 < rows * cols) out[index + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** A dense row-major matrix stored in either precision; arithmetic is always in double. */
export type DenseArray = Float64Array | Float32Array;

/** X (rows x cols, sparse) times M (cols x width) -> rows x width, into `out` when given (reused buffers keep the peak memory down). */
export function sparseTimesDense<Out extends DenseArray = Float64Array>(
  matrix: SparseRows,
  dense: DenseArray,
  width: number,
  out: Out = new Float64Array(matrix.rows * width) as Out,
): Out {
  out.fill(0, 0, matrix.rows * width);
  addSparseProduct(matrix, dense, width, out, false);
  return out;
}

/**
 * X^T (cols x rows) times M (rows x width) -> cols x width, without forming X^T. The result is
 * single precision: it is the wide side (one row per feature) and only ever feeds products.
 */
export function sparseTransposeTimesDense(
  matrix: SparseRows,
  dense: DenseArray,
  width: number,
  out: Float32Array = new Float32Array(matrix.cols * width),
): Float32Array {
  out.fill(0, 0, matrix.cols * width);
  addSparseProduct(matrix, dense, width, out, true);
  return out;
}

/**
 * out += X M, or X^T M when `transposed`: entry (row, col) of X links row `row` of one side to
 * row `col` of the other, and only which side is which changes.
 */
function addSparseProduct(matrix: SparseRows, dense: DenseArray, width: number, out: DenseArray, transposed: boolean): void {
  const { rowStart, colIndex, values } = matrix;
  for (let row = 0; row < matrix.rows; row += 1) {
    const rowOffset = row * width;
    for (let entry = rowStart[row]!; entry < rowStart[row + 1]!; entry += 1) {
      const value = values[entry]!;
      const colOffset = colIndex[entry]! * width;
      const outOffset = transposed ? colOffset : rowOffset;
      const denseOffset = transposed ? rowOffset : colOffset;
      for (let c = 0; c < width; c += 1) out[outOffset + c]! += value * dense[denseOffset + c]!;
    }
  }
}

/**
 * X^T X M for X (rows x cols, sparse) and M (cols x width) -> cols x width, one row of X at a
 * time: the rows x width product X M is never held (for a vault, rows outnumber cols). Single
 * precision out, like sparseTransposeTimesDense; each row's X M is summed in double.
 */
export function sparseGramTimesDense(
  matrix: SparseRows,
  dense: DenseArray,
  width: number,
  out: Float32Array = new Float32Array(matrix.cols * width),
): Float32Array {
  if (out.buffer === dense.buffer) throw new Error('sparseGramTimesDense: out must not share memory with dense');
  out.fill(0, 0, matrix.cols * width);
  const { rowStart, colIndex, values } = matrix;
  const rowTimesDense = new Float64Array(width);
  for (let row = 0; row < matrix.rows; row += 1) {
    const start = rowStart[row]!;
    const end = rowStart[row + 1]!;
    rowTimesDense.fill(0);
    for (let entry = start; entry < end; entry += 1) {
      const value = values[entry]!;
      const denseOffset = colIndex[entry]! * width;
      for (let c = 0; c < width; c += 1) rowTimesDense[c]! += value * dense[denseOffset + c]!;
    }
    for (let entry = start; entry < end; entry += 1) {
      const value = values[entry]!;
      const outOffset = colIndex[entry]! * width;
      for (let c = 0; c < width; c += 1) out[outOffset + c]! += value * rowTimesDense[c]!;
    }
  }
  return out;
}

/**
 * A^T A for A (rows x width): width x width, symmetric. Four rows at a time, so the output
 * (which outgrows the cache at a few hundred columns) is swept a quarter as often.
 */
export function gramMatrix(dense: DenseArray, rows: number, width: number): Float64Array {
  const out = new Float64Array(width * width);
  let row = 0;
  for (; row + 3 < rows; row += 4) {
    const o0 = row * width;
    const o1 = o0 + width;
    const o2 = o1 + width;
    const o3 = o2 + width;
    for (let a = 0; a < width; a += 1) {
      const x0 = dense[o0 + a]!;
      const x1 = dense[o1 + a]!;
      const x2 = dense[o2 + a]!;
      const x3 = dense[o3 + a]!;
      const outOffset = a * width;
      for (let b = a; b < width; b += 1) {
        out[outOffset + b]! += x0 * dense[o0 + b]! + x1 * dense[o1 + b]! + x2 * dense[o2 + b]! + x3 * dense[o3 + b]!;
      }
    }
  }
  for (; row < rows; row += 1) {
    const offset = row * width;
    for (let a = 0; a < width; a += 1) {
      const left = dense[offset + a]!;
      const outOffset = a * width;
      for (let b = a; b < width; b += 1) out[outOffset + b]! += left * dense[offset + b]!;
    }
  }
  for (let a = 0; a < width; a += 1) for (let b = 0; b < a; b += 1) out[a * width + b] = out[b * width + a]!;
  return out;
}

/**
 * A (rows x inner) times B (inner x cols), with B given transposed (cols x inner) so that every
 * output is a dot product of two contiguous rows. Blocks of 4 rows x 2 columns keep eight sums
 * in registers: about twice the speed of the textbook loop order in V8.
 */
export function multiplyByTransposed<Out extends DenseArray = Float64Array>(
  left: DenseArray,
  rows: number,
  inner: number,
  rightT: Float64Array,
  cols: number,
  out: Out = new Float64Array(rows * cols) as Out,
): Out {
  if (out.buffer === left.buffer) throw new Error('multiplyByTransposed: out must not alias left');
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const a0 = r * inner;
    const a1 = a0 + inner;
    const a2 = a1 + inner;
    const a3 = a2 + inner;
    const o0 = r * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let c = 0;
    for (; c + 1 < cols; c += 2) {
      const b0 = c * inner;
      const b1 = b0 + inner;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0; // prettier-ignore
      for (let k = 0; k < inner; k += 1) {
        const x = rightT[b0 + k]!;
        const y = rightT[b1 + k]!;
        const p0 = left[a0 + k]!;
        const p1 = left[a1 + k]!;
        const p2 = left[a2 + k]!;
        const p3 = left[a3 + k]!;
        s00 += p0 * x;
        s01 += p0 * y;
        s10 += p1 * x;
        s11 += p1 * y;
        s20 += p2 * x;
        s21 += p2 * y;
        s30 += p3 * x;
        s31 += p3 * y;
      }
      out[o0 + c] = s00;
      out[o0 + c + 1] = s01;
      out[o1 + c] = s10;
      out[o1 + c + 1] = s11;
      out[o2 + c] = s20;
      out[o2 + c + 1] = s21;
      out[o3 + c] = s30;
      out[o3 + c + 1] = s31;
    }
    for (; c < cols; c += 1) {
      const b0 = c * inner;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let k = 0; k < inner; k += 1) {
        const x = rightT[b0 + k]!;
        s0 += left[a0 + k]! * x;
        s1 += left[a1 + k]! * x;
        s2 += left[a2 + k]! * x;
        s3 += left[a3 + k]! * x;
      }
      out[o0 + c] = s0;
      out[o1 + c] = s1;
      out[o2 + c] = s2;
      out[o3 + c] = s3;
    }
  }
  for (; r < rows; r += 1) {
    const a0 = r * inner;
    for (let c = 0; c < cols; c += 1) {
      const b0 = c * inner;
      let sum = 0;
      for (let k = 0; k < inner; k += 1) sum += left[a0 + k]! * rightT[b0 + k]!;
      out[r * cols + c] = sum;
    }
  }
  return out;
}

export interface SymmetricEigen {
  /** Descending. */
  values: Float64Array;
  /** Column j (row-major n x n) is the eigenvector of values[j]. */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric matrix: Householder reduction to tridiagonal form, then
 * the implicit QL algorithm (the EISPACK tred2/tql2 pair, as in JAMA). O(n^3); meant for the
 * small (a few hundred) matrices of the randomized SVD.
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  const v: Float64Array[] = [];
  for (let i = 0; i < n; i += 1) v.push(matrix.slice(i * n, i * n + n));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(v, d, e, n);
  diagonalize(v, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b]! - d[a]! || a - b);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = d[source]!;
    for (let k = 0; k < n; k += 1) vectors[k * n + target] = v[k]![source]!;
  });
  return { values, vectors };
}

function tridiagonalize(v: Float64Array[], d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j += 1) d[j] = v[n - 1]![j]!;
  for (let i = n - 1; i > 0; i -= 1) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k += 1) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j += 1) {
        d[j] = v[i - 1]![j]!;
        v[i]![j] = 0;
        v[j]![i] = 0;
      }
    } else {
      for (let k = 0; k < i; k += 1) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j += 1) e[j] = 0;
      for (let j = 0; j < i; j += 1) {
        f = d[j]!;
        v[j]![i] = f;
        g = e[j]! + v[j]![j]! * f;
        for (let k = j + 1; k <= i - 1; k += 1) {
          g += v[k]![j]! * d[k]!;
          e[k]! += v[k]![j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j += 1) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j += 1) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j += 1) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k += 1) v[k]![j]! -= f * e[k]! + g * d[k]!;
        d[j] = v[i - 1]![j]!;
        v[i]![j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i += 1) {
    v[n - 1]![i] = v[i]![i]!;
    v[i]![i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k += 1) d[k] = v[k]![i + 1]! / h;
      for (let j = 0; j <= i; j += 1) {
        let g = 0;
        for (let k = 0; k <= i; k += 1) g += v[k]![i + 1]! * v[k]![j]!;
        for (let k = 0; k <= i; k += 1) v[k]![j]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k += 1) v[k]![i + 1] = 0;
  }
  for (let j = 0; j < n; j += 1) {
    d[j] = v[n - 1]![j]!;
    v[n - 1]![j] = 0;
  }
  v[n - 1]![n - 1] = 1;
  e[0] = 0;
}

function diagonalize(v: Float64Array[], d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i += 1) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let largest = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l += 1) {
    largest = Math.max(largest, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n && Math.abs(e[m]!) > eps * largest) m += 1;
    if (m > l) {
      let iterations = 0;
      do {
        iterations += 1;
        if (iterations > 60) break; // converges in 2-3 in practice; never loop forever on bad input
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i += 1) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i -= 1) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          for (let k = 0; k < n; k += 1) {
            const row = v[k]!;
            h = row[i + 1]!;
            row[i + 1] = s * row[i]! + c * h;
            row[i] = c * row[i]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * largest);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

export interface TruncatedSvd {
  /**
   * B^T = X^T Q (cols x width, one row per column of X) for an orthonormal basis Q of X's range.
   * The right singular vectors are basis * combine * diag(1 / singularValues).
   */
  basis: Float32Array;
  width: number;
  /** width x rank: the eigenvectors of B B^T, best first. */
  combine: Float64Array;
  singularValues: Float64Array;
  rank: number;
}

export interface SvdOptions {
  /** Extra sketch columns beyond the rank; 10-20 is the usual advice. */
  oversample?: number;
  /** Power iterations on X X^T; each sharpens the smaller singular values. */
  iterations?: number;
  seed?: number;
}

/**
 * Truncated SVD of a sparse X by randomized subspace iteration (Halko, Martinsson & Tropp 2011,
 * algorithms 4.4 and 5.1), arranged so that every dense step with a squared width runs on the
 * row side (chunks), which is the smaller one for a vault: Q = orth((X X^T)^q G) for a Gaussian
 * G, then the small eigenproblem of B B^T with B = Q^T X.
 */
export function truncatedSvd(matrix: SparseRows, rank: number, options: SvdOptions = {}): TruncatedSvd {
  const maxWidth = Math.max(1, Math.min(rank + (options.oversample ?? 16), matrix.cols, matrix.rows));
  const iterations = options.iterations ?? 2;
  // Three buffers for the whole run: the row-side basis, a row-side scratch and the wide side.
  // Single precision, like the wide side: every sum is formed in double, and the small width x
  // width eigenproblems that orthonormalise stay in double.
  let range = gaussianMatrix(matrix.rows, maxWidth, seededRandom(options.seed ?? 1), new Float32Array(matrix.rows * maxWidth));
  let scratch = new Float32Array(matrix.rows * maxWidth);
  const wide = new Float32Array(matrix.cols * maxWidth);
  let width = maxWidth;
  // A Gaussian start is well conditioned already; orthonormalise only after products with X.
  for (let step = 0; step < iterations; step += 1) {
    sparseTimesDense(matrix, sparseTransposeTimesDense(matrix, range, width, wide), width, scratch);
    const whitened = orthonormalizeColumns(scratch, matrix.rows, width, range);
    width = whitened.width;
    range = whitened.dense;
  }
  if (iterations === 0) {
    [range, scratch] = [scratch, range];
    width = orthonormalizeColumns(scratch, matrix.rows, width, range).width;
  }
  const basis = sparseTransposeTimesDense(matrix, range, width, wide).subarray(0, matrix.cols * width);
  const eigen = symmetricEigen(gramMatrix(basis, matrix.cols, width), width);
  let outRank = Math.min(rank, width);
  while (outRank > 0 && !(eigen.values[outRank - 1]! > eigen.values[0]! * 1e-12)) outRank -= 1;
  const singularValues = new Float64Array(outRank);
  const combine = new Float64Array(width * outRank);
  for (let c = 0; c < outRank; c += 1) singularValues[c] = Math.sqrt(eigen.values[c]!);
  for (let a = 0; a < width; a += 1) for (let c = 0; c < outRank; c += 1) combine[a * outRank + c] = eigen.vectors[a * width + c]!;
  return { basis, width, combine, singularValues, rank: outRank };
}

/**
 * Replaces the columns of A (rows x width) by an orthonormal basis of their span, through the
 * eigen-decomposition of A^T A (whitening). Directions the columns barely span are dropped, so
 * the width can shrink.
 */
export function orthonormalizeColumns<Out extends DenseArray = Float64Array>(
  dense: DenseArray,
  rows: number,
  width: number,
  out: Out = new Float64Array(rows * width) as Out,
): { dense: Out; width: number } {
  const eigen = symmetricEigen(gramMatrix(dense, rows, width), width);
  const floor = Math.max(eigen.values[0]!, 0) * 1e-13;
  let kept = 0;
  while (kept < width && eigen.values[kept]! > floor) kept += 1;
  if (kept === 0) {
    out.fill(0, 0, rows);
    return { dense: out, width: 1 };
  }
  // Stored transposed (kept x width) for multiplyByTransposed.
  const whitenT = new Float64Array(kept * width);
  for (let b = 0; b < kept; b += 1) {
    const scale = 1 / Math.sqrt(eigen.values[b]!);
    for (let a = 0; a < width; a += 1) whitenT[b * width + a] = eigen.vectors[a * width + b]! * scale;
  }
  return { dense: multiplyByTransposed(dense, rows, width, whitenT, kept, out), width: kept };
}

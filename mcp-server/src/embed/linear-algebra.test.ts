import { describe, expect, it } from 'vitest';
import {
  gramMatrix,
  multiplyByTransposed,
  orthonormalizeColumns,
  seededRandom,
  sparseGramTimesDense,
  sparseTimesDense,
  sparseTransposeTimesDense,
  symmetricEigen,
  truncatedSvd,
  type SparseRows,
} from './linear-algebra';

function sparse(rows: number[][]): SparseRows {
  const rowStart = [0];
  const colIndex: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    row.forEach((value, col) => {
      if (value !== 0) {
        colIndex.push(col);
        values.push(value);
      }
    });
    rowStart.push(colIndex.length);
  }
  return {
    rows: rows.length,
    cols: rows[0]!.length,
    rowStart: Int32Array.from(rowStart),
    colIndex: Int32Array.from(colIndex),
    values: Float64Array.from(values),
  };
}

describe('dense and sparse products', () => {
  const x = sparse([
    [1, 0, 2],
    [0, 3, 0],
  ]);
  it('multiplies sparse by dense and its transpose by dense', () => {
    const m = Float64Array.from([1, 2, 3, 4, 5, 6]); // 3 x 2
    expect(Array.from(sparseTimesDense(x, m, 2))).toEqual([11, 14, 9, 12]);
    const y = Float64Array.from([1, 2, 3, 4]); // 2 x 2
    expect(Array.from(sparseTransposeTimesDense(x, y, 2))).toEqual([1, 2, 9, 12, 2, 4]);
  });

  it('forms A^T A and A B^T', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // 5 x 2: exercises the 4-row block and the tail
    expect(Array.from(gramMatrix(a, 5, 2))).toEqual([165, 190, 190, 220]);
    const bT = Float64Array.from([1, 0, 0, 1, 1, 1]); // B^T is 3 x 2
    expect(Array.from(multiplyByTransposed(a, 5, 2, bT, 3))).toEqual([1, 2, 3, 3, 4, 7, 5, 6, 11, 7, 8, 15, 9, 10, 19]);
  });

  it('forms X^T X M a row at a time, with 16-bit column ids too', () => {
    const m = Float64Array.from([1, 2, 3, 4, 5, 6]); // 3 x 2; X M = [[11, 14], [9, 12]]
    expect(Array.from(sparseGramTimesDense(x, m, 2))).toEqual([11, 14, 27, 36, 22, 28]);
    const narrow: SparseRows = { ...x, colIndex: Uint16Array.from(x.colIndex) };
    expect(Array.from(sparseGramTimesDense(narrow, m, 2))).toEqual([11, 14, 27, 36, 22, 28]);
  });

  it('refuses to write X^T X M over M, which it still reads', () => {
    const m = new Float32Array(8);
    expect(() => sparseGramTimesDense(x, m.subarray(0, 6), 2, m.subarray(2, 8))).toThrow(/share memory/);
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenpairs of a symmetric matrix, largest first', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect(Array.from(values).map((v) => Number(v.toFixed(10)))).toEqual([5, 3, 1]);
    // A v = lambda v for every column.
    const a = [2, 1, 0, 1, 2, 0, 0, 0, 5];
    for (let c = 0; c < 3; c += 1) {
      for (let r = 0; r < 3; r += 1) {
        let av = 0;
        for (let k = 0; k < 3; k += 1) av += a[r * 3 + k]! * vectors[k * 3 + c]!;
        expect(av).toBeCloseTo(values[c]! * vectors[r * 3 + c]!, 10);
      }
    }
  });
});

describe('orthonormalizeColumns', () => {
  it('returns orthonormal columns spanning the same space, dropping a dependent one', () => {
    // Third column = first + second.
    const a = Float64Array.from([1, 0, 1, 1, 1, 2, 0, 1, 1, 2, 0, 2]); // 4 x 3
    const { dense, width } = orthonormalizeColumns(a, 4, 3);
    expect(width).toBe(2);
    const gram = gramMatrix(dense, 4, width);
    expect(gram[0]).toBeCloseTo(1, 10);
    expect(gram[1]).toBeCloseTo(0, 10);
    expect(gram[3]).toBeCloseTo(1, 10);
  });
});

describe('truncatedSvd', () => {
  it('recovers the singular values and right singular vectors of a low-rank matrix', () => {
    // X = U diag(10, 4, 1) V^T with random orthonormal-ish U, V: build from three rank-one terms.
    const random = seededRandom(7);
    const rows = 40;
    const cols = 25;
    const unit = (n: number) => {
      const v = Array.from({ length: n }, () => random() - 0.5);
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    };
    // Gram-Schmidt three vectors on each side.
    const orth = (n: number) => {
      const basis: number[][] = [];
      while (basis.length < 3) {
        let v = unit(n);
        for (const b of basis) {
          const dot = v.reduce((s, x, i) => s + x * b[i]!, 0);
          v = v.map((x, i) => x - dot * b[i]!);
        }
        const norm = Math.hypot(...v);
        basis.push(v.map((x) => x / norm));
      }
      return basis;
    };
    const u = orth(rows);
    const v = orth(cols);
    const sigma = [10, 4, 1];
    const dense = Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => sigma.reduce((s, sv, k) => s + sv * u[k]![r]! * v[k]![c]!, 0)),
    );
    const svd = truncatedSvd(sparse(dense), 2, { oversample: 4, iterations: 2, seed: 3 });
    expect(svd.rank).toBe(2);
    expect(svd.singularValues[0]).toBeCloseTo(10, 6);
    expect(svd.singularValues[1]).toBeCloseTo(4, 6);
    // Right singular vector 1 = basis * combine[:, 0] / sigma_1, equal to +-v[0].
    const right = Array.from({ length: cols }, (_, f) => {
      let sum = 0;
      for (let a = 0; a < svd.width; a += 1) sum += svd.basis[f * svd.width + a]! * svd.combine[a * svd.rank]!;
      return sum / svd.singularValues[0]!;
    });
    const alignment = Math.abs(right.reduce((s, x, i) => s + x * v[0]![i]!, 0));
    expect(alignment).toBeCloseTo(1, 5);
  });

  it('is deterministic for a seed', () => {
    const x = sparse([
      [1, 2, 0, 0],
      [0, 1, 3, 0],
      [4, 0, 0, 1],
      [0, 0, 2, 2],
    ]);
    const first = truncatedSvd(x, 2, { seed: 5 });
    const second = truncatedSvd(x, 2, { seed: 5 });
    expect(Array.from(second.singularValues)).toEqual(Array.from(first.singularValues));
    expect(Array.from(second.basis)).toEqual(Array.from(first.basis));
  });
});
